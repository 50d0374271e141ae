// Real protocol clients through the relay, unchanged: redis-cli talking to a real redis-server,
// and curl talking to an HTTP server, each through a Porthole relay port. Both directions must be
// captured exactly as they passed (the RESP commands and replies, the request and response).

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startEngine, type Harness } from '../../support/engine-harness';
import { available, startRedis } from '../../support/redis-server';

const run = promisify(execFile);

/**
 * A client stuck on a relay that never answers would wait forever: killed after this, so the
 * test fails with the command's error instead of hanging.
 */
const CLIENT_TIMEOUT_MS = 10_000;

async function capturedText(h: Harness, id: number, direction: 'in' | 'out'): Promise<string> {
  const conn = await h.must('getConnection', { id });
  const length = conn[direction].captured;
  if (length === 0) return '';
  const read = await h.must('readPayload', { connectionId: id, direction, offset: 0, length });
  return Buffer.from(read.data, 'base64').toString('latin1');
}

describe('real clients through the relay', () => {
  let h: Harness;
  before(() => {
    h = startEngine();
  });
  after(() => h.close());

  it('redis-cli ↔ redis-server: commands work and both directions are captured', async (t) => {
    if (!(await available('redis-server')) || !(await available('redis-cli'))) {
      t.skip('redis-server / redis-cli not installed (apt-get install redis-server redis-tools)');
      return;
    }
    const { port: redisPort } = await h.must('suggestPort', { host: '127.0.0.1' });
    const redis = await startRedis(redisPort);
    try {
      const relay = await h.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'relay', host: '127.0.0.1', port: redisPort },
      });
      const target = ['-h', '127.0.0.1', '-p', String(relay.port)];
      const cli = (...args: string[]) =>
        run('redis-cli', [...target, ...args], { timeout: CLIENT_TIMEOUT_MS });
      // A value too big for a command line goes in on stdin (-x), as users do it.
      const cliWithStdin = async (input: string, ...args: string[]) => {
        const child = spawn('redis-cli', [...target, '-x', ...args], {
          timeout: CLIENT_TIMEOUT_MS,
        });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.stdin.end(input);
        await once(child, 'close');
        return out;
      };
      const big = 'x'.repeat(200_000);
      assert.equal((await cli('SET', 'porthole:key', 'hello relay')).stdout.trim(), 'OK');
      assert.equal((await cli('GET', 'porthole:key')).stdout.trim(), 'hello relay');
      assert.equal((await cliWithStdin(big, 'SET', 'porthole:big')).trim(), 'OK');
      assert.equal((await cli('STRLEN', 'porthole:big')).stdout.trim(), '200000');
      assert.equal((await cli('GET', 'porthole:big')).stdout.trim(), big);

      const page = await h.waitFor(async () => {
        const list = await h.must('listConnections', {});
        const mine = list.connections.filter((c) => c.listenerId === relay.id);
        return mine.length === 5 && mine.every((c) => c.state === 'closed') ? mine : undefined;
      }, 'five closed relayed connections');
      for (const conn of page) {
        assert.equal(conn.behaviour, 'relay');
        assert.equal(conn.upstream?.port, redisPort);
        assert.equal(conn.error, null, JSON.stringify(conn.error));
      }
      const [set, get, , , getBig] = page;
      assert.ok(set !== undefined && get !== undefined && getBig !== undefined);
      assert.match(await capturedText(h, set.id, 'in'), /\$3\r\nSET\r\n\$12\r\nporthole:key\r\n/);
      assert.equal(await capturedText(h, set.id, 'out'), '+OK\r\n');
      assert.equal(await capturedText(h, get.id, 'out'), '$11\r\nhello relay\r\n');
      assert.equal(await capturedText(h, getBig.id, 'out'), `$200000\r\n${big}\r\n`);
    } finally {
      const exited = once(redis, 'exit');
      redis.kill('SIGTERM');
      await exited;
    }
  });

  it('curl ↔ an HTTP server: the response arrives unchanged and the exchange is captured', async (t) => {
    if (!(await available('curl'))) {
      t.skip('curl not installed (apt-get install curl)');
      return;
    }
    const body = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i })) });
    const upstream = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-path', req.url ?? '');
      res.end(body);
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const address = upstream.address();
    const upstreamPort = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const relay = await h.must('openListener', {
        host: 'localhost',
        port: 0,
        behaviour: { kind: 'relay', host: '127.0.0.1', port: upstreamPort },
      });
      const { stdout } = await run('curl', [
        '-sS',
        '--fail',
        '-H',
        'X-Client: porthole-test',
        `http://127.0.0.1:${relay.port}/api/items?page=1`,
        '--max-time',
        String(CLIENT_TIMEOUT_MS / 1000),
      ]);
      assert.equal(stdout, body);
      const conn = await h.waitFor(async () => {
        const list = await h.must('listConnections', {});
        const c = list.connections.find((x) => x.listenerId === relay.id);
        return c?.state === 'closed' ? c : undefined;
      }, 'the relayed curl connection closed');
      const request = await capturedText(h, conn.id, 'in');
      assert.match(request, /^GET \/api\/items\?page=1 HTTP\/1\.1\r\n/);
      assert.match(request, /X-Client: porthole-test\r\n/);
      const response = await capturedText(h, conn.id, 'out');
      assert.match(response, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(response, /x-path: \/api\/items\?page=1\r\n/i);
      assert.ok(response.endsWith(body));
    } finally {
      upstream.close();
    }
  });
});
