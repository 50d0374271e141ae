// The engine's side of the UDP worker thread (udp-worker.ts): one thread for every UDP socket of
// the process, started by the first bind and ended (terminated) when its last socket has closed,
// so an engine that closes its ports leaves no thread behind. While it has sockets the thread
// keeps the process alive, as the sockets themselves did when the engine thread owned them.
//
// One shared thread rather than one per port: reading is cheap next to what the engine does
// with each datagram, so one thread keeps up with every port, and each port costs no thread
// (a V8 heap, ~10 MB) and no start-up on open.
//
// A thread that stops while it has sockets (it threw, or ran out of memory) takes them with it.
// A new thread is started and each socket bound again on its address and port, so the ports
// keep capturing; each is told, since what arrived in between is lost. A socket that cannot be
// bound again (another program took the port meanwhile) is lost, and its port says so. A thread
// that keeps stopping is not restarted forever.

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/start-worker';
import {
  FLOW,
  rebuildError,
  RECEIVED_FIELDS,
  SLOT_BYTES,
  SLOT_DATAGRAMS,
  udpWorkerMemory,
  type FromUdpWorker,
  type ToUdpWorker,
} from './udp-worker-protocol';

/**
 * One datagram from a peer: its bytes, the peer, its arrival time. The bytes are a view into
 * memory the worker fills again once the handler returns: copy whatever is kept past the call.
 */
export type DatagramHandler = (data: Buffer, address: string, port: number, at: number) => void;

/** Datagrams kept for a socket between its bind and its port starting to serve it. */
const MAX_EARLY_DATAGRAMS = 4096;
/** At most this many restarts of a stopped thread within RESTART_WINDOW_MS. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

/** What a socket's port hears besides datagrams. */
export interface ThreadSocketEvents {
  /** A socket error (a refused send's ICMP, say); the socket still works. */
  error(error: Error): void;
  /** The thread stopped and the socket is bound again in a new one; what came in between is lost. */
  restarted(cause: Error): void;
  /** The thread stopped and the socket could not be bound again: it is gone. */
  lost(error: Error): void;
}

const IGNORE_EVENTS: ThreadSocketEvents = {
  error: () => undefined,
  restarted: () => undefined,
  lost: () => undefined,
};

/** A UDP socket that lives in the worker thread; the engine's handle on it. */
export class ThreadSocket {
  private handler: DatagramHandler | null = null;
  private early: Parameters<DatagramHandler>[] = [];
  private events: ThreadSocketEvents = IGNORE_EVENTS;
  /** Its port let go of it: never bound again. */
  private released = false;

  constructor(
    /** The thread it lives in, and its id there: both change when it is bound again. */
    private thread: UdpThread,
    private id: number,
    private readonly local: { readonly address: string; readonly port: number },
    readonly v6: boolean,
  ) {}

  /** The bound address and port (what /proc/net/udp lists it by, see os-drops.ts). */
  address(): { address: string; port: number } {
    return { ...this.local };
  }

  /** Start delivering datagrams (those that arrived since the bind first) and events. */
  serve(handler: DatagramHandler, events: ThreadSocketEvents): void {
    this.handler = handler;
    this.events = events;
    const early = this.early;
    this.early = [];
    for (const args of early) handler(...args);
  }

  /** Send one datagram; order is kept with every other send. `onError` hears of a refusal. */
  send(data: Uint8Array, port: number, address: string, onError: (error: Error) => void): void {
    this.thread.send(this.id, data, port, address, onError);
  }

  /** Resolves once the socket is closed (and, if it was the last one, the thread has ended). */
  close(): Promise<void> {
    this.released = true;
    return this.thread.close(this.id);
  }

  /** @internal whether its port let go of it (while its thread was being restarted, say) */
  get wasReleased(): boolean {
    return this.released;
  }

  /** @internal from the thread */
  deliver(data: Buffer, address: string, port: number, at: number): void {
    if (this.handler !== null) this.handler(data, address, port, at);
    else if (this.early.length < MAX_EARLY_DATAGRAMS) {
      this.early.push([Buffer.from(data), address, port, at]);
    }
  }

  /** @internal from the thread */
  failed(error: Error): void {
    this.events.error(error);
  }

  /** @internal bound again, in a new thread; closed there at once if released meanwhile */
  movedTo(thread: UdpThread, id: number, cause: Error): void {
    this.thread = thread;
    this.id = id;
    if (this.released) void thread.close(id);
    else this.events.restarted(cause);
  }

  /** @internal could not be bound again */
  lost(error: Error): void {
    if (!this.released) this.events.lost(error);
  }
}

interface PendingBind {
  readonly address: string;
  readonly v6: boolean;
  /** Binding again after a restart: this handle moves to the new socket. */
  readonly again?: { readonly socket: ThreadSocket; readonly cause: Error };
  readonly resolve: (socket: ThreadSocket) => void;
  readonly reject: (error: Error) => void;
}

interface OutBlock {
  readonly parts: Uint8Array[];
  bytes: number;
  readonly rows: number[];
  readonly addresses: string[];
  readonly addressIndex: Map<string, number>;
  readonly callbacks: ((error: Error) => void)[];
}

class UdpThread {
  private worker: Worker | null = null;
  get runningWorker(): Worker | null {
    return this.worker;
  }
  /** Messages posted before the worker was up, in order. */
  private queued: [ToUdpWorker, ArrayBuffer[]][] | null = [];
  private readonly memory = udpWorkerMemory();
  private readonly flow = new Int32Array(this.memory.flow);
  private readonly slotTables = new Float64Array(this.memory.slotTables);
  private readonly sockets = new Map<number, ThreadSocket>();
  private readonly binds = new Map<number, PendingBind>();
  private readonly closing = new Map<number, (() => void)[]>();
  private nextRequest = 1;
  private out: OutBlock | null = null;
  private readonly sentCallbacks = new Map<number, ((error: Error) => void)[]>();
  private nextBlock = 1;
  private ended: Promise<void> | null = null;

  constructor() {
    startWorker('udp-worker', this.memory).then(
      (worker) => this.started(worker),
      (error: unknown) => this.lost(error instanceof Error ? error : new Error(String(error))),
    );
  }

  bind(
    address: string,
    v6: boolean,
    port: number,
    again?: PendingBind['again'],
  ): Promise<ThreadSocket> {
    const request = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.binds.set(request, { address, v6, ...(again ? { again } : {}), resolve, reject });
      this.post({ type: 'bind', request, address, v6, port });
    });
  }

  send(
    socket: number,
    data: Uint8Array,
    port: number,
    address: string,
    onError: (error: Error) => void,
  ): void {
    // The thread stopped: nothing sent now can go out (its socket is being bound again).
    if (this.ended !== null) {
      onError(
        new Error('the UDP reader stopped and is starting again; this datagram was not sent'),
      );
      return;
    }
    let out = this.out;
    if (out === null) {
      out = {
        parts: [],
        bytes: 0,
        rows: [],
        addresses: [],
        addressIndex: new Map(),
        callbacks: [],
      };
      this.out = out;
      // Everything sent in this turn of the event loop goes as one message.
      queueMicrotask(this.flushSends);
    }
    let index = out.addressIndex.get(address);
    if (index === undefined) {
      index = out.addresses.length;
      out.addresses.push(address);
      out.addressIndex.set(address, index);
    }
    out.parts.push(data);
    out.bytes += data.byteLength;
    out.rows.push(socket, index, port, data.byteLength);
    out.callbacks.push(onError);
  }

  close(socket: number): Promise<void> {
    const handle = this.sockets.get(socket);
    if (handle === undefined) return Promise.resolve();
    this.sockets.delete(socket);
    // Sends already asked for go first.
    this.flushSends();
    return new Promise((resolve) => {
      this.closing.set(socket, [resolve]);
      this.post({ type: 'close', socket });
    });
  }

  private readonly flushSends = (): void => {
    const out = this.out;
    if (out === null) return;
    this.out = null;
    const block = this.nextBlock++;
    const data = new Uint8Array(out.bytes);
    let offset = 0;
    for (const part of out.parts) {
      data.set(part, offset);
      offset += part.byteLength;
    }
    // SENT_FIELDS per datagram: socket, index into addresses, peer port, length.
    const table = Uint32Array.from(out.rows);
    this.sentCallbacks.set(block, out.callbacks);
    const { addresses } = out;
    this.post({ type: 'send', block, data: data.buffer, table, addresses }, [
      data.buffer,
      table.buffer,
    ]);
  };

  private post(message: ToUdpWorker, transfer: ArrayBuffer[] = []): void {
    if (this.worker !== null) this.worker.postMessage(message, transfer);
    else this.queued?.push([message, transfer]);
  }

  private started(worker: Worker): void {
    if (this.ended !== null) {
      void worker.terminate();
      return;
    }
    this.worker = worker;
    worker.on('message', (message: FromUdpWorker) => this.fromWorker(message));
    worker.on('error', (error) => this.lost(error));
    worker.on('exit', () => {
      if (this.ended === null) this.lost(new Error('the UDP worker thread stopped'));
    });
    const queued = this.queued ?? [];
    this.queued = null;
    for (const [message, transfer] of queued) worker.postMessage(message, transfer);
  }

  private fromWorker(message: FromUdpWorker): void {
    switch (message.type) {
      case 'received':
        return this.received(message.slot, message.count, message.peers);
      case 'bound': {
        const waiting = this.binds.get(message.request);
        this.binds.delete(message.request);
        if (waiting === undefined) return;
        const { again } = waiting;
        const socket =
          again?.socket ??
          new ThreadSocket(
            this,
            message.socket,
            { address: waiting.address, port: message.port },
            waiting.v6,
          );
        this.sockets.set(message.socket, socket);
        if (again !== undefined) again.socket.movedTo(this, message.socket, again.cause);
        return waiting.resolve(socket);
      }
      case 'bind-failed': {
        const waiting = this.binds.get(message.request);
        this.binds.delete(message.request);
        waiting?.reject(rebuildError(message.error));
        void this.endIfIdle();
        return;
      }
      case 'sent': {
        const callbacks = this.sentCallbacks.get(message.block);
        this.sentCallbacks.delete(message.block);
        for (const { index, error } of message.failures) callbacks?.[index]?.(rebuildError(error));
        return;
      }
      case 'socket-error':
        return this.sockets.get(message.socket)?.failed(rebuildError(message.error));
      case 'closed': {
        const waiters = this.closing.get(message.socket) ?? [];
        this.closing.delete(message.socket);
        const idle = this.endIfIdle();
        for (const resolve of waiters) void idle.then(resolve);
        return;
      }
    }
  }

  /** One slot of datagrams, delivered in arrival order, then handed back to the worker. */
  private received(slot: number, count: number, peers: readonly string[]): void {
    const table = this.slotTables;
    const rows = slot * SLOT_DATAGRAMS * RECEIVED_FIELDS;
    let offset = slot * SLOT_BYTES;
    try {
      for (let i = 0; i < count; i++) {
        const row = rows + i * RECEIVED_FIELDS;
        const length = table[row + 3] ?? 0;
        const socket = this.sockets.get(table[row] ?? 0);
        if (socket !== undefined) {
          socket.deliver(
            Buffer.from(this.memory.slotBytes, offset, length),
            peers[table[row + 1] ?? 0] ?? '',
            table[row + 2] ?? 0,
            table[row + 4] ?? 0,
          );
        }
        offset += length;
      }
    } finally {
      Atomics.store(this.flow, FLOW.slots + slot, 0);
      Atomics.add(this.flow, FLOW.released, 1);
      Atomics.notify(this.flow, FLOW.released);
    }
  }

  /** Ends the thread once nothing uses it; resolves when it is gone (at once if still in use). */
  private endIfIdle(): Promise<void> {
    if (this.sockets.size > 0 || this.binds.size > 0 || this.closing.size > 0) {
      return Promise.resolve();
    }
    return this.end();
  }

  private end(): Promise<void> {
    if (this.ended !== null) return this.ended;
    if (current === this) current = null;
    Atomics.store(this.flow, FLOW.stop, 1);
    Atomics.notify(this.flow, FLOW.released);
    const worker = this.worker;
    this.ended = worker === null ? Promise.resolve() : worker.terminate().then(() => undefined);
    return this.ended;
  }

  /**
   * The thread failed (could not start, threw, exited): its sockets closed with it. Binds under
   * way fail; sockets in use are bound again in a new thread once this one has fully stopped
   * (until then their ports may still be held).
   */
  private lost(error: Error): void {
    const ended = this.end();
    const orphans: ThreadSocket[] = [];
    for (const { again, resolve, reject } of this.binds.values()) {
      if (again === undefined) {
        reject(error);
        continue;
      }
      // A socket being bound again after an earlier stop: bound again in the next thread (its
      // earlier attempt is settled, with nothing more to do).
      orphans.push(again.socket);
      resolve(again.socket);
    }
    this.binds.clear();
    for (const waiters of this.closing.values()) for (const resolve of waiters) resolve();
    this.closing.clear();
    orphans.push(...this.sockets.values());
    this.sockets.clear();
    // Sends handed over but not yet confirmed may or may not have left: say so on each.
    const unconfirmed = new Error('the UDP reader stopped before it confirmed this datagram left');
    for (const callbacks of this.sentCallbacks.values()) for (const c of callbacks) c(unconfirmed);
    this.sentCallbacks.clear();
    if (orphans.length > 0) void ended.then(() => bindAgain(orphans, error));
  }
}

let current: UdpThread | null = null;
/** When the thread was restarted lately (performance.now()). */
let restarts: number[] = [];

/** Each socket of a stopped thread bound again, on its own address and port, in a new thread. */
async function bindAgain(sockets: readonly ThreadSocket[], cause: Error): Promise<void> {
  const at = performance.now();
  restarts = restarts.filter((t) => at - t < RESTART_WINDOW_MS);
  if (restarts.length >= MAX_RESTARTS) {
    const error = new Error(`${cause.message}, ${MAX_RESTARTS + 1} times within a minute`);
    for (const socket of sockets) socket.lost(error);
    return;
  }
  restarts.push(at);
  const thread = udpThread();
  await Promise.all(
    sockets.map(async (socket) => {
      if (socket.wasReleased) return;
      const { address, port } = socket.address();
      try {
        await thread.bind(address, socket.v6, port, { socket, cause });
      } catch (error) {
        socket.lost(error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
}

/** The UDP thread, started on first use. */
function udpThread(): UdpThread {
  current ??= new UdpThread();
  return current;
}

/** Bind a UDP socket in the worker; rejects with an Error equal to what a bind here gives. */
export function bindThreadSocket(
  address: string,
  v6: boolean,
  port: number,
): Promise<ThreadSocket> {
  return udpThread().bind(address, v6, port);
}

/** The worker thread, while one runs (tests: it must end once the last UDP port closes). */
export function udpWorkerThread(): Worker | null {
  return current?.runningWorker ?? null;
}
