// The UDP worker thread: owns every UDP port's sockets (binds them, reads them, sends and closes
// on the engine's behalf). Its own event loop and heap, so a pause of the engine's thread — a
// collection, a frame's work — no longer stops the reading: datagrams wait here, in blocks, not
// in the kernel's receive buffer, which a burst overflows in a few tens of milliseconds.
//
// Received datagrams go to the engine in blocks: at most every FLUSH_MS, or sooner when a block
// is full. How far ahead of the engine this thread may get is bounded (udp-worker-protocol.ts);
// beyond that it waits, and the kernel's buffer (and the OS's drop count) takes over again.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';
import { now } from '../core/clock';
import { growReceiveBuffer } from './receive-buffer';
import {
  errorFields,
  FLOW,
  MAX_IN_FLIGHT_BYTES,
  MAX_IN_FLIGHT_DATAGRAMS,
  RECEIVED_FIELDS,
  SENT_FIELDS,
  type ErrorFields,
  type FromUdpWorker,
  type ToUdpWorker,
  type UdpWorkerData,
} from './udp-worker-protocol';

/**
 * While datagrams keep coming, a block goes to the engine at most this long after the previous
 * one (or sooner, when full). Each message wakes the engine's thread, which on a busy machine
 * takes the CPU from this one for a while: fewer, larger blocks lose fewer datagrams. After a
 * quiet spell the first block goes at once (at the end of this turn of the event loop), so a
 * lone datagram — a request waiting for its echo — is not held back.
 */
const FLUSH_MS = 10;
/** Larger than any datagram (65,535 bytes), so one always fits in an empty block. */
const BLOCK_BYTES = 1024 * 1024;
const BLOCK_DATAGRAMS = 4096;

const port = parentPort;
if (port === null) throw new Error('udp-worker runs as a worker thread');
const flow = new Int32Array((workerData as UdpWorkerData).flow);
const post = (message: FromUdpWorker, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

const sockets = new Map<number, Socket>();
let nextSocket = 1;

// ---- receiving ----

const block = new Uint8Array(BLOCK_BYTES);
const table = new Float64Array(BLOCK_DATAGRAMS * RECEIVED_FIELDS);
let used = 0;
let count = 0;
let peers: string[] = [];
let peerIndex = new Map<string, number>();
let flushScheduled = false;
let lastFlushAt = -Infinity;
/** Datagrams and bytes handed to the engine so far (32-bit, wrapping like FLOW's counters). */
let posted = 0;
let postedBytes = 0;

function receive(socket: number, data: Buffer, from: RemoteInfo): void {
  const at = now();
  const length = data.byteLength;
  if (count === BLOCK_DATAGRAMS || used + length > BLOCK_BYTES) flush();
  block.set(data, used);
  let peer = peerIndex.get(from.address);
  if (peer === undefined) {
    peer = peers.length;
    peers.push(from.address);
    peerIndex.set(from.address, peer);
  }
  const row = count * RECEIVED_FIELDS;
  table[row] = socket;
  table[row + 1] = peer;
  table[row + 2] = from.port;
  table[row + 3] = length;
  table[row + 4] = at;
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
  flush();
}

/** Hand the block to the engine (copied out at its exact size, transferred), then keep pace. */
function flush(): void {
  if (count === 0) return;
  lastFlushAt = performance.now();
  const data = block.slice(0, used).buffer;
  const rows = table.slice(0, count * RECEIVED_FIELDS);
  post({ type: 'received', data, table: rows, peers }, [data, rows.buffer]);
  posted = (posted + count) | 0;
  postedBytes = (postedBytes + used) | 0;
  used = 0;
  count = 0;
  peers = [];
  peerIndex = new Map();
  waitForEngine();
}

/**
 * Block this thread while the engine is too far behind: no reading means the kernel buffers
 * (and drops, counted) what arrives, instead of this thread's memory growing without bound.
 */
function waitForEngine(): void {
  for (;;) {
    const seen = Atomics.load(flow, FLOW.consumedDatagrams);
    const datagramsAhead = (posted - seen) | 0;
    const bytesAhead = (postedBytes - Atomics.load(flow, FLOW.consumedBytes)) | 0;
    if (datagramsAhead < MAX_IN_FLIGHT_DATAGRAMS && bytesAhead < MAX_IN_FLIGHT_BYTES) return;
    if (Atomics.load(flow, FLOW.stop) !== 0) return;
    Atomics.wait(flow, FLOW.consumedDatagrams, seen, 100);
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
