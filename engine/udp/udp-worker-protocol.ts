// Messages between the engine thread and the UDP worker thread (udp-worker.ts), which owns every
// UDP port's sockets: it reads them (so a pause of the engine thread — GC, a frame's work — no
// longer leaves datagrams in the kernel's buffer, where a burst overflows it) and sends on the
// engine's behalf. Both directions travel in blocks: one message carries many datagrams.
//
// Received datagrams are written by the worker into slots of memory both threads share, and the
// message only names the slot. The engine hands a slot back once it has recorded what was in it,
// and the worker fills the lowest free slot next. So memory is reused while warm: a fresh block
// per message cost a page fault per 4 KiB and was a fifth of the worker's time in a burst, and
// with the lowest slot first a port that keeps up touches one or two slots, not all of them.

/** The receive slots: how many, and what each holds at most. */
export const SLOTS = 64;
/** Larger than any datagram (65,535 bytes), so one always fits in an empty slot. */
export const SLOT_BYTES = 512 * 1024;
export const SLOT_DATAGRAMS = 512;

/**
 * What the worker may have handed over that the engine has not taken yet: every slot (so also
 * at most SLOTS × SLOT_DATAGRAMS datagrams). Beyond that it stops reading until the engine
 * catches up, and the kernel's buffer (then the OS, counted as drops) takes over: memory stays
 * bounded however long the engine is stuck.
 */
export const MAX_IN_FLIGHT_BYTES = SLOTS * SLOT_BYTES;

/** Fields per datagram in a slot's table. */
export const RECEIVED_FIELDS = 5;
export const SENT_FIELDS = 4;

/** Shared flow control (an Int32Array over a SharedArrayBuffer given as workerData). */
export const FLOW = {
  /** Slots the engine has handed back so far (wraps around): the worker waits on it. */
  released: 0,
  /** Set to 1 when the engine lets the worker go: stop waiting for it. */
  stop: 1,
  /** From here, one entry per slot: 1 while the engine holds it, 0 when free. */
  slots: 2,
  length: 2 + SLOTS,
} as const;

/** The memory the worker and the engine share, created by the engine for each worker. */
export interface UdpWorkerData {
  /** FLOW.length Int32 entries. */
  readonly flow: SharedArrayBuffer;
  /** SLOTS × SLOT_BYTES: the datagrams' bytes, one after another in each slot. */
  readonly slotBytes: SharedArrayBuffer;
  /** SLOTS × SLOT_DATAGRAMS × RECEIVED_FIELDS Float64 entries: each datagram's row. */
  readonly slotTables: SharedArrayBuffer;
}

/** Fresh shared memory for one worker. */
export function udpWorkerMemory(): UdpWorkerData {
  return {
    flow: new SharedArrayBuffer(FLOW.length * Int32Array.BYTES_PER_ELEMENT),
    slotBytes: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
    slotTables: new SharedArrayBuffer(
      SLOTS * SLOT_DATAGRAMS * RECEIVED_FIELDS * Float64Array.BYTES_PER_ELEMENT,
    ),
  };
}

/** What is kept of a failed operation's Error, so the engine can rebuild an equal one. */
export interface ErrorFields {
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly address?: string;
  readonly port?: number;
}

export type ToUdpWorker =
  | {
      readonly type: 'bind';
      readonly request: number;
      readonly address: string;
      readonly v6: boolean;
      readonly port: number;
    }
  /**
   * Datagrams to send, in order: for each, [socket, index into `addresses`, peer port, length]
   * in `table`; the payloads one after another in `data`.
   */
  | {
      readonly type: 'send';
      readonly block: number;
      readonly data: ArrayBuffer;
      readonly table: Uint32Array;
      readonly addresses: readonly string[];
    }
  | { readonly type: 'close'; readonly socket: number };

export type FromUdpWorker =
  | {
      readonly type: 'bound';
      readonly request: number;
      readonly socket: number;
      readonly port: number;
    }
  | { readonly type: 'bind-failed'; readonly request: number; readonly error: ErrorFields }
  /**
   * `count` datagrams received, in arrival order, in slot `slot`: for each, [socket, index into
   * `peers`, peer port, length, receive time (epoch ms, core/clock.ts)] in the slot's table; the
   * payloads one after another from the start of the slot's bytes, `bytes` in all.
   */
  | {
      readonly type: 'received';
      readonly slot: number;
      readonly count: number;
      readonly bytes: number;
      readonly peers: readonly string[];
    }
  /** Every datagram of send block `block` was handed to the OS; these ones failed. */
  | {
      readonly type: 'sent';
      readonly block: number;
      readonly failures: readonly { readonly index: number; readonly error: ErrorFields }[];
    }
  /** A socket error while open (shown on the port; the socket stays). */
  | { readonly type: 'socket-error'; readonly socket: number; readonly error: ErrorFields }
  | { readonly type: 'closed'; readonly socket: number };

/** The parts of an Error that matter here (errno codes), as plain data. */
export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & Partial<Omit<ErrorFields, 'message'>>;
  const fields: { -readonly [K in keyof ErrorFields]: ErrorFields[K] } = { message: e.message };
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.errno === 'number') fields.errno = e.errno;
  if (typeof e.syscall === 'string') fields.syscall = e.syscall;
  if (typeof e.address === 'string') fields.address = e.address;
  if (typeof e.port === 'number') fields.port = e.port;
  return fields;
}

/** An Error equal to the one the worker met: same message and errno fields. */
export function rebuildError(fields: ErrorFields): Error {
  const { message, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}
