// Another process holding a port: a child `node` that binds what it is told and prints the port.
// Used to check that Porthole names the holder (pid, name, command line) and detects a port held
// on the other loopback family.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface HeldPort {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** A string in the child's command line, to recognise it in holder reports. */
  readonly marker: string;
  stop(): Promise<void>;
}

const SCRIPT = `
const [protocol, host, port] = process.argv.slice(1, 4);
const done = (p) => process.stdout.write(String(p) + '\\n');
if (protocol === 'udp') {
  const s = require('node:dgram').createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ipv6Only: true });
  s.bind({ address: host, port: Number(port) }, () => done(s.address().port));
} else {
  const s = require('node:net').createServer();
  s.listen({ host, port: Number(port), ipv6Only: true }, () => done(s.address().port));
}
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`;

/** Start a child holding protocol host:port (0: any) and resolve once it is bound. */
export async function holdPortInChild(
  protocol: 'tcp' | 'udp',
  host: string,
  port = 0,
): Promise<HeldPort> {
  const marker = `porthole-test-holder-${process.pid}-${Date.now()}`;
  // The marker leads the script: holder reports cap long command lines.
  const script = `// ${marker}\n${SCRIPT}`;
  const child = spawn(process.execPath, ['-e', script, protocol, host, String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8');
  const bound = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (text: string) => {
      output += text;
      if (output.includes('\n')) resolve(Number(output.trim()));
    });
    child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
  const boundPort = await bound;
  return {
    child,
    pid: child.pid ?? 0,
    port: boundPort,
    marker,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}
