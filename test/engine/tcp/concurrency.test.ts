// A burst of 1,000 concurrent connections: every one accepted and recorded, counted on the
// engine's side (not by client connects).

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { it } from 'node:test';
import { startEngine } from '../../support/engine-harness';

const CLIENTS = 1000;

it('records 1,000 concurrent connections', async (t) => {
  const h = startEngine({ batchIntervalMs: 33 });
  t.after(() => h.close());
  const { id, port } = await h.open(0);
  // All connects are started at once: the burst the large listen backlog is for.
  const clients: Socket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = connect({ port: port ?? 0, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    socket.write(`hello ${i}\n`);
    clients.push(socket);
  }
  const expectedBytes = clients.reduce((n, _s, i) => n + `hello ${i}\n`.length, 0);
  const stats = await h.waitForStats(
    (s) => s.connectionsTotal === CLIENTS && s.bytesReceived === expectedBytes,
    'every connection accepted with its bytes',
  );
  assert.equal(stats.connectionsOpen, CLIENTS);
  const listener = (await h.must('listListeners', {})).find((l) => l.id === id);
  assert.equal(listener?.connectionsTotal, CLIENTS);
  assert.equal(listener?.bytesIn, expectedBytes);

  // Every connection is in history with its own exact first bytes.
  const seen = new Set<string>();
  let afterId = 0;
  for (;;) {
    const page = await h.must('listConnections', { afterId, limit: 300 });
    for (const conn of page.connections) {
      const data = await h.must('readPayload', {
        connectionId: conn.id,
        direction: 'in',
        offset: 0,
        length: 100,
      });
      seen.add(Buffer.from(data.data, 'base64').toString());
    }
    if (page.nextAfterId === null) break;
    afterId = page.nextAfterId;
  }
  assert.equal(seen.size, CLIENTS);
  assert.ok(seen.has('hello 0\n') && seen.has(`hello ${CLIENTS - 1}\n`));

  for (const socket of clients) socket.end();
  const done = await h.waitForStats((s) => s.connectionsOpen === 0, 'all closed');
  assert.equal(done.connectionsTotal, CLIENTS);
});
