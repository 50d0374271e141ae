// What a port does with what arrives, and the faults it injects: the schemas the contract
// validates with and the types derived from them (one declaration, no copies).

import { z } from 'zod';
import { parsePayloadSpec, PAYLOAD_FORMATS } from './payload-spec';

/** Marks a schema issue as the user's input (shown as-is), not a caller bug. */
export const USER_INPUT_ISSUE = 'porthole-user-input';

function userIssue(ctx: z.RefinementCtx, message: string, path: (string | number)[] = []): void {
  ctx.addIssue({ code: 'custom', message, path, params: { [USER_INPUT_ISSUE]: true } });
}

/** Up to 1 MiB of typed text or hex; larger payloads belong in a file, not a form. */
export const MAX_PAYLOAD_CHARS = 2 * 1024 * 1024;

export const payloadSpecSchema = z
  .object({ format: z.enum(PAYLOAD_FORMATS), value: z.string().max(MAX_PAYLOAD_CHARS) })
  .strict()
  .superRefine((spec, ctx) => {
    const parsed = parsePayloadSpec(spec);
    if (!parsed.ok) userIssue(ctx, `${parsed.message} (at character ${parsed.position + 1})`);
  });

/** RFC 9110 token characters: what a header name may contain. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const headerSchema = z
  .tuple([z.string().max(256), z.string().max(8192)])
  .superRefine(([name, value], ctx) => {
    if (!HEADER_NAME.test(name)) userIssue(ctx, `"${name}" is not a valid header name.`, [0]);
    if (/[\r\n\0]/.test(value)) {
      userIssue(ctx, `The value of ${name} contains a line break; headers are one line each.`, [1]);
    }
  });

/** Hostnames and IP literals for a relay upstream or a replay target. */
export const upstreamHost = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .superRefine((host, ctx) => {
    if (/[\s/\\?#@]/.test(host)) userIssue(ctx, `"${host}" is not a host name or IP address.`);
  });

export const DEFAULT_RELAY_TIMEOUT_MS = 5000;

/** A mock's answers: after each turn of the client's bytes, or at the recorded times. */
export const MOCK_TIMINGS = ['turns', 'schedule'] as const;

export const behaviourSchema = z.discriminatedUnion('kind', [
  /** Record, send nothing. */
  z.object({ kind: z.literal('capture') }).strict(),
  /** Send back what arrives (TCP: the byte stream; UDP: each datagram to its sender). */
  z.object({ kind: z.literal('echo') }).strict(),
  /**
   * Send a configured payload when a client connects (TCP) and/or for every chunk or datagram
   * received; optionally close after the first reply.
   */
  z
    .object({
      kind: z.literal('reply'),
      onConnect: payloadSpecSchema.nullable().default(null),
      onData: payloadSpecSchema.nullable().default(null),
      closeAfterReply: z.boolean().default(false),
    })
    .strict(),
  /** Answer each HTTP/1.x request with one configured response. TCP only. */
  z
    .object({
      kind: z.literal('http'),
      status: z.number().int().min(100).max(599).default(200),
      /** Empty: the standard reason phrase for the status. */
      reason: z
        .string()
        .max(128)
        .default('')
        .refine((r) => !/[\r\n\0]/.test(r), 'The reason phrase must be one line.'),
      headers: z.array(headerSchema).max(100).default([]),
      body: payloadSpecSchema.default({ format: 'text', value: '' }),
    })
    .strict(),
  /** Forward every connection (or datagram) to host:port and record both directions. */
  z
    .object({
      kind: z.literal('relay'),
      host: upstreamHost,
      port: z.number().int().min(1).max(65535),
      connectTimeoutMs: z.number().int().min(100).max(120_000).default(DEFAULT_RELAY_TIMEOUT_MS),
    })
    .strict(),
  /**
   * Answer like a recorded connection: every new client gets that connection's server side,
   * turn by turn — after the client's bytes of each turn, or on the recorded schedule — so a
   * recording becomes a fake service. Where a client first sends something different, that
   * point is marked on its connection; it carries on, or is reset there.
   */
  z
    .object({
      kind: z.literal('mock'),
      connectionId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      timing: z.enum(MOCK_TIMINGS).default('turns'),
      onDivergence: z.enum(['continue', 'reset']).default('continue'),
    })
    .strict(),
]);

export type BehaviourConfig = z.output<typeof behaviourSchema>;
export type BehaviourInput = z.input<typeof behaviourSchema>;
export type BehaviourKind = BehaviourConfig['kind'];

const byteCount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Faults for testing clients. Delay, throttle and split shape what the port sends (replies,
 * echoes, and in a relay both forwarding directions); the reset line counts the bytes of the
 * client connection both ways. UDP ports support only delayMs.
 */
export const faultsSchema = z
  .object({
    /** Wait this long before each reply or forward. */
    delayMs: z.number().int().min(0).max(600_000).default(0),
    /** Send at most this many bytes per second (null: as fast as the socket takes them). */
    bytesPerSecond: byteCount.nullable().default(null),
    /** Cut each write into pieces of this many bytes, sent as separate writes. */
    splitBytes: byteCount.nullable().default(null),
    /**
     * Reset (RST) the client once this many bytes have passed, both directions counted; 0
     * resets it as soon as it connects.
     */
    resetAfterBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
  })
  .strict();

export type FaultConfig = z.output<typeof faultsSchema>;
export type FaultInput = z.input<typeof faultsSchema>;

export const NO_FAULTS: FaultConfig = {
  delayMs: 0,
  bytesPerSecond: null,
  splitBytes: null,
  resetAfterBytes: null,
};

export const CAPTURE: BehaviourConfig = { kind: 'capture' };

export function hasFaults(faults: FaultConfig): boolean {
  return (
    faults.delayMs > 0 ||
    faults.bytesPerSecond !== null ||
    faults.splitBytes !== null ||
    faults.resetAfterBytes !== null
  );
}

/** Why a behaviour or fault cannot run on a protocol, or null when it can. */
export function unsupportedOn(
  protocol: 'tcp' | 'udp',
  behaviour: BehaviourConfig,
  faults: FaultConfig,
): string | null {
  if (protocol === 'tcp') return null;
  if (behaviour.kind === 'http') return 'The HTTP responder needs a TCP port.';
  if (behaviour.kind === 'reply' && behaviour.onConnect !== null) {
    return 'UDP has no connect: use "reply to each datagram" instead of "on connect".';
  }
  if (behaviour.kind === 'mock' && behaviour.timing === 'schedule') {
    return 'A UDP mock answers each datagram; the recorded schedule needs a TCP port.';
  }
  if (
    faults.bytesPerSecond !== null ||
    faults.splitBytes !== null ||
    faults.resetAfterBytes !== null
  ) {
    return 'UDP ports support only the delay fault (throttle, split and reset are TCP stream faults).';
  }
  return null;
}

/** One line describing a behaviour, for lists and the connection header. */
export function describeBehaviour(behaviour: BehaviourConfig): string {
  switch (behaviour.kind) {
    case 'capture':
      return 'Capture';
    case 'echo':
      return 'Echo';
    case 'reply':
      return 'Fixed reply';
    case 'http':
      return `HTTP ${behaviour.status}`;
    case 'relay': {
      const host = behaviour.host.includes(':') ? `[${behaviour.host}]` : behaviour.host;
      return `Relay → ${host}:${behaviour.port}`;
    }
    case 'mock':
      return `Answer like #${behaviour.connectionId}`;
  }
}
