// Load the engine must hold, with clients in a process of their own on 127.0.0.1: 10,000
// connections open at once (every one accepted and recorded, then every one closed and in its
// final state), and a connect storm of 20,000 connections in 10 seconds with no reset or refusal
// at any client. Memory per open connection is printed (figures, not a timed assertion).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { MAX_PAGE } from '../../../shared/contract';
import type { ConnectionInfo } from '../../../shared/model';
import { startEngine, type Harness } from '../../support/engine-harness';

const clientsScript = fileURLToPath(new URL('../../support/load-clients.mjs', import.meta.url));

interface ClientReport {
  readonly connected: number;
  readonly errors: Record<string, number>;
  readonly ms: number;
}

function startClients(args: string[]) {
  const child = spawn(process.execPath, [clientsScript, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const report = once(lines, 'line').then(([line]) => JSON.parse(String(line)) as ClientReport);
  return { child, report };
}

const lineBytes = (count: number) => {
  let total = 0;
  for (let i = 0; i < count; i++) total += `hello ${i}\n`.length;
  return total;
};

async function allConnections(h: Harness, listenerId: string): Promise<ConnectionInfo[]> {
  const all: ConnectionInfo[] = [];
  let afterId = 0;
  for (;;) {
    const page = await h.must('listConnections', { afterId, limit: MAX_PAGE });
    all.push(...page.connections.filter((c) => c.listenerId === listenerId));
    if (page.nextAfterId === null) return all;
    afterId = page.nextAfterId;
  }
}

it('holds 10,000 open connections, records every byte, then closes them all', async (t) => {
  const COUNT = 10_000;
  const h = startEngine({ batchIntervalMs: 33 });
  t.after(() => h.close());
  const { id, port } = await h.open(0);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;

  const clients = startClients(['hold', String(port), String(COUNT)]);
  const report = await clients.report;
  assert.deepEqual(report.errors, {}, 'no client saw an error');
  assert.equal(report.connected, COUNT);
  const stats = await h.waitForStats(
    (s) => s.connectionsOpen === COUNT && s.bytesReceived === lineBytes(COUNT),
    'every connection accepted and open, with its bytes',
  );
  assert.equal(stats.connectionsTotal, COUNT);
  const perConnection = (process.memoryUsage().rss - rssBefore) / COUNT;
  t.diagnostic(
    `${COUNT.toLocaleString('en-US')} open: connected in ${report.ms} ms; engine process RSS +${(perConnection / 1024).toFixed(1)} KiB per open connection (clients in their own process)`,
  );

  clients.child.stdin.write('close\n');
  await once(clients.child, 'exit');
  await h.waitForStats((s) => s.connectionsOpen === 0, 'every connection closed');
  const conns = await allConnections(h, id);
  assert.equal(conns.length, COUNT);
  const notClosed = conns.filter((c) => c.state !== 'closed' || c.endReason !== 'client-closed');
  assert.deepEqual(notClosed.slice(0, 3), [], 'every connection closed by its client');
  assert.equal(
    conns.reduce((n, c) => n + c.in.captured, 0),
    lineBytes(COUNT),
  );
});

it('a storm of 20,000 connects in 10 s: no client is reset or refused, every one recorded', async (t) => {
  const COUNT = 20_000;
  const h = startEngine({ batchIntervalMs: 33 });
  t.after(() => h.close());
  const { id, port } = await h.open(0);
  const clients = startClients(['storm', String(port), String(COUNT), '10']);
  const report = await clients.report;
  assert.deepEqual(report.errors, {}, 'no reset, refusal or timeout at any client');
  assert.equal(report.connected, COUNT);
  t.diagnostic(`${COUNT.toLocaleString('en-US')} connects in ${report.ms} ms`);
  const stats = await h.waitForStats(
    (s) => s.connectionsTotal === COUNT && s.connectionsOpen === 0,
    'every connection accepted and ended',
  );
  assert.equal(stats.bytesReceived, lineBytes(COUNT));
  const conns = await allConnections(h, id);
  assert.equal(conns.length, COUNT);
});
