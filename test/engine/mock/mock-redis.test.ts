// A recording as a fake service for a real protocol: redis-cli's SET and GET recorded through a
// relay to a real redis-server; with redis stopped, a mock port answering like that recording
// gives the same redis-cli the same answers, and a different command is marked where it differs.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { it } from 'node:test';
import { startEngine, type Harness } from '../../support/engine-harness';
import { available, redisCli, startRedis } from '../../support/redis-server';

async function lastClosedOn(h: Harness, listenerId: string) {
  return h.waitFor(async () => {
    const list = await h.must('listConnections', {});
    const mine = list.connections.filter((c) => c.listenerId === listenerId);
    const last = mine[mine.length - 1];
    return last?.state === 'closed' ? last : undefined;
  }, `a closed connection on ${listenerId}`);
}

it('answers redis-cli like the recorded redis-server, with redis stopped', async (t) => {
  if (!(await available('redis-server')) || !(await available('redis-cli'))) {
    t.skip('redis-server / redis-cli not installed (apt-get install redis-server redis-tools)');
    return;
  }
  const h = startEngine();
  t.after(() => h.close());
  const { port: redisPort } = await h.must('suggestPort', { host: '127.0.0.1' });
  const redis = await startRedis(redisPort);
  const relay = await h.must('openListener', {
    host: '127.0.0.1',
    port: 0,
    behaviour: { kind: 'relay', host: '127.0.0.1', port: redisPort },
  });
  const session = 'SET porthole:mock recorded\nGET porthole:mock\n';
  const real = await redisCli(relay.port ?? 0, session);
  assert.match(real, /^OK\s+recorded\s*$/);
  const recording = await lastClosedOn(h, relay.id);
  redis.kill();
  await once(redis, 'exit');

  const mock = await h.must('openListener', {
    host: '127.0.0.1',
    port: 0,
    behaviour: { kind: 'mock', connectionId: recording.id },
  });
  assert.equal(await redisCli(mock.port ?? 0, session), real);
  const served = await lastClosedOn(h, mock.id);
  assert.equal(served.divergedAt, null, 'the same commands match the recording');

  // Another key: redis-cli gets the recorded answers anyway, and the point it differed is marked.
  await redisCli(mock.port ?? 0, 'SET porthole:other recorded\nGET porthole:other\n');
  const differed = await lastClosedOn(h, mock.id);
  assert.notEqual(differed.id, served.id);
  assert.ok(differed.divergedAt !== null, 'marked where the key differs');
  t.diagnostic(
    `the second session differed from the recording at client byte ${differed.divergedAt}`,
  );
});
