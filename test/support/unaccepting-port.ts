// A loopback port whose connects hang, for relay connect timeouts without leaving loopback.
// A child process listens with backlog 1 and then blocks its event loop, so it never accepts.
// Linux queues backlog + 1 completed connections; once fillers take those places the kernel
// drops further SYNs (the client retries after 1 s), so a connect stays pending far longer than
// a 100 ms relay timeout.
//
// On Linux the kernel says when the queue is full (/proc/net/tcp shows how many connections a
// listening socket has waiting for accept()), so no connect is judged by how long it takes.
// Elsewhere a filler that has not connected after PENDING_AFTER_MS is taken as dropped.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { within } from './within';

/** The child's listen backlog: the kernel drops SYNs once more than this many wait. */
const BACKLOG = 1;

const CHILD = `
const server = require('node:net').createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: ${BACKLOG} }, () => {
  process.stdout.write(server.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`;

/** Without /proc: how long a filler connect may take before we call it pending. */
const PENDING_AFTER_MS = 200;

export interface UnacceptingPort {
  readonly port: number;
  close(): void;
}

/**
 * Completed connections waiting for accept() on the socket listening on 127.0.0.1:`port`, from
 * /proc/net/tcp (a listening socket's rx_queue); null where there is no /proc.
 */
async function acceptQueue(port: number): Promise<number | null> {
  let table: string;
  try {
    table = await readFile('/proc/net/tcp', 'utf8');
  } catch {
    return null;
  }
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] !== local || fields[3] !== '0A') continue;
    const queued = parseInt(fields[4]?.split(':')[1] ?? '', 16);
    return Number.isNaN(queued) ? null : queued;
  }
  return null;
}

/**
 * The accept queue once it holds the `count` fillers that connected (the server side sees the
 * last ACK just after the client sees the SYN-ACK). The deadline is only a safety net.
 */
async function queueHolding(port: number, count: number): Promise<number | null> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const queued = await acceptQueue(port);
    if (queued === null || queued >= count) return queued;
    if (performance.now() > deadline) {
      throw new Error(`the accept queue shows ${queued} of ${count} connected fillers`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function connectOutcome(socket: Socket, pendingAfterMs: number | null): Promise<string> {
  return new Promise<string>((resolve) => {
    const timer =
      pendingAfterMs === null ? null : setTimeout(() => resolve('pending'), pendingAfterMs);
    socket.once('connect', () => {
      if (timer !== null) clearTimeout(timer);
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (timer !== null) clearTimeout(timer);
      resolve(error.code ?? 'error');
    });
  });
}

/** The reason as a string when this kernel refuses (rather than drops) SYNs on a full queue. */
export async function startUnacceptingPort(): Promise<UnacceptingPort | string> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const fillers: Socket[] = [];
  const close = (): void => {
    for (const socket of fillers) socket.destroy();
    child.kill('SIGKILL');
  };
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once('error', reject);
  });
  for (let i = 0; i < 16; i++) {
    const queued = await queueHolding(port, fillers.length);
    if (queued !== null && queued > BACKLOG) return { port, close };
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    fillers.push(socket);
    // With /proc the queue had room, so this filler must connect: no guessing from time.
    const outcome = await within(
      connectOutcome(socket, queued === null ? PENDING_AFTER_MS : null),
      'a filler connect while the accept queue has room',
    );
    if (outcome === 'pending') return { port, close };
    if (outcome !== 'connected') {
      close();
      return `a full accept queue answers ${outcome} here (net.ipv4.tcp_abort_on_overflow?)`;
    }
  }
  close();
  return 'the accept queue never filled';
}
