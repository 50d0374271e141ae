// The restart round trip a user makes: `porthole serve` as a process records TCP text and random
// binary over IPv4 and IPv6, UDP datagrams and a relay; Ctrl+C; start it again on the same data
// folder. The last capture is listed, and through the same WebSocket contract the UI uses every
// connection's metadata is what the first run last said, and every byte is identical (sha256).
// The ports come back too, closed, remembered.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { MAX_READ_BYTES, type Result } from '../../shared/contract';
import type { CaptureSummary, ConnectionInfo, ListenerInfo } from '../../shared/model';
import { ipv6Available } from '../support/engine-harness';
import { WireClient, wsConnect, signIn } from '../support/serve-client';
import { sha256 } from '../support/traffic';
import { within } from '../support/within';

const cli = fileURLToPath(new URL('../../dist/server/cli.cjs', import.meta.url));

interface Served {
  readonly child: ChildProcess;
  readonly wire: WireClient;
  call<T>(name: string, args: unknown): Promise<T>;
  stop(): Promise<void>;
}

async function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, [cli, 'serve', '--no-open', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await within(
    new Promise<URL>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /running at (\S+)/.exec(line);
        if (match?.[1] !== undefined) resolve(new URL(match[1]));
      });
    }),
    'the URL line',
  );
  const { token } = await signIn(url.href);
  const outcome = await wsConnect(`ws://${url.host}/ws?token=${token}`, { origin: url.origin });
  assert.equal(outcome.kind, 'open');
  const wire = new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
  return {
    child,
    wire,
    async call<T>(name: string, args: unknown): Promise<T> {
      const result = (await wire.call(name, args)) as Result<T>;
      assert.ok(result.ok, `${name}: ${result.ok ? '' : result.error.message}`);
      return result.value;
    },
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      assert.equal(((await exited) as [number | null])[0], 0);
    },
  };
}

async function tcpExchange(port: number, host: string, payload: Buffer): Promise<void> {
  const socket = connect({ host, port });
  await once(socket, 'connect');
  socket.on('data', () => undefined);
  socket.end(payload);
  await once(socket, 'close');
}

/** Every byte of one direction of one connection, through readPayload, page by page. */
async function bytesOf(s: Served, capture: string | undefined, c: ConnectionInfo, d: 'in' | 'out') {
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const page = await s.call<{ length: number; data: string }>('readPayload', {
      ...(capture === undefined ? {} : { capture }),
      connectionId: c.id,
      direction: d,
      offset,
      length: MAX_READ_BYTES,
    });
    if (page.length === 0) return Buffer.concat(parts);
    parts.push(Buffer.from(page.data, 'base64'));
    offset += page.length;
  }
}

async function allConnections(s: Served, capture?: string): Promise<ConnectionInfo[]> {
  const page = await s.call<{ connections: ConnectionInfo[] }>('listConnections', {
    ...(capture === undefined ? {} : { capture }),
  });
  return page.connections;
}

describe('restart round trip (porthole serve as a process)', () => {
  test('Ctrl+C, start again: every connection and byte as it was, ports remembered', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porthole-restart-'));
    const upstream = createServer((socket) => socket.pipe(socket)).listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const upstreamPort = (upstream.address() as { port: number }).port;
    const first = await serve(dataDir);
    const hashes = new Map<string, string>();
    let before: ConnectionInfo[];
    try {
      const open = (args: unknown) => first.call<ListenerInfo>('openListener', args);
      const v4 = await open({ host: '127.0.0.1', port: 0 });
      await tcpExchange(
        v4.port ?? 0,
        '127.0.0.1',
        Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'),
      );
      await tcpExchange(v4.port ?? 0, '127.0.0.1', randomBytes(2 * MAX_READ_BYTES + 5));
      if (await ipv6Available()) {
        const v6 = await open({ host: '::1', port: 0 });
        await tcpExchange(v6.port ?? 0, '::1', randomBytes(100_000));
      }
      const udp = await open({ protocol: 'udp', host: '127.0.0.1', port: 0 });
      const peer = createSocket('udp4');
      for (const word of ['alpha', 'beta', 'gamma']) {
        peer.send(word, udp.port ?? 0, '127.0.0.1');
        await first.wire.waitFor(
          (m) =>
            m.type === 'batch' &&
            m.batch.connections.some((c) => c.protocol === 'udp' && c.in.received >= word.length),
        );
      }
      const relay = await open({
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'relay', host: '127.0.0.1', port: upstreamPort },
      });
      await tcpExchange(relay.port ?? 0, '127.0.0.1', randomBytes(300_000));
      await within(
        (async () => {
          for (;;) {
            const all = await allConnections(first);
            const udpIn = all.find((c) => c.protocol === 'udp')?.in.received ?? 0;
            // The client's program is looked up after accept and may be answered after the
            // close; the capture keeps that answer, so wait for it before comparing with it.
            const settled = all.every(
              (c) => (c.state === 'closed' || c.protocol === 'udp') && c.client !== null,
            );
            if (udpIn === 14 && settled) return;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })(),
        "every TCP connection closed, every datagram in, every client's program answered",
      );
      peer.close();
      for (const c of await allConnections(first)) {
        for (const d of ['in', 'out'] as const)
          hashes.set(`${c.id} ${d}`, sha256(await bytesOf(first, undefined, c, d)));
      }
      // Ctrl+C ends the UDP conversation: its last state comes in the final batches.
      const last = new Map<number, ConnectionInfo>();
      await first.stop();
      for (const m of first.wire.messages) {
        if (m.type === 'batch') for (const c of m.batch.connections) last.set(c.id, c);
      }
      before = [...last.values()].sort((a, b) => a.id - b.id);
    } finally {
      first.child.kill('SIGKILL');
    }

    const second = await serve(dataDir);
    try {
      const captures = await second.call<CaptureSummary[]>('listCaptures', {});
      const past = captures.find((c) => !c.current);
      assert.ok(past !== undefined, 'the last capture is listed');
      assert.equal(past.interrupted, false, 'it ended cleanly');
      const after = await allConnections(second, past.id);
      assert.equal(after.length, before.length);
      for (const [i, c] of after.entries()) {
        const was = before[i];
        assert.ok(was !== undefined);
        // A connection still open at Ctrl+C (the UDP conversation) ended as the port closed;
        // the browser had gone by then, so its last word on it was "open".
        const ended =
          was.state === 'closed'
            ? was
            : { ...was, state: 'closed', endReason: 'port-closed', closedAt: c.closedAt };
        // Chunk counts are per write in the file, not per (folded) record in memory.
        const withoutCounts = (x: ConnectionInfo) => ({
          ...x,
          chunkCount: 0,
          in: { ...x.in, chunks: 0 },
          out: { ...x.out, chunks: 0 },
        });
        assert.deepEqual(withoutCounts(c), withoutCounts(ended as ConnectionInfo), `#${c.id}`);
        for (const d of ['in', 'out'] as const) {
          assert.equal(
            sha256(await bytesOf(second, past.id, c, d)),
            hashes.get(`${c.id} ${d}`),
            `#${c.id} ${d}`,
          );
        }
      }
      const ports = await second.call<ListenerInfo[]>('listListeners', {});
      assert.ok(ports.length >= 3, 'the ports are remembered');
      assert.ok(
        ports.every((p) => p.state === 'closed'),
        'and come back closed',
      );
      assert.ok(ports.some((p) => p.behaviour.kind === 'relay'));
      await second.stop();
    } finally {
      second.child.kill('SIGKILL');
      upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
