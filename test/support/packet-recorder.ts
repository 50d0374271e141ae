// Records real loopback traffic with tcpdump (or dumpcap, for pcapng) for the import tests. A
// capture is known to be running once the tool says so ("listening on", "File:"), and
// known to be complete once a marker datagram sent last is in the file (packets reach it in
// order, and both tools write each packet as it comes), so no test sleeps.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { within } from './within';

export interface Tcpdump {
  /**
   * Sends the marker unless it is in the file already, waits until it is, then stops the
   * recorder. Resolves with how many packets the kernel dropped (the file misses them).
   */
  stop(): Promise<number>;
}

export interface RecorderOptions {
  /** tcpdump writes pcap; dumpcap writes pcapng. */
  readonly tool?: 'tcpdump' | 'dumpcap';
  /** Interface, link type, timestamp precision…; by default `-i lo`. */
  readonly args?: readonly string[];
  /** The capture filter (the marker's port is added); by default `port P or …` of the ports. */
  readonly filter?: string;
}

export const MARKER = Buffer.from('porthole-import-test-marker');

/** Why `tool` cannot be run here (with the package to install), or null. */
export function toolMissing(tool: string, pkg = tool): string | null {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${tool} is not installed (apt-get install -y ${pkg})`;
  return null;
}

/** Skips the test with the reason printed (a skip must never be silent). */
export function skipWith(t: TestContext, reason: string): void {
  console.log(`skipped: ${reason}`);
  t.skip(reason);
}

/** A free UDP port for the marker datagram (nobody listens on it during the capture). */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const STDIO: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe'] };

/** Starts the recorder; returns it and what it prints once it is capturing. */
function spawnRecorder(
  file: string,
  filter: string,
  options: RecorderOptions,
): { child: ChildProcess; ready: RegExp } {
  const args = options.args ?? ['-i', 'lo'];
  const tool = options.tool ?? 'tcpdump';
  if (tool === 'dumpcap') {
    // -B is in MiB here; dumpcap writes (and flushes) each packet as it comes. It says
    // "Capturing on" before the interface is open, and "File:" once it is and the file too.
    const dumpcap = [...args, '-w', file, '-q', '-B', '64', '-f', filter];
    return { child: spawn(tool, dumpcap, STDIO), ready: /^File: /m };
  }
  // -Z root: stay root so the file can be written into a private (0700) test folder. -B (KiB):
  // a kernel buffer large enough that bursts of 64 KiB loopback segments are not dropped.
  const tcpdump = [...args, '-w', file, '-U', '--immediate-mode', '-B', '65536', '-Z', 'root'];
  return { child: spawn('tcpdump', [...tcpdump, filter], STDIO), ready: /listening on/ };
}

/**
 * Starts recording `ports` (plus the marker's UDP port) into `file`. Resolves with a handle, or
 * with the reason it cannot capture (no permission, no loopback device).
 */
export async function startRecording(
  file: string,
  ports: readonly number[],
  options: RecorderOptions = {},
): Promise<Tcpdump | string> {
  const markerPort = await freeUdpPort();
  const filter = `(${options.filter ?? ports.map((p) => `port ${p}`).join(' or ')}) or udp port ${markerPort}`;
  const { child, ready } = spawnRecorder(file, filter, options);
  const command = options.tool ?? 'tcpdump';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = await within(
    new Promise<boolean>((resolve) => {
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => {
        stderr += text;
        if (ready.test(stderr)) resolve(true);
      });
      child.once('error', () => resolve(false));
      void exited.then(() => resolve(false));
    }),
    `${command} to start capturing`,
  );
  if (!listening) return `${command} cannot capture here: ${stderr.trim() || 'it exited'}`;
  return {
    stop: async () => {
      await stop(child, exited, file, markerPort);
      // tcpdump: "N packets dropped by kernel"; dumpcap: "received/dropped on interface 'lo': R/D".
      const dropped = /(\d+) packets? dropped by kernel|dropped on interface[^:]*: \d+\/(\d+)/.exec(
        stderr,
      );
      return Number(dropped?.[1] ?? dropped?.[2] ?? 0);
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
        // One marker, sent again only after a second without it (dumpcap writes its file in
        // bursts), so several recorders of the same traffic normally share one.
        for (let polls = 0; !readFileSync(file).includes(MARKER); polls++) {
          if (polls % 40 === 0) {
            await new Promise<void>((resolve) =>
              socket.send(MARKER, markerPort, '127.0.0.1', () => resolve()),
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })(),
      'the marker datagram to reach the capture file',
    );
  } finally {
    socket.close();
  }
  child.kill('SIGINT');
  await within(exited, `${child.spawnfile} to exit`);
}

/**
 * Starts recording into `file`, or skips the test with the reason printed when the tool is
 * missing or cannot capture here.
 */
export async function recordOrSkip(
  t: TestContext,
  file: string,
  ports: readonly number[],
  options: RecorderOptions = {},
): Promise<Tcpdump | null> {
  const tool = options.tool ?? 'tcpdump';
  const missing = toolMissing(tool, tool === 'dumpcap' ? 'wireshark-common' : tool);
  if (missing !== null) {
    skipWith(t, missing);
    return null;
  }
  const recorder = await startRecording(file, ports, options);
  if (typeof recorder === 'string') {
    skipWith(t, recorder);
    return null;
  }
  return recorder;
}

/** Runs a tool to its end; resolves with its exit code and what it printed. */
export function runTool(
  command: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return within(
    new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    }),
    `${command} to finish`,
  );
}

/**
 * Runs a recording again when tcpdump dropped packets (a busy machine): a file that misses
 * packets cannot hash to what was sent, and that would be tcpdump's failure, not the import's.
 */
export async function retrying(attempt: () => Promise<number>): Promise<void> {
  for (let tries = 1; ; tries++) {
    const dropped = await attempt();
    if (dropped === 0) return;
    assert.ok(tries < 3, `tcpdump dropped packets on ${tries} recordings in a row`);
    console.log(`tcpdump dropped ${dropped} packets; recording again`);
  }
}
