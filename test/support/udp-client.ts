// Real dgram peers for UDP tests, and a small real ListenerContext that snapshots dirty
// conversations the way the batcher does, so tests await changes instead of sleeping.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { CaptureTotals } from '../../engine/core/capture-totals';
import { createPortBehaviour } from '../../engine/core/port-behaviour';
import { DEFAULT_MAX_CHUNK_RECORDS } from '../../engine/recording/connection-recorder';
import type {
  CapturedConnection,
  EngineListener,
  ListenerContext,
} from '../../engine/core/engine-types';
import type { CaptureLimits, ConnectionInfo, Direction } from '../../shared/model';
import type { Harness } from './engine-harness';

const WAIT_MS = 5000;

interface Datagram {
  readonly data: Buffer;
  readonly from: RemoteInfo;
}

export interface Peer {
  readonly socket: Socket;
  readonly port: number;
  readonly address: string;
  send(data: Buffer | string, port: number, host?: string): Promise<void>;
  /** The next datagram (already received or future); rejects clearly after `ms`. */
  next(ms?: number, what?: string): Promise<Datagram>;
  close(): Promise<void>;
}

/** A bound client socket that queues what it receives. */
export function udpPeer(address = '127.0.0.1'): Promise<Peer> {
  const type = address.includes(':') ? 'udp6' : 'udp4';
  const socket = createSocket({ type, ipv6Only: type === 'udp6' });
  const inbox: Datagram[] = [];
  const waiters: ((d: Datagram) => void)[] = [];
  socket.on('message', (data: Buffer, from: RemoteInfo) => {
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter({ data, from });
    else inbox.push({ data, from });
  });
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port: 0 }, () => {
      socket.removeListener('error', reject);
      const peer: Peer = {
        socket,
        port: socket.address().port,
        address,
        send: (data, port, host = address) =>
          new Promise((done, failed) =>
            socket.send(data, port, host, (error) => (error ? failed(error) : done())),
          ),
        next: (ms = WAIT_MS, what = 'a datagram') => {
          const ready = inbox.shift();
          if (ready !== undefined) return Promise.resolve(ready);
          return new Promise((done, failed) => {
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              failed(new Error(`peer ${address}:${peer.port} timed out waiting for ${what}`));
            }, ms);
            const waiter = (d: Datagram): void => {
              clearTimeout(timer);
              done(d);
            };
            waiters.push(waiter);
          });
        },
        close: () => new Promise((done) => socket.close(() => done())),
      };
      resolve(peer);
    });
  });
}

/** A dgram socket bound to `address` (port 0: any), e.g. to hold a port or be an upstream. */
export function boundSocket(address: string, port = 0): Promise<Socket> {
  const v6 = address.includes(':');
  // ipv6Only is only valid for IPv6 sockets (libuv rejects it on IPv4 binds).
  const socket = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 && address !== '::' });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port }, () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** Close; a socket already closed (e.g. by the test itself) resolves at once. */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

export interface TestContext extends ListenerContext {
  readonly connections: CapturedConnection[];
  /** Last snapshot of each connection, as a batch would carry it. */
  readonly latest: Map<number, ConnectionInfo>;
  /** Re-evaluates `probe` now and after every flush until it returns a value. */
  waitFor<T>(probe: () => T | undefined, what: string): Promise<T>;
  /** Resolves once connection `id` has a snapshot that matches. */
  waitForConnection(
    id: number,
    match: (c: ConnectionInfo) => boolean,
    what?: string,
  ): Promise<ConnectionInfo>;
}

export function testContext(limits: Partial<CaptureLimits> = {}): TestContext {
  let nextId = 1;
  const connections: CapturedConnection[] = [];
  const latest = new Map<number, ConnectionInfo>();
  const dirty = new Set<CapturedConnection>();
  const probes = new Set<() => void>();
  let flushQueued = false;

  // Like the batcher: snapshot at flush time (which re-arms the dirty flag), then tell waiters.
  const flush = (): void => {
    flushQueued = false;
    for (const conn of dirty) latest.set(conn.id, conn.snapshot());
    dirty.clear();
    for (const probe of [...probes]) probe();
  };
  const queueFlush = (): void => {
    if (flushQueued) return;
    flushQueued = true;
    setImmediate(flush);
  };

  const waitFor = <T>(probe: () => T | undefined, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        probes.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        probes.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT_MS);
      probes.add(check);
      check();
    });

  return {
    totals: new CaptureTotals(limits),
    maxChunkRecords: DEFAULT_MAX_CHUNK_RECORDS,
    nextConnectionId: () => nextId++,
    added: (conn) => {
      connections.push(conn);
      dirty.add(conn);
      queueFlush();
    },
    connectionHooks: {
      changed: (conn) => {
        dirty.add(conn);
        queueFlush();
      },
      closed: () => queueFlush(),
    },
    listenerChanged: (_listener: EngineListener) => queueFlush(),
    createBehaviour: createPortBehaviour,
    chunkSink: null,
    connections,
    latest,
    waitFor,
    waitForConnection: (id, match, what = `connection #${id}`) =>
      waitFor(() => {
        const info = latest.get(id);
        return info !== undefined && match(info) ? info : undefined;
      }, what),
  };
}

/** Whether this machine can bind ::1 for UDP (some CI containers have IPv6 disabled). */
export async function udp6Available(): Promise<boolean> {
  try {
    await closeSocket(await boundSocket('::1'));
    return true;
  } catch {
    return false;
  }
}

// ---- Through the engine (harness) ----

/** The open conversation of the peer at `peerPort` once `minIn` datagrams are recorded. */
export function conversationOf(
  h: Harness,
  listenerId: string,
  peerPort: number,
  minIn = 1,
): Promise<ConnectionInfo> {
  return h.waitFor(async () => {
    const page = await h.must('listConnections', {});
    return page.connections.find(
      (c) =>
        c.listenerId === listenerId &&
        c.remotePort === peerPort &&
        c.state === 'open' &&
        c.in.chunks >= minIn,
    );
  }, `a conversation with ${minIn} datagram(s) from port ${peerPort}`);
}

/** Each recorded datagram of one direction, as the bytes read back through the contract. */
export async function datagrams(
  h: Harness,
  connectionId: number,
  direction: Direction,
): Promise<Buffer[]> {
  const records = await h.must('readChunks', { connectionId, from: 0, count: 1000 });
  const out: Buffer[] = [];
  for (const chunk of records.filter((c) => c.direction === direction)) {
    const read = await h.must('readPayload', {
      connectionId,
      direction,
      offset: chunk.offset,
      length: Math.max(1, chunk.captured),
    });
    out.push(Buffer.from(read.data, 'base64').subarray(0, chunk.captured));
  }
  return out;
}
