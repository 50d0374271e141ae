// Records real loopback traffic with tcpdump for the import tests. A capture is known to be
// running once tcpdump says "listening on", and known to be complete once a marker datagram
// sent last is in the file (packets reach it in order), so no test sleeps.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { within } from '../../support/within';

export interface Tcpdump {
  /**
   * Sends the marker, waits until it is in the file, then stops tcpdump. Resolves with how many
   * packets the kernel dropped (tcpdump did not keep up: the file misses them).
   */
  stop(): Promise<number>;
}

const MARKER = Buffer.from('porthole-import-test-marker');

/** Why tcpdump cannot be used here, or null. */
export function tcpdumpMissing(): string | null {
  const probe = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return 'tcpdump is not installed (apt-get install -y tcpdump)';
  return null;
}

/**
 * Starts `tcpdump -i lo -w file -U` for the given ports (plus the marker's UDP port). Resolves
 * with a handle, or with the reason it cannot capture (no permission, no loopback device).
 */
export async function startTcpdump(
  file: string,
  ports: readonly number[],
  markerPort: number,
): Promise<Tcpdump | string> {
  const filter = [...ports, markerPort].map((p) => `port ${p}`).join(' or ');
  // -Z root: stay root so the file can be written into a private (0700) test folder. -B: a
  // kernel buffer large enough that bursts of 64 KiB loopback segments are not dropped.
  const child = spawn(
    'tcpdump',
    ['-i', 'lo', '-w', file, '-U', '--immediate-mode', '-B', '65536', '-Z', 'root', filter],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = await within(
    new Promise<boolean>((resolve) => {
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => {
        stderr += text;
        if (stderr.includes('listening on')) resolve(true);
      });
      child.once('error', () => resolve(false));
      void exited.then(() => resolve(false));
    }),
    'tcpdump to start listening',
  );
  if (!listening) return `tcpdump cannot capture here: ${stderr.trim() || 'it exited'}`;
  return {
    stop: async () => {
      await stop(child, exited, file, markerPort);
      return Number(/(\d+) packets? dropped by kernel/.exec(stderr)?.[1] ?? 0);
    },
  };
}

async function stop(
  child: ChildProcess,
  exited: Promise<number | null>,
  file: string,
  markerPort: number,
): Promise<void> {
  const socket = createSocket('udp4');
  try {
    await within(
      (async () => {
        for (;;) {
          await new Promise<void>((resolve) =>
            socket.send(MARKER, markerPort, '127.0.0.1', () => resolve()),
          );
          if (readFileSync(file).includes(MARKER)) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })(),
      'the marker datagram to reach the capture file',
    );
  } finally {
    socket.close();
  }
  child.kill('SIGINT');
  await within(exited, 'tcpdump to exit');
}
