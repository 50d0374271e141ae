// The UDP worker thread: owns every UDP port's sockets (binds them, reads them, sends and closes
// on the engine's behalf). Its own event loop and heap, so a pause of the engine's thread — a
// collection, a frame's work — no longer stops the reading: datagrams wait here, in shared slots,
// not in the kernel's receive buffer, which a burst overflows in a few tens of milliseconds.
//
// Received datagrams are written into a slot of shared memory and the slot goes to the engine:
// at most every FLUSH_MS, or sooner when it is full. How far ahead of the engine this thread may
// get is bounded by the slots (udp-worker-protocol.ts); when none is free it waits, and the
// kernel's buffer (and the OS's drop count) takes over again.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';
import { now } from '../core/clock';
import { growReceiveBuffer } from './receive-buffer';
import {
  errorFields,
  FLOW,
  RECEIVED_FIELDS,
  SENT_FIELDS,
  SLOT_BYTES,
  SLOT_DATAGRAMS,
  SLOTS,
  type ErrorFields,
  type FromUdpWorker,
  type ToUdpWorker,
  type UdpWorkerData,
} from './udp-worker-protocol';

/**
 * While datagrams keep coming, a slot goes to the engine at most this long after the previous
 * one (or sooner, when full). Each message wakes the engine's thread, which on a busy machine
 * takes the CPU from this one for a while: fewer, fuller slots lose fewer datagrams. After a
 * quiet spell the first slot goes at once (at the end of this turn of the event loop), so a
 * lone datagram — a request waiting for its echo — is not held back.
 */
const FLUSH_MS = 10;
/**
 * While the engine holds this many slots it is behind, and handing it a part-filled slot only
 * wastes one: the timer leaves the slot filling until it is full or the engine catches up.
 */
const BEHIND = SLOTS / 2;

const port = parentPort;
if (port === null) throw new Error('udp-worker runs as a worker thread');
const memory = workerData as UdpWorkerData;
const flow = new Int32Array(memory.flow);
const slotBytes = new Uint8Array(memory.slotBytes);
const slotTables = new Float64Array(memory.slotTables);
const post = (message: FromUdpWorker, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

const sockets = new Map<number, Socket>();
let nextSocket = 1;

// ---- receiving ----

/** The slot being filled: the engine does not hold it. */
let slot = 0;
let bytesAt = 0;
let rowsAt = 0;
let used = 0;
let count = 0;
let peers: string[] = [];
let peerIndex = new Map<string, number>();
let flushScheduled = false;
let lastFlushAt = -Infinity;

function receive(socket: number, data: Buffer, from: RemoteInfo): void {
  const at = now();
  const length = data.byteLength;
  if (count === SLOT_DATAGRAMS || used + length > SLOT_BYTES) flush();
  slotBytes.set(data, bytesAt + used);
  let peer = peerIndex.get(from.address);
  if (peer === undefined) {
    peer = peers.length;
    peers.push(from.address);
    peerIndex.set(from.address, peer);
  }
  const row = rowsAt + count * RECEIVED_FIELDS;
  slotTables[row] = socket;
  slotTables[row + 1] = peer;
  slotTables[row + 2] = from.port;
  slotTables[row + 3] = length;
  slotTables[row + 4] = at;
  used += length;
  count++;
  if (!flushScheduled) {
    flushScheduled = true;
    const wait = lastFlushAt + FLUSH_MS - performance.now();
    if (wait <= 0) setImmediate(scheduledFlush);
    else setTimeout(scheduledFlush, wait);
  }
}

function scheduledFlush(): void {
  flushScheduled = false;
  if (count > 0 && slotsHeld() >= BEHIND && Atomics.load(flow, FLOW.stop) === 0) {
    flushScheduled = true;
    setTimeout(scheduledFlush, FLUSH_MS);
    return;
  }
  flush();
}

function slotsHeld(): number {
  let held = 0;
  for (let i = 0; i < SLOTS; i++) held += Atomics.load(flow, FLOW.slots + i);
  return held;
}

/** Hand the slot to the engine, then move to the lowest free one (waiting for one if need be). */
function flush(): void {
  if (count === 0) return;
  lastFlushAt = performance.now();
  Atomics.store(flow, FLOW.slots + slot, 1);
  post({ type: 'received', slot, count, bytes: used, peers });
  used = 0;
  count = 0;
  peers = [];
  peerIndex = new Map();
  slot = freeSlot();
  bytesAt = slot * SLOT_BYTES;
  rowsAt = slot * SLOT_DATAGRAMS * RECEIVED_FIELDS;
}

/**
 * The lowest slot the engine does not hold. While it holds them all this thread blocks: no
 * reading means the kernel buffers (and drops, counted) what arrives, instead of this thread's
 * memory growing without bound. Once the engine has let the worker go, its slots are not read
 * any more, so the first one is reused.
 */
function freeSlot(): number {
  for (;;) {
    const released = Atomics.load(flow, FLOW.released);
    for (let i = 0; i < SLOTS; i++) if (Atomics.load(flow, FLOW.slots + i) === 0) return i;
    if (Atomics.load(flow, FLOW.stop) !== 0) return 0;
    Atomics.wait(flow, FLOW.released, released, 100);
  }
}

// ---- binding ----

function bind(request: number, address: string, v6: boolean, wanted: number): void {
  // reuseAddr stays off: a second socket on the same address must fail, not share datagrams.
  // ipv6Only: '::' is the explicit "all interfaces" choice and takes IPv4 peers too (shown as
  // IPv4, see normalise-address.ts); libuv rejects the flag on IPv4 sockets.
  const socket = createSocket({
    type: v6 ? 'udp6' : 'udp4',
    ipv6Only: v6 && address !== '::',
    reuseAddr: false,
  });
  const onError = (error: Error): void => {
    socket.removeListener('listening', onListening);
    try {
      socket.close();
    } catch {
      // Never got a handle: nothing to release.
    }
    post({ type: 'bind-failed', request, error: errorFields(error) });
  };
  const onListening = (): void => {
    socket.removeListener('error', onError);
    const id = nextSocket++;
    sockets.set(id, socket);
    // From here on an error is reported on the port, never thrown.
    socket.on('error', (error) =>
      post({ type: 'socket-error', socket: id, error: errorFields(error) }),
    );
    growReceiveBuffer(socket);
    socket.on('message', (data: Buffer, from: RemoteInfo) => receive(id, data, from));
    post({ type: 'bound', request, socket: id, port: socket.address().port });
  };
  socket.once('error', onError);
  socket.once('listening', onListening);
  try {
    // exclusive: in a cluster worker, never borrow the primary's handle for this port.
    socket.bind({ address, port: wanted, exclusive: true });
  } catch (error) {
    socket.removeListener('error', onError);
    onError(error instanceof Error ? error : new Error(String(error)));
  }
}

// ---- sending ----

const NOT_RUNNING: ErrorFields = {
  message: 'Not running',
  code: 'ERR_SOCKET_DGRAM_NOT_RUNNING',
};

/** Every datagram of a block, in order; one 'sent' once the OS has taken (or refused) them all. */
function send(blockId: number, data: ArrayBuffer, rows: Uint32Array, addresses: readonly string[]) {
  const bytes = new Uint8Array(data);
  const total = rows.length / SENT_FIELDS;
  const failures: { index: number; error: ErrorFields }[] = [];
  let pending = total + 1;
  const settled = (): void => {
    if (--pending === 0) post({ type: 'sent', block: blockId, failures });
  };
  let offset = 0;
  for (let i = 0; i < total; i++) {
    const row = i * SENT_FIELDS;
    const socket = sockets.get(rows[row] ?? 0);
    const address = addresses[rows[row + 1] ?? 0] ?? '';
    const peerPort = rows[row + 2] ?? 0;
    const length = rows[row + 3] ?? 0;
    const payload = bytes.subarray(offset, offset + length);
    offset += length;
    if (socket === undefined) {
      failures.push({ index: i, error: NOT_RUNNING });
      settled();
      continue;
    }
    try {
      socket.send(payload, peerPort, address, (error) => {
        if (error !== null && error !== undefined) {
          failures.push({ index: i, error: errorFields(error) });
        }
        settled();
      });
    } catch (error) {
      failures.push({ index: i, error: errorFields(error) });
      settled();
    }
  }
  settled();
}

// ---- closing ----

function close(id: number): void {
  const socket = sockets.get(id);
  sockets.delete(id);
  // What was read before the close goes first, so nothing of this socket follows 'closed'.
  const done = (): void => {
    flush();
    post({ type: 'closed', socket: id });
  };
  if (socket === undefined) return done();
  try {
    socket.close(done);
  } catch {
    done();
  }
}

port.on('message', (message: ToUdpWorker) => {
  switch (message.type) {
    case 'bind':
      return bind(message.request, message.address, message.v6, message.port);
    case 'send':
      return send(message.block, message.data, message.table, message.addresses);
    case 'close':
      return close(message.socket);
  }
});
