// A loopback port whose connects hang, for relay connect timeouts without leaving loopback.
// A child process listens with backlog 1 and then blocks its event loop, so it never accepts.
// Linux queues backlog + 1 completed connections; once fillers take those places the kernel
// drops further SYNs (the client retries after 1 s), so a connect stays pending far longer than
// a 100 ms relay timeout.

import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

const CHILD = `
const server = require('node:net').createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`;

/** How long a filler connect may take before we call it pending (loopback connects take < 5 ms). */
const PENDING_AFTER_MS = 200;

export interface UnacceptingPort {
  readonly port: number;
  close(): void;
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
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    fillers.push(socket);
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('pending'), PENDING_AFTER_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve(error.code ?? 'error');
      });
    });
    if (outcome === 'pending') return { port, close };
    if (outcome !== 'connected') {
      close();
      return `a full accept queue answers ${outcome} here (net.ipv4.tcp_abort_on_overflow?)`;
    }
  }
  close();
  return 'the accept queue never filled';
}
