// The one contract between the engine and every UI: command names, argument schemas, result
// types, the event batch and the wire shapes. Electron IPC, the preload bridge, the browser-mode
// WebSocket and the renderer bridge are all derived from this module; nothing re-declares it.

import { z } from 'zod';
import {
  behaviourSchema,
  faultsSchema,
  NO_FAULTS,
  payloadSpecSchema,
  USER_INPUT_ISSUE,
} from './behaviours';
import { appError, fail, ok, type Result } from './errors';
import {
  DEFAULT_LISTEN_HOST,
  LISTEN_HOSTS,
  PROTOCOLS,
  type CaptureLimits,
  type Chunk,
  type ConnectionInfo,
  type EngineStats,
  type EventBatch,
  type CaptureSettings,
  type CaptureSummary,
  type ListenerInfo,
} from './model';
import type { MachineSnapshot } from './machine';
import type { Workspace } from './workspace';
import { captureIdSchema } from './capture-id';
import { diagnoseRequestSchema } from './diagnosis/diagnose-request';
import type { Diagnosis } from './diagnosis/diagnosis';
import type { ComparePage } from './compare/compare-page';
import { DECODER_NAMES } from './decoders/types';
import { replayRequestSchema } from './replay';
import {
  exportRequestSchema,
  importRequestSchema,
  type ExportOutcome,
  type ImportOutcome,
} from './transfer';

/** Largest byte range one readPayload call returns; views page through bigger payloads. */
export const MAX_READ_BYTES = 1024 * 1024;
/** Largest page of connections or chunks one call returns. */
export const MAX_PAGE = 5000;
/**
 * Largest compressed body `decompress` accepts, and the most it returns. Both travel as base64 in
 * one transport message, so they stay well inside browser mode's 1 MiB inbound frame limit and
 * its send-buffer bounds (the Decoded view shows at most 64 KiB of a body anyway).
 */
export const MAX_COMPRESSED_BYTES = 512 * 1024;
export const MAX_DECOMPRESSED_BYTES = 4 * 1024 * 1024;

const returns = <R>(): R => undefined as unknown as R;

function command<S extends z.ZodType, R>(args: S, result: R) {
  return { args, result };
}

const id = z.string().min(1).max(64);
const connectionId = z.number().int().positive();
const port = z.number().int().min(0).max(65535);
const direction = z.enum(['in', 'out']);
const byteCount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const empty = z.object({}).strict();
const captureId = captureIdSchema;
/** Which capture a read looks at: a past one by id, or (omitted) the one being recorded. */
const inCapture = { capture: captureId.optional() };
const decoder = z.enum(DECODER_NAMES).nullable().default(null);

const commands = {
  /**
   * Open a TCP or UDP port with a behaviour (capture by default). Bind failures return an error
   * (with who holds the port and the next free one, where known) and leave a "failed" listener
   * to retry.
   */
  openListener: command(
    z
      .object({
        protocol: z.enum(PROTOCOLS).default('tcp'),
        host: z.enum(LISTEN_HOSTS).default(DEFAULT_LISTEN_HOST),
        port,
        behaviour: behaviourSchema.default({ kind: 'capture' }),
        faults: faultsSchema.default(NO_FAULTS),
      })
      .strict(),
    returns<ListenerInfo>(),
  ),
  /**
   * Open a closed or failed listener again: on the port it last had, or on `port` (the
   * one-click "use the next free port" after PORT_IN_USE).
   */
  reopenListener: command(
    z.object({ id, port: port.min(1).optional() }).strict(),
    returns<ListenerInfo>(),
  ),
  /**
   * Change what a port does, while it stays open. New connections (UDP: new datagrams) get the
   * new behaviour; each existing connection keeps the one it began with.
   */
  setBehaviour: command(
    z.object({ id, behaviour: behaviourSchema, faults: faultsSchema.default(NO_FAULTS) }).strict(),
    returns<ListenerInfo>(),
  ),
  /** Stop accepting and end the port's connections; they stay in history. */
  closeListener: command(z.object({ id }).strict(), returns<ListenerInfo>()),
  /** Forget a closed or failed listener (its connections stay in history). */
  removeListener: command(z.object({ id }).strict(), returns<null>()),
  /** The ports of the running engine, or those a past capture recorded (read-only). */
  listListeners: command(z.object(inCapture).strict(), returns<ListenerInfo[]>()),
  /**
   * Connections in id order, paged: pass the last id seen as afterId. `beforeId` bounds the ids
   * from above. `newest` answers with the last `limit` of the range instead of the first (still
   * in id order, with nextAfterId null): a view that shows the newest first asks for those, then
   * for the rest below the first id it got.
   */
  listConnections: command(
    z
      .object({
        ...inCapture,
        afterId: z.number().int().min(0).default(0),
        beforeId: z.number().int().min(1).optional(),
        newest: z.boolean().default(false),
        limit: z.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
      })
      .strict(),
    returns<{ connections: ConnectionInfo[]; nextAfterId: number | null }>(),
  ),
  getConnection: command(
    z.object({ ...inCapture, id: connectionId }).strict(),
    returns<ConnectionInfo>(),
  ),
  /** Chunk records of one connection, both directions in arrival order. */
  readChunks: command(
    z
      .object({
        ...inCapture,
        connectionId,
        from: z.number().int().min(0),
        count: z.number().int().min(1).max(MAX_PAGE),
      })
      .strict(),
    returns<Chunk[]>(),
  ),
  /**
   * Captured bytes of one direction, by byte offset within that direction. The range is clipped
   * to what was captured; `data` is base64.
   */
  readPayload: command(
    z
      .object({
        ...inCapture,
        connectionId,
        direction,
        offset: z.number().int().min(0),
        length: byteCount.max(MAX_READ_BYTES),
      })
      .strict(),
    returns<{ offset: number; length: number; data: string }>(),
  ),
  /**
   * Talk back: send bytes to a live TCP client or UDP peer. Recorded as outbound like any other
   * bytes the port sends.
   */
  sendData: command(
    z.object({ connectionId, data: payloadSpecSchema }).strict(),
    returns<{ bytes: number }>(),
  ),
  /**
   * Connections whose captured bytes contain `pattern`, in id order after `afterId`. Each call
   * scans a bounded amount (so it never blocks the engine long): continue from `nextAfterId`
   * until it is null.
   */
  findConnections: command(
    z
      .object({
        ...inCapture,
        pattern: payloadSpecSchema,
        direction: z.enum(['in', 'out', 'both']).default('both'),
        afterId: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
      })
      .strict(),
    returns<{ ids: number[]; nextAfterId: number | null; scannedBytes: number }>(),
  ),
  /** Offsets of `pattern` in one direction's captured bytes, from `from` on (find next). */
  findInPayload: command(
    z
      .object({
        ...inCapture,
        connectionId,
        direction,
        pattern: payloadSpecSchema,
        from: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(MAX_PAGE).default(1000),
      })
      .strict(),
    returns<{ offsets: number[]; complete: boolean; patternLength: number }>(),
  ),
  /**
   * Undo a Content-Encoding (gzip, deflate, br) on bytes the renderer already has; runs on the
   * engine's zlib thread pool, off every UI thread. Output is cut at MAX_DECOMPRESSED_BYTES.
   */
  decompress: command(
    z
      .object({
        encoding: z.enum(['gzip', 'deflate', 'br']),
        data: z.string().max(Math.ceil((MAX_COMPRESSED_BYTES * 4) / 3) + 4),
      })
      .strict(),
    returns<{ data: string; truncated: boolean }>(),
  ),
  /** End one connection: 'close' flushes and sends FIN, 'reset' aborts with RST at once. */
  closeConnection: command(
    z.object({ id: connectionId, mode: z.enum(['close', 'reset']).default('close') }).strict(),
    returns<ConnectionInfo>(),
  ),
  /**
   * Send a connection's client side again (as recorded, or edited) to its port or another
   * target. Answers with the replay's own connection, which is live from then on.
   */
  replayConnection: command(replayRequestSchema, returns<ConnectionInfo>()),
  /** Forget every closed connection. Open ones stay. */
  clearHistory: command(empty, returns<null>()),
  setLimits: command(
    z
      .object({
        perConnectionBytes: byteCount.optional(),
        totalBytes: byteCount.optional(),
        maxConnections: byteCount.optional(),
      })
      .strict(),
    returns<CaptureLimits>(),
  ),
  getStats: command(empty, returns<EngineStats>()),
  /**
   * A currently free port: any high port, or with `after`, the first free one above it (on
   * every address the host binds, for that protocol).
   */
  suggestPort: command(
    z
      .object({
        protocol: z.enum(PROTOCOLS).default('tcp'),
        host: z.enum(LISTEN_HOSTS).default(DEFAULT_LISTEN_HOST),
        after: port.optional(),
      })
      .strict(),
    returns<{ port: number }>(),
  ),
  /** Every capture in the data folder, newest first (the running one included). */
  listCaptures: command(empty, returns<CaptureSummary[]>()),
  /** Give a capture a name (an empty name clears it). */
  renameCapture: command(
    z.object({ capture: captureId, name: z.string().trim().max(120) }).strict(),
    returns<CaptureSummary>(),
  ),
  /** Delete a past capture's files for good (not the running one: CAPTURE_IN_USE). */
  deleteCapture: command(z.object({ capture: captureId }).strict(), returns<null>()),
  /**
   * End the running capture and start a new one; ports stay open. Connections still open finish
   * in the capture they began in; the live view starts empty of closed connections. Memory-only:
   * forgets closed connections, and `capture` is null.
   */
  newCapture: command(empty, returns<{ capture: CaptureSummary | null }>()),
  getSettings: command(empty, returns<CaptureSettings>()),
  /** Change settings; they are kept in the data folder. `persist` applies from the next capture. */
  setSettings: command(
    z
      .object({
        persist: z.boolean().optional(),
        keepCaptures: z.number().int().min(1).max(10_000).optional(),
        keepBytes: z
          .number()
          .int()
          .min(1024 * 1024)
          .max(Number.MAX_SAFE_INTEGER)
          .optional(),
      })
      .strict(),
    returns<CaptureSettings>(),
  ),
  /** The ports as a workspace file's contents (what Porthole remembers between starts). */
  exportWorkspace: command(empty, returns<Workspace>()),
  /**
   * Add a workspace's ports (closed, ready to open; those marked "open at start" are opened).
   * The file is checked whole first: a bad one is refused (WORKSPACE_INVALID, naming the field)
   * and nothing is added. Ports already listed with the same protocol, host and port are updated.
   */
  importWorkspace: command(
    z.object({ workspace: z.unknown() }).strict(),
    returns<ListenerInfo[]>(),
  ),
  /** Whether a port opens by itself when Porthole starts. */
  setOpenAtStart: command(
    z.object({ id, openAtStart: z.boolean() }).strict(),
    returns<ListenerInfo>(),
  ),
  /**
   * Export a capture (the running one, or a past one) as pcapng, HAR or raw bytes. Answered by
   * the host, not the engine: the desktop app asks where to save and writes the file; browser
   * mode answers with a one-time download address. Progress shows in `stats.transfers`.
   */
  exportCapture: command(exportRequestSchema, returns<ExportOutcome>()),
  /**
   * Import a pcap or pcapng file as a new, read-only capture. Answered by the host: the desktop
   * app opens its dialog (or takes a dropped file); browser mode answers with a one-time upload
   * address and the size limit. Progress shows in `stats.transfers`.
   */
  importCapture: command(importRequestSchema, returns<ImportOutcome>()),
  /** Stop an export or import that is running; nothing of a cancelled import is kept. */
  cancelTransfer: command(z.object({ id }).strict(), returns<null>()),
  /**
   * This machine's listening TCP and bound UDP sockets: address, exposure, the process holding
   * each (Porthole's own marked) and the connections to it. Read from the OS on each call (two
   * calls within a second share one reading); bounded in time, partial rather than late.
   */
  listMachineSockets: command(empty, returns<MachineSnapshot>()),
  /**
   * Check a target step by step (name, listener, connect, TLS, HTTP) and say what is wrong. One
   * connect, one handshake and one request per address, each bounded in time; a target off this
   * machine needs `allowRemote` (else DIAGNOSE_TARGET_REMOTE, and nothing is sent).
   */
  diagnoseConnection: command(diagnoseRequestSchema, returns<Diagnosis>()),
  /**
   * Compare two connections next to their bytes: starts a job in an engine worker thread and
   * answers at once with its id. Both directions are compared (as `decoder` messages too, when
   * given); `cut` when a side is longer than MAX_COMPARE_BYTES. At most two jobs are kept.
   */
  compareConnections: command(
    z.object({ ...inCapture, a: connectionId, b: connectionId, decoder }).strict(),
    returns<{ job: string; cut: boolean }>(),
  ),
  /**
   * One direction of a job, from change `from` on: answers once there is news since the answer
   * whose `version` is `seen` (the first difference, changes, counts, messages), or after a
   * short wait as it is. Up to MAX_CHANGES_PAGE changes an answer.
   */
  compareChanges: command(
    z
      .object({
        job: id,
        direction,
        from: z.number().int().min(0).default(0),
        seen: z.number().int().min(0).optional(),
      })
      .strict(),
    returns<ComparePage>(),
  ),
  /** Stop a compare job and let go of what it holds (the view was closed). */
  cancelCompare: command(z.object({ job: id }).strict(), returns<null>()),
} as const;

type Commands = typeof commands;
export type CommandName = keyof Commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

/** What a caller passes (defaults may be omitted). */
export type CommandArgs<K extends CommandName> = z.input<Commands[K]['args']>;
/** What a handler receives after validation (defaults filled in). */
type ParsedArgs<K extends CommandName> = z.output<Commands[K]['args']>;
export type CommandResult<K extends CommandName> = Commands[K]['result'];

export type BatchListener = (batch: EventBatch) => void;

/** The API every renderer bridge provides, whatever the transport. */
export type PortholeApi = {
  readonly [K in CommandName]: (args: CommandArgs<K>) => Promise<Result<CommandResult<K>>>;
} & {
  /** Subscribe to event batches; returns the unsubscribe function. */
  readonly onBatch: (listener: BatchListener) => () => void;
  /**
   * Desktop only: import a File dropped on the window. The preload script finds its path, so
   * the page never sees it. (A File is a DOM type, which shared/ does not know: hence unknown.)
   */
  readonly importDroppedFile?: (file: unknown) => Promise<Result<ImportOutcome>>;
  /**
   * Desktop only: follow the native menu. The listener gets the chosen item's shortcut id
   * (shared/shortcuts.ts; the page checks it); returns the unsubscribe function.
   */
  readonly onMenuCommand?: (listener: (command: string) => void) => () => void;
};

/** Handlers: validated arguments in, result envelope out. */
export type CommandHandlers = {
  readonly [K in CommandName]: (
    args: ParsedArgs<K>,
  ) => Result<CommandResult<K>> | Promise<Result<CommandResult<K>>>;
};

/**
 * Commands the host answers rather than the engine, because where a file comes from or goes to
 * is the host's business (native dialogs on the desktop, HTTP in browser mode).
 */
export type HostCommandName = 'exportCapture' | 'importCapture';
export type HostHandlers = Pick<CommandHandlers, HostCommandName>;
/** What the engine implements: every other command. */
export type EngineHandlers = Omit<CommandHandlers, HostCommandName>;

function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

/** Validate raw arguments for a command; port problems get their own code. */
function parseArgs<K extends CommandName>(name: K, raw: unknown): Result<ParsedArgs<K>> {
  const parsed = commands[name].args.safeParse(raw ?? {});
  if (parsed.success) return ok(parsed.data as ParsedArgs<K>);
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  // Values a person typed (payloads, headers, hosts) are answered in their words, not as a bug.
  if (issue?.code === 'custom' && issue.params?.[USER_INPUT_ISSUE] === true) {
    return fail(appError('INVALID_INPUT', { detail: issue.message }));
  }
  if (path === 'port') {
    const value = (raw as { port?: unknown } | null)?.port;
    return fail(appError('INVALID_PORT', { detail: describeValue(value) }));
  }
  return fail(
    appError('INVALID_ARGUMENT', {
      detail: `${name}${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`,
    }),
  );
}

/**
 * A value from the other side, in a few words, for an error message. Never stringified whole:
 * it may be nested 200,000 deep (a stack overflow) or carry a toString that is not a function.
 */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 64));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}

async function runCommand(
  handlers: EngineHandlers & Partial<HostHandlers>,
  name: unknown,
  rawArgs: unknown,
  onInternalError?: (error: unknown) => void,
): Promise<Result<unknown>> {
  if (!isCommandName(name)) {
    return fail(appError('UNKNOWN_COMMAND', { detail: describeValue(name) }));
  }
  const args = parseArgs(name, rawArgs);
  if (!args.ok) return args;
  const handler = (handlers as Partial<CommandHandlers>)[name] as
    ((a: unknown) => Result<unknown> | Promise<Result<unknown>>) | undefined;
  // Export and import belong to a host; an engine driven without one (tests) has neither.
  if (handler === undefined) {
    return fail(appError('UNKNOWN_COMMAND', { detail: `${name} (not available here)` }));
  }
  try {
    return await handler(args.value);
  } catch (error) {
    onInternalError?.(error);
    return fail(appError('INTERNAL', { detail: errorText(error) }));
  }
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : describeValue(error);
  } catch {
    return 'an error that could not be described';
  }
}

/**
 * Run one command through the single guard every transport uses: name check, schema parse,
 * handler, and a result envelope whatever happens — a throwing handler, and input that makes
 * the checks themselves fail (nesting deep enough to overflow the stack in the schema).
 */
export async function dispatchCommand(
  handlers: EngineHandlers & Partial<HostHandlers>,
  name: unknown,
  rawArgs: unknown,
  onInternalError?: (error: unknown) => void,
): Promise<Result<unknown>> {
  try {
    return await runCommand(handlers, name, rawArgs, onInternalError);
  } catch (error) {
    // Only the checks can get here (the handler's own throws are caught above): the input was
    // beyond what they can look at, which is the caller's problem, not Porthole's.
    return fail(appError('INVALID_ARGUMENT', { detail: `unreadable input (${errorText(error)})` }));
  }
}

// ---- Electron IPC channel names (derived, never written by hand elsewhere) ----

export const IPC_BATCH_CHANNEL = 'porthole:batch';
export function ipcCommandChannel(name: CommandName): string {
  return `porthole:command:${name}`;
}

// ---- Desktop menu → page (main sends, the preload's onMenuCommand listens) ----

/** The native menu's chosen item, as a shortcut id; main → page only, never page → main. */
export const IPC_MENU_CHANNEL = 'porthole:menu';

// ---- Browser-mode WebSocket wire format ----

export interface WireCall {
  readonly type: 'call';
  readonly id: number;
  readonly name: string;
  readonly args: unknown;
}

export type WireServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'batch'; readonly batch: EventBatch };

export const wireCallSchema = z
  .object({
    type: z.literal('call'),
    id: z.number().int().min(0),
    name: z.string().max(64),
    args: z.unknown(),
  })
  .strict();

export type { Result };
