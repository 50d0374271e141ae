// Taking turns against a real redis-server: redis-cli's conversation, recorded through a relay,
// replayed straight to redis gets the same answers, one turn at a time.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Chunk } from '../../../shared/model';
import { startEngine } from '../../support/engine-harness';
import { available, redisCli, startRedis } from '../../support/redis-server';

it('replays a redis-cli session to redis-server taking turns, with the same answers', async (t) => {
  if (!(await available('redis-server')) || !(await available('redis-cli'))) {
    t.skip('redis-server / redis-cli not installed (apt-get install redis-server redis-tools)');
    return;
  }
  const h = startEngine();
  t.after(() => h.close());
  const { port: redisPort } = await h.must('suggestPort', { host: '127.0.0.1' });
  const redis = await startRedis(redisPort);
  t.after(() => redis.kill());
  const relay = await h.must('openListener', {
    host: '127.0.0.1',
    port: 0,
    behaviour: { kind: 'relay', host: '127.0.0.1', port: redisPort },
  });
  // One connection, four commands: redis-cli reads them from stdin and waits for each answer.
  const out = await redisCli(
    relay.port ?? 0,
    'SET porthole:replay hello\nGET porthole:replay\nPING\nECHO turns\n',
  );
  assert.match(out, /OK\s+hello\s+PONG\s+turns/);

  const original = await h.waitFor(async () => {
    const list = await h.must('listConnections', {});
    const conn = list.connections.find((c) => c.listenerId === relay.id);
    return conn?.state === 'closed' ? conn : undefined;
  }, 'the redis-cli session to close');
  const replay = await h.must('replayConnection', {
    connectionId: original.id,
    target: { kind: 'address', host: '127.0.0.1', port: redisPort },
    pacing: 'turns',
  });
  const done = await h.waitForConnection(replay.id, (c) => c.state === 'closed', 'the replay');
  assert.equal(done.endReason, 'replay-finished', JSON.stringify(done.error));

  const read = async (id: number, direction: 'in' | 'out', length: number) =>
    Buffer.from(
      (await h.must('readPayload', { connectionId: id, direction, offset: 0, length })).data,
      'base64',
    ).toString('latin1');
  // redis-cli asks for COMMAND DOCS first, whose answer lists commands in no fixed order; the
  // answers to the session's own commands are the same, byte for byte.
  const answers = '+OK\r\n$5\r\nhello\r\n+PONG\r\n$5\r\nturns\r\n';
  assert.ok((await read(original.id, 'out', original.out.captured)).endsWith(answers));
  assert.ok((await read(done.id, 'out', done.out.captured)).endsWith(answers));
  assert.equal(done.in.captured, original.in.captured);

  // Taking turns: each command went out only after the answer to the one before, so the
  // replay's turns (commands, then replies) are the original's.
  const turns = async (id: number, count: number) => {
    const chunks: Chunk[] = await h.must('readChunks', { connectionId: id, from: 0, count });
    return chunks
      .map((c) => (c.direction === 'in' ? 'C' : 'R'))
      .join('')
      .replace(/C+/g, 'C')
      .replace(/R+/g, 'R');
  };
  const replayTurns = await turns(done.id, done.chunkCount);
  t.diagnostic(`turns (C = commands written, R = replies read): ${replayTurns}`);
  assert.equal(replayTurns, await turns(original.id, original.chunkCount));
  assert.ok(replayTurns.length >= 8, 'at least the four commands and their replies');
});
