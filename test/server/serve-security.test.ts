// Browser mode against the real engine on 127.0.0.1, with raw HTTP and WebSocket clients:
// one-time links and the session exchange, the token, cookies that change nothing, Host (DNS
// rebinding), Origin, fetch metadata, traversal, headers, the launch file, the wire protocol,
// the per-socket call queue and backpressure.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMAND_NAMES, MAX_READ_BYTES, type Result } from '../../shared/contract';
import type { ConnectionInfo, ListenerInfo } from '../../shared/model';
import { createEngine, type Engine } from '../../engine';
import { CONTENT_SECURITY_POLICY } from '../../server/security-headers';
import { startServer, type RunningServer } from '../../server/start-server';
import { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from '../../server/ws-transport';
import {
  httpGet,
  maskedTextFrame,
  rawHttp,
  rawWsConnect,
  readServerFrames,
  waitForStats,
  WireClient,
  wsConnect,
} from '../support/serve-client';

const SECRET = 'top-secret-outside-the-ui-folder';
let dir: string;
let uiDir: string;
let engine: Engine;
let server: RunningServer;
let port: number;
let token: string;
let own: string;

function makeUiFolder(): void {
  dir = mkdtempSync(join(tmpdir(), 'porthole-serve-'));
  uiDir = join(dir, 'ui');
  mkdirSync(join(uiDir, 'assets'), { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Porthole</title>');
  writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log("ui");');
  writeFileSync(join(uiDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(uiDir, 'assets', 'app.js.map'), '{"sources":["../../engine/secret.ts"]}');
  writeFileSync(join(uiDir, '.hidden'), SECRET);
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'package.json'), SECRET);
}

async function openTcp(target: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: target });
  await once(socket, 'connect');
  return socket;
}

async function openWire(
  headers: Record<string, string> = {},
  target: { port: number; token: string } = { port, token },
): Promise<WireClient> {
  const outcome = await wsConnect(`ws://127.0.0.1:${target.port}/ws?token=${target.token}`, {
    origin: `http://127.0.0.1:${target.port}`,
    headers,
  });
  assert.equal(outcome.kind, 'open', JSON.stringify(outcome));
  return new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
}

/** A server and engine of its own, for tests that count transport stats or change limits. */
async function startOwnServer(
  limits: Partial<TransportLimits> = {},
): Promise<{ server: RunningServer; close: () => Promise<void> }> {
  const ownEngine = createEngine({ batchIntervalMs: 16 });
  const ownServer = await startServer({
    engine: ownEngine,
    staticDir: uiDir,
    transportLimits: limits,
    log: () => undefined,
  });
  return {
    server: ownServer,
    async close() {
      await ownServer.close();
      await ownEngine.close();
    },
  };
}

/** POST /session as Porthole's page sends it (its Origin), with `code` as the body. */
function postSession(code: string, headers: Record<string, string> = { Origin: own }) {
  return httpGet(port, '/session', headers, 'POST', code);
}

const codeOf = (link: string) => new URL(link).hash.slice('#code='.length);

before(async () => {
  makeUiFolder();
  engine = createEngine({ batchIntervalMs: 16 });
  server = await startServer({ engine, port: 0, staticDir: uiDir, log: () => undefined });
  ({ port, token } = server);
  own = `http://127.0.0.1:${port}`;
});

after(async () => {
  await server.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('links, the session and the UI files', () => {
  test('a link is 127.0.0.1 with a one-time 256-bit code in its fragment; never the token', () => {
    const link = server.newLink();
    assert.match(link, new RegExp(`^http://127\\.0\\.0\\.1:${port}/#code=[A-Za-z0-9_-]{43}$`));
    assert.ok(!link.includes(token));
    assert.notEqual(server.newLink(), link);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  });

  test('a code is swapped for the token once; spent, unknown or expired codes get a 403 that says what to do', async () => {
    const code = codeOf(server.newLink());
    const first = await postSession(code);
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(first.body), { token });
    const again = await postSession(code);
    assert.equal(again.status, 403);
    assert.match(again.body, /already used or has expired/);
    assert.match(again.body, /press Enter in Porthole's terminal/);
    assert.ok(!again.body.includes(token));
    assert.equal((await postSession('x'.repeat(43))).status, 403);
    assert.equal((await postSession('')).status, 403);
    assert.equal((await postSession('y'.repeat(10_000))).status, 403);
    // A code for a browser launcher also expires within a minute (checked in launch-codes
    // tests with a clock); used at once, it works.
    assert.equal((await postSession(codeOf(server.launchLink()))).status, 200);
  });

  test('only our page may ask: no Origin, a foreign Origin or another site is refused, and the code survives', async () => {
    const code = codeOf(server.newLink());
    assert.equal((await postSession(code, {})).status, 403);
    assert.equal((await postSession(code, { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await postSession(code, { Origin: `http://127.0.0.1:${port + 1}` })).status, 403);
    const sameSite = { Origin: own, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' };
    assert.equal((await postSession(code, sameSite)).status, 403);
    assert.equal((await httpGet(port, '/session', { Origin: own })).status, 405);
    // Refused before it was read: the code is still good for the page.
    const ok = await postSession(code, { Origin: `http://localhost:${port}` });
    assert.equal(ok.status, 200);
    for (const name of Object.keys(ok.headers)) assert.ok(!name.startsWith('access-control-'));
  });

  test('the UI files load without any credential or cookie, with strict headers and no CORS', async () => {
    const res = await httpGet(port, '/', { Origin: own });
    assert.equal(res.status, 200);
    assert.match(res.body, /<title>Porthole<\/title>/);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
    for (const name of Object.keys(res.headers))
      assert.ok(!name.startsWith('access-control-'), name);
    const js = await httpGet(port, '/assets/app.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.body, 'console.log("ui");');
    assert.equal(
      (await httpGet(port, '/assets/app.css')).headers['content-type'],
      'text/css; charset=utf-8',
    );
  });

  test('cookies another local server planted change nothing: the UI still loads, and no cookie opens the socket', async () => {
    // Any service on 127.0.0.1 can set cookies for 127.0.0.1 (cookies ignore ports).
    const planted = {
      Cookie: `porthole_session_${port}=planted; porthole_token=${'A'.repeat(43)}; a=${'b'.repeat(3000)}`,
    };
    assert.equal((await httpGet(port, '/', planted)).status, 200);
    assert.equal((await httpGet(port, '/assets/app.js', planted)).status, 200);
    const code = codeOf(server.newLink());
    assert.equal((await postSession(code, { Origin: own, ...planted })).status, 200);
    for (const value of [planted.Cookie, `porthole_session_${port}=${token}`, `token=${token}`]) {
      const outcome = await wsConnect(`ws://127.0.0.1:${port}/ws`, {
        origin: own,
        headers: { Cookie: value },
      });
      assert.equal(outcome.kind === 'refused' && outcome.status, 403, value);
    }
  });

  test('HEAD gets headers only; other methods get 405', async () => {
    const head = await httpGet(port, '/assets/app.js', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    const put = await httpGet(port, '/', { Origin: own }, 'PUT');
    assert.equal(put.status, 405);
    assert.equal(put.headers.allow, 'GET, HEAD');
    const post = await httpGet(port, '/', { Origin: own }, 'POST');
    assert.equal(post.status, 405);
  });
});

describe('Host, Origin and fetch metadata', () => {
  test('a foreign Host is refused (DNS rebinding)', async () => {
    const pagePath = '/';
    for (const host of [
      `evil.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`,
      `[::1]:${port}`,
    ]) {
      const res = await httpGet(port, pagePath, { Host: host });
      assert.equal(res.status, 421, host);
      assert.match(res.body, /DNS-rebinding/);
    }
    assert.equal((await httpGet(port, pagePath, { Host: `localhost:${port}` })).status, 200);
    const noHost = await rawHttp(port, `GET ${pagePath} HTTP/1.0\r\n\r\n`);
    assert.match(noHost, /^HTTP\/1\.1 421 /);
  });

  test('a foreign Origin is refused on HTTP', async () => {
    const pagePath = '/';
    for (const origin of [
      'http://evil.example',
      'null',
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
    ]) {
      const res = await httpGet(port, pagePath, { Origin: origin });
      assert.equal(res.status, 403, origin);
      assert.ok(!res.body.includes(token));
    }
    assert.equal(
      (await httpGet(port, pagePath, { Origin: `http://localhost:${port}` })).status,
      200,
    );
  });

  test('cross-site fetch metadata is refused; same-site only for navigations', async () => {
    const pagePath = '/';
    const site = (s: string, mode: string) => ({ 'Sec-Fetch-Site': s, 'Sec-Fetch-Mode': mode });
    assert.equal((await httpGet(port, pagePath, site('cross-site', 'navigate'))).status, 403);
    assert.equal((await httpGet(port, '/assets/app.js', site('same-site', 'no-cors'))).status, 403);
    assert.equal((await httpGet(port, pagePath, site('same-site', 'navigate'))).status, 200);
    assert.equal((await httpGet(port, pagePath, site('none', 'navigate'))).status, 200);
  });
});

describe('static files', () => {
  test('path traversal and hidden files are refused, raw or percent-encoded', async () => {
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/package.json',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fpackage.json',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/%00',
      '/.hidden',
      '/%2ehidden',
      '/assets/',
      '//secret.txt',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const reply = await rawHttp(
        port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      );
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]);
      assert.ok(status === 400 || status === 404, `${path} -> ${status}`);
      assert.ok(!reply.includes(SECRET), path);
    }
  });

  test('unknown files are 404 with the security headers', async () => {
    const res = await httpGet(port, '/nope.js');
    assert.equal(res.status, 404);
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  });

  test('source maps are not served, though they are in the folder', async () => {
    const res = await httpGet(port, '/assets/app.js.map');
    assert.equal(res.status, 404);
    assert.ok(!res.body.includes('secret.ts'));
  });
});

describe('slow and too many connections', () => {
  test('a client that never finishes its headers is cut off (slowloris)', async () => {
    const socket = connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    const reply: string[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => reply.push(text));
    // The server ends it (408), well before Node's defaults would; the bound here is only a
    // safety net against a hang.
    await once(socket, 'close');
    assert.match(reply.join(''), /^HTTP\/1\.1 408/);
  });

  test('connections beyond the cap are dropped at once; the ones before keep working', async () => {
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 256; i++) {
        const s = connect({ host: '127.0.0.1', port });
        s.on('error', () => undefined);
        sockets.push(s);
      }
      await Promise.all(sockets.map((s) => once(s, 'connect')));
      const extra = connect({ host: '127.0.0.1', port });
      extra.on('error', () => undefined);
      await once(extra, 'close');
    } finally {
      for (const s of sockets) s.destroy();
    }
    // Once they are gone, a normal request is served again.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await httpGet(port, '/')).status, 200);
  });
});

describe('WebSocket /ws', () => {
  const wsUrl = () => `ws://127.0.0.1:${port}/ws?token=${token}`;

  test('refused without the token, with a wrong one, or with a foreign or missing Origin', async () => {
    const noToken = await wsConnect(`ws://127.0.0.1:${port}/ws`, { origin: own });
    assert.equal(noToken.kind === 'refused' && noToken.status, 403);
    assert.ok(noToken.kind === 'refused' && !noToken.body.includes(token));
    const wrong = await wsConnect(`ws://127.0.0.1:${port}/ws?token=nope`, { origin: own });
    assert.equal(wrong.kind === 'refused' && wrong.status, 403);
    const evil = await wsConnect(wsUrl(), { origin: 'http://evil.example' });
    assert.equal(evil.kind === 'refused' && evil.status, 403);
    const noOrigin = await wsConnect(wsUrl());
    assert.equal(noOrigin.kind === 'refused' && noOrigin.status, 403);
    const host = await wsConnect(wsUrl(), {
      origin: own,
      headers: { Host: `evil.example:${port}` },
    });
    assert.equal(host.kind === 'refused' && host.status, 421);
    const path = await wsConnect(`ws://127.0.0.1:${port}/other?token=${token}`, { origin: own });
    assert.equal(path.kind === 'refused' && path.status, 404);
  });

  test('the query token opens the socket; the localhost origin works too', async () => {
    const outcome = await wsConnect(`ws://localhost:${port}/ws?token=${token}`, {
      origin: `http://localhost:${port}`,
    });
    assert.equal(outcome.kind, 'open');
    if (outcome.kind === 'open') outcome.ws.close();
  });

  test('openListener over the wire, then a batch shows a TCP client connecting to it', async () => {
    const client = await openWire();
    const opened = (await client.call('openListener', { port: 0 })) as Result<ListenerInfo>;
    assert.ok(opened.ok, JSON.stringify(opened));
    const listenerPort = opened.value.port;
    assert.ok(typeof listenerPort === 'number' && listenerPort > 0);

    const tcp = await openTcp(listenerPort);
    tcp.write('hello porthole');
    const batch = await client.waitFor(
      (m) =>
        m.type === 'batch' &&
        m.batch.connections.some(
          (c: ConnectionInfo) => c.remotePort === tcp.localPort && c.in.received === 14,
        ),
    );
    assert.equal(batch.type, 'batch');
    tcp.destroy();

    const closed = (await client.call('closeListener', {
      id: opened.value.id,
    })) as Result<ListenerInfo>;
    assert.ok(closed.ok);
    client.ws.close();
  });

  test('several tabs each receive every batch', async () => {
    const [a, b] = await Promise.all([openWire(), openWire()]);
    const opened = (await a.call('openListener', { port: 0 })) as Result<ListenerInfo>;
    assert.ok(opened.ok);
    const sawListener = (m: { type: string; batch?: { listeners: readonly ListenerInfo[] } }) =>
      m.type === 'batch' && !!m.batch?.listeners.some((l) => l.id === opened.value.id);
    await Promise.all([a.waitFor(sawListener), b.waitFor(sawListener)]);
    await a.call('closeListener', { id: opened.value.id });
    a.ws.close();
    b.ws.close();
  });

  test('unknown commands and bad arguments get error envelopes; the socket stays open', async () => {
    const client = await openWire();
    const unknown = (await client.call('rmRf', {})) as Result<unknown>;
    assert.equal(!unknown.ok && unknown.error.code, 'UNKNOWN_COMMAND');
    const proto = (await client.call('__proto__', {})) as Result<unknown>;
    assert.equal(!proto.ok && proto.error.code, 'UNKNOWN_COMMAND');
    const badPort = (await client.call('openListener', { port: 70000 })) as Result<unknown>;
    assert.equal(!badPort.ok && badPort.error.code, 'INVALID_PORT');
    const extra = (await client.call('listListeners', { evil: true })) as Result<unknown>;
    assert.equal(!extra.ok && extra.error.code, 'INVALID_ARGUMENT');
    const listed = (await client.call('listListeners', {})) as Result<unknown>;
    assert.ok(listed.ok);
    client.ws.close();
  });

  test('every contract command is reachable over the wire (none is UNKNOWN_COMMAND)', async () => {
    const client = await openWire();
    for (const name of COMMAND_NAMES) {
      const result = (await client.call(name, {})) as Result<unknown>;
      assert.ok(result.ok || result.error.code !== 'UNKNOWN_COMMAND', name);
    }
    client.ws.close();
  });

  test('malformed JSON, non-calls, binary and oversized frames close that socket only', async () => {
    const cases: [string | Buffer, number][] = [
      ['{not json', 1007],
      [JSON.stringify({ type: 'call', name: 'listListeners' }), 1008],
      [JSON.stringify([1, 2, 3]), 1008],
      [Buffer.from([1, 2, 3]), 1003],
      ['x'.repeat(1024 * 1024 + 1), 1009],
    ];
    for (const [payload, code] of cases) {
      const client = await openWire();
      client.ws.send(payload);
      assert.equal((await client.closed()).code, code);
    }
    const healthy = await openWire();
    assert.ok(((await healthy.call('getStats', {})) as Result<unknown>).ok);
    healthy.ws.close();
  });
});

describe('backpressure', () => {
  test(
    'a client that stops reading is cut off (its backlog dropped) to resync; others keep receiving',
    { timeout: 60_000 },
    async (t) => {
      const isolated = await startOwnServer({ slowClientBytes: 256 * 1024 });
      const slowServer = isolated.server;
      const sockets: Socket[] = [];
      t.after(async () => {
        for (const s of sockets) s.destroy();
        await isolated.close();
      });
      const target = { port: slowServer.port, token: slowServer.token };
      const fast = await openWire({}, target);
      const slow = await openWire({}, target);
      const opened = (await fast.call('openListener', { port: 0 })) as Result<ListenerInfo>;
      assert.ok(opened.ok && opened.value.port);
      const listenerPort = opened.value.port;
      sockets.push(
        ...(await Promise.all(Array.from({ length: 200 }, () => openTcp(listenerPort)))),
      );
      // The slow tab stops reading: its socket buffers fill, then the server's send buffer.
      slow.ws.pause();
      // Keep every connection changing so each batch is large: each batch the fast tab receives
      // sets off the next round of writes, until the slow tab is cut off.
      const resynced = waitForStats(slowServer, (s) => s.resyncs > 0);
      let churning = true;
      const churn = (): void => {
        if (churning) for (const s of sockets) s.write('x');
      };
      fast.ws.on('message', churn);
      churn();
      await resynced;
      churning = false;
      fast.ws.off('message', churn);
      assert.equal(slowServer.stats().resyncs, 1);
      const seqBefore = Math.max(
        ...fast.messages.map((m) => (m.type === 'batch' ? m.batch.seq : 0)),
      );
      // Reset, not closed: a close frame would wait behind the whole backlog it was cut off for.
      slow.ws.resume();
      const { code } = await slow.closed();
      assert.equal(code, 1006);
      for (const s of sockets) s.write('y');
      // The fast tab was never cut off: it keeps getting batches and answers.
      await fast.waitFor((m) => m.type === 'batch' && m.batch.seq > seqBefore);
      assert.ok(((await fast.call('getStats', {})) as Result<unknown>).ok);
      fast.ws.close();
    },
  );
});

describe('call queue', () => {
  interface QueueFixture {
    readonly server: RunningServer;
    readonly limits: TransportLimits;
    /** N readPayload calls of 1 MiB each (the most one call may ask for), as masked frames. */
    readonly frames: (count: number) => Buffer;
    readonly connectRaw: () => ReturnType<typeof rawWsConnect>;
    readonly close: () => Promise<void>;
  }

  /** A server of its own holding one connection with 1 MiB captured. */
  async function queueFixture(overrides: Partial<TransportLimits> = {}): Promise<QueueFixture> {
    const isolated = await startOwnServer(overrides);
    const target = { port: isolated.server.port, token: isolated.server.token };
    const wire = await openWire({}, target);
    const opened = (await wire.call('openListener', { port: 0 })) as Result<ListenerInfo>;
    assert.ok(opened.ok && opened.value.port);
    const tcp = await openTcp(opened.value.port);
    tcp.write(Buffer.alloc(MAX_READ_BYTES, 0x61));
    const batch = await wire.waitFor(
      (m) =>
        m.type === 'batch' &&
        m.batch.connections.some(
          (c) => c.remotePort === tcp.localPort && c.in.captured === MAX_READ_BYTES,
        ),
      15_000,
    );
    const connection =
      batch.type === 'batch'
        ? batch.batch.connections.find((c) => c.remotePort === tcp.localPort)
        : undefined;
    assert.ok(connection);
    wire.ws.close();
    await wire.closed();
    const args = {
      connectionId: connection.id,
      direction: 'in',
      offset: 0,
      length: MAX_READ_BYTES,
    };
    return {
      server: isolated.server,
      limits: { ...DEFAULT_TRANSPORT_LIMITS, ...overrides },
      frames: (count) =>
        Buffer.concat(
          Array.from({ length: count }, (_, i) =>
            maskedTextFrame(JSON.stringify({ type: 'call', id: i + 1, name: 'readPayload', args })),
          ),
        ),
      connectRaw: () =>
        rawWsConnect(target.port, `/ws?token=${target.token}`, `http://127.0.0.1:${target.port}`),
      async close() {
        tcp.destroy();
        await isolated.close();
      },
    };
  }

  test(
    'a client that pipelines calls and stops reading stalls at the send-buffer limit, then gets every answer',
    { timeout: 60_000 },
    async (t) => {
      const fixture = await queueFixture(); // default limits
      t.after(() => fixture.close());
      const { server: queueServer, limits } = fixture;
      const calls = 200; // below maxQueuedCalls: this client is greedy, not over the line
      const { socket, rest } = await fixture.connectRaw();
      t.after(() => socket.destroy());
      // Every call in one TCP write; the client reads nothing yet.
      socket.write(fixture.frames(calls));
      // The server runs calls only while the send buffer has room: once the calls it started are
      // done, the rest wait in the queue (nothing is in flight, yet calls are queued). 200 answers
      // of 1 MiB would otherwise all be built and buffered.
      const stalled = await waitForStats(queueServer, (s) => s.queued > 0 && s.inFlight === 0);
      assert.ok(stalled.queued < calls, JSON.stringify(stalled));
      assert.ok(stalled.peakInFlight <= limits.maxInFlight, JSON.stringify(stalled));
      assert.ok(stalled.peakQueued <= limits.maxQueuedCalls, JSON.stringify(stalled));
      // Once the client reads, the queue drains (send callbacks restart it): every call is answered.
      const frames = await readServerFrames(
        socket,
        rest,
        (f) => f.messages.filter((m) => m.type === 'result').length === calls,
      );
      assert.equal(frames.close, null);
      const ids = frames.messages.filter((m) => m.type === 'result').map((m) => m.id);
      assert.equal(new Set(ids).size, calls);
      const settled = await waitForStats(queueServer, (s) => s.queued === 0 && s.inFlight === 0);
      assert.ok(settled.peakInFlight <= limits.maxInFlight);
      assert.equal(settled.overflows, 0);
    },
  );

  test(
    'a client that pipelines more calls than the queue holds is closed with 1008, unanswered',
    { timeout: 60_000 },
    async (t) => {
      // A small queue, so it overflows within the first read of the socket whatever the OS does
      // with the TCP write: then every call arrives in the same tick, and none completes first.
      const fixture = await queueFixture({ maxQueuedCalls: 32 });
      t.after(() => fixture.close());
      const { server: queueServer, limits } = fixture;
      const calls = 400; // 400 answers of 1 MiB each would be far past every memory limit
      const { socket, rest } = await fixture.connectRaw();
      t.after(() => socket.destroy());
      socket.write(fixture.frames(calls));
      const stats = await waitForStats(queueServer, (s) => s.overflows > 0);
      assert.equal(stats.overflows, 1);
      assert.equal(stats.peakQueued, limits.maxQueuedCalls);
      assert.equal(stats.peakInFlight, limits.maxInFlight);
      // The client finally reads: no answer (the calls that had started are not sent), then the
      // close frame.
      const frames = await readServerFrames(socket, rest);
      assert.equal(frames.close?.code, 1008);
      assert.match(frames.close?.reason ?? '', /Too many calls waiting/);
      const results = frames.messages.filter((m) => m.type === 'result').length;
      assert.ok(results <= limits.maxInFlight, `${results} answers`);
      const settled = await waitForStats(queueServer, (s) => s.queued === 0 && s.inFlight === 0);
      assert.equal(settled.overflows, 1);
      // Other sockets are unaffected.
      const healthy = await openWire({}, { port: queueServer.port, token: queueServer.token });
      assert.ok(((await healthy.call('getStats', {})) as Result<unknown>).ok);
      healthy.ws.close();
    },
  );
});
