// What the engine behind a running `porthole serve` says and weighs, read from outside the page:
// its figures over a WebSocket of our own (signed in with the run's token, as a tab would be),
// and its resident memory from /proc. Memory tests read the engine's process, not serve's: on
// Linux with glibc, serve runs its engine in a child process with huge pages (server/relaunch.ts)
// and only waits for it.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { EngineStats } from '../../../shared/model';
import type { RunningServer } from './porthole-server';

/** The pid whose memory is the engine's: serve's relaunched child if it has one, else serve. */
export function enginePid(server: RunningServer): number {
  const pid = server.process.pid;
  if (pid === undefined) throw new Error('serve has no pid');
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const child = Number(children.split(/\s+/)[0]);
    return children !== '' && Number.isInteger(child) ? child : pid;
  } catch {
    return pid;
  }
}

/** Resident memory of a process in bytes (Linux: VmRSS in /proc/PID/status). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * The engine's own figures (getStats), over a socket opened for this one call: batches that
 * arrive meanwhile are read and dropped, so a long test never holds them.
 */
export async function engineStats(server: RunningServer): Promise<EngineStats> {
  const url = `${server.origin.replace('http:', 'ws:')}/ws?token=${server.token}`;
  const ws = new WebSocket(url, { origin: server.origin });
  try {
    return await new Promise<EngineStats>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('getStats: no answer in 10 s')), 10_000);
      ws.once('error', reject);
      ws.once('open', () =>
        ws.send(JSON.stringify({ type: 'call', id: 1, name: 'getStats', args: {} })),
      );
      ws.on('message', (data) => {
        const text = String(data);
        // Batches start with {"type":"batch"; only our answer is worth parsing.
        if (!text.startsWith('{"type":"result"')) return;
        const message = JSON.parse(text) as {
          id: number;
          result: { ok: true; value: EngineStats } | { ok: false; error: { message: string } };
        };
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.result.ok) resolve(message.result.value);
        else reject(new Error(`getStats: ${message.result.error.message}`));
      });
    });
  } finally {
    ws.close();
  }
}
