// Browser mode against the real engine on 127.0.0.1, with raw HTTP and WebSocket clients:
// token, asset-session cookie, Host (DNS rebinding), Origin, fetch metadata, traversal, headers,
// the wire protocol, the per-socket call queue and backpressure.

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
  type RawResponse,
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

const SESSION_COOKIE =
  /^porthole_session_(\d+)=([A-Za-z0-9_-]{43}); HttpOnly; SameSite=Strict; Path=\/$/;

/** Whatever cookie a response sets, as the `name=value` pair a browser sends back. */
function cookiePair(res: RawResponse): { pair: string; value: string } {
  const header = res.headers['set-cookie'];
  const first = (Array.isArray(header) ? header[0] : header) ?? '';
  const pair = first.split(';')[0] ?? '';
  assert.ok(pair.includes('='), `no cookie set: ${first}`);
  return { pair, value: pair.slice(pair.indexOf('=') + 1) };
}

/** The asset-session value a response's Set-Cookie carries (and checks its shape). */
function sessionFrom(res: RawResponse): string {
  const header = res.headers['set-cookie'];
  assert.ok(Array.isArray(header) && header.length === 1, String(header));
  const match = SESSION_COOKIE.exec(header[0] ?? '');
  assert.ok(match, header[0]);
  assert.equal(Number(match[1]), port);
  return match[2] ?? '';
}

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

describe('printed URL and token', () => {
  test('the URL is 127.0.0.1 with a 256-bit base64url token', () => {
    assert.equal(server.url, `http://127.0.0.1:${port}/?token=${token}`);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  });

  test('without a token: 403 that says what to do and does not echo the token', async () => {
    const res = await httpGet(port, '/');
    assert.equal(res.status, 403);
    assert.match(res.body, /token/);
    assert.match(res.body, /URL Porthole printed/);
    assert.ok(!res.body.includes(token));
    assert.equal(res.headers['set-cookie'], undefined);
  });

  test('with a wrong token (same length too): 403', async () => {
    assert.equal((await httpGet(port, '/?token=wrong')).status, 403);
    const sameLength = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    assert.equal((await httpGet(port, `/?token=${sameLength}`)).status, 403);
  });

  test('with the token: 200, the page, an HttpOnly SameSite=Strict cookie, strict headers, no CORS', async () => {
    const res = await httpGet(port, `/?token=${token}`, { Origin: own });
    assert.equal(res.status, 200);
    assert.match(res.body, /<title>Porthole<\/title>/);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    // The cookie carries the asset session, a second secret, never the token.
    assert.notEqual(sessionFrom(res), token);
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
  });

  test('assets and reloads work with the cookie alone, or the query token; not without', async () => {
    const session = sessionFrom(await httpGet(port, `/?token=${token}`));
    const cookie = { Cookie: `other=1; porthole_session_${port}=${session}` };
    const js = await httpGet(port, '/assets/app.js', cookie);
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.body, 'console.log("ui");');
    const css = await httpGet(port, `/assets/app.css?token=${token}`);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const reload = await httpGet(port, '/', cookie);
    assert.equal(reload.status, 200);
    assert.match(reload.body, /<title>Porthole<\/title>/);
    assert.equal(sessionFrom(reload), session);
    assert.equal((await httpGet(port, '/assets/app.js')).status, 403);
    // A cookie from another Porthole port, or a wrong value, is not enough.
    assert.equal(
      (await httpGet(port, '/', { Cookie: `porthole_session_1=${session}` })).status,
      403,
    );
    assert.equal((await httpGet(port, '/', { Cookie: `porthole_session_${port}=x` })).status, 403);
    // Neither is the token in the cookie: the cookie must hold the asset session.
    assert.equal(
      (await httpGet(port, '/', { Cookie: `porthole_session_${port}=${token}` })).status,
      403,
    );
    assert.equal(
      (await httpGet(port, '/', { Cookie: `porthole_token_${port}=${token}` })).status,
      403,
    );
    // A wrong ?token= is refused even next to a good cookie (a stale URL says so).
    assert.equal((await httpGet(port, '/?token=stale', cookie)).status, 403);
  });

  test('the cookie value opens only static files: as ?token= it opens neither the page nor /ws', async () => {
    // Exactly what another local web server the user visits receives.
    const { pair, value: session } = cookiePair(await httpGet(port, `/?token=${token}`));
    assert.equal((await httpGet(port, `/?token=${session}`)).status, 403);
    assert.equal((await httpGet(port, `/assets/app.js?token=${session}`)).status, 403);
    const byQuery = await wsConnect(`ws://127.0.0.1:${port}/ws?token=${session}`, { origin: own });
    assert.equal(byQuery.kind === 'refused' && byQuery.status, 403);
    const byCookie = await wsConnect(`ws://127.0.0.1:${port}/ws`, {
      origin: own,
      headers: { Cookie: pair },
    });
    assert.equal(byCookie.kind === 'refused' && byCookie.status, 403);
    const both = await wsConnect(`ws://127.0.0.1:${port}/ws?token=${session}`, {
      origin: own,
      headers: { Cookie: pair },
    });
    assert.equal(both.kind === 'refused' && both.status, 403);
    // It still serves the assets and the page.
    const cookie = { Cookie: pair };
    assert.equal((await httpGet(port, '/assets/app.js', cookie)).status, 200);
    assert.equal((await httpGet(port, '/index.html', cookie)).status, 200);
  });

  test('the token never appears in any Set-Cookie header', async () => {
    const launch = new URL(server.launchUrl());
    const responses = [
      await httpGet(port, `/?token=${token}`),
      await httpGet(port, `/index.html?token=${token}`),
      await httpGet(port, `/?token=${token}`, {}, 'HEAD'),
      await httpGet(port, `/assets/app.js?token=${token}`),
      await httpGet(port, `${launch.pathname}${launch.search}`),
    ];
    const { pair, value: session } = cookiePair(responses[0] as RawResponse);
    responses.push(await httpGet(port, '/', { Cookie: pair }));
    let cookies = 0;
    for (const res of responses) {
      const header = res.headers['set-cookie'];
      for (const value of Array.isArray(header) ? header : header ? [header] : []) {
        cookies += 1;
        assert.ok(!value.includes(token), value);
        assert.ok(value.includes(session), value);
      }
    }
    assert.equal(cookies, 5); // every page load and the launch redirect; not the asset
  });

  test('HEAD gets headers only; other methods get 405', async () => {
    const head = await httpGet(port, `/assets/app.js?token=${token}`, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    const post = await httpGet(port, `/?token=${token}`, {}, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('a one-time launch code is swapped for the token and the cookie, once', async () => {
    const url = new URL(server.launchUrl());
    assert.equal(url.searchParams.get('token'), null);
    const path = `${url.pathname}${url.search}`;
    const first = await httpGet(port, path);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, `/?token=${token}`);
    assert.notEqual(sessionFrom(first), token);
    assert.equal((await httpGet(port, path)).status, 403);
  });
});

describe('Host, Origin and fetch metadata', () => {
  test('a foreign Host is refused even with the token (DNS rebinding)', async () => {
    const withToken = `/?token=${token}`;
    for (const host of [
      `evil.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`,
      `[::1]:${port}`,
    ]) {
      const res = await httpGet(port, withToken, { Host: host });
      assert.equal(res.status, 421, host);
      assert.match(res.body, /DNS-rebinding/);
    }
    assert.equal((await httpGet(port, withToken, { Host: `localhost:${port}` })).status, 200);
    const noHost = await rawHttp(port, `GET ${withToken} HTTP/1.0\r\n\r\n`);
    assert.match(noHost, /^HTTP\/1\.1 421 /);
  });

  test('a foreign Origin is refused on HTTP', async () => {
    const withToken = `/?token=${token}`;
    for (const origin of [
      'http://evil.example',
      'null',
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
    ]) {
      const res = await httpGet(port, withToken, { Origin: origin });
      assert.equal(res.status, 403, origin);
      assert.ok(!res.body.includes(token));
    }
    assert.equal(
      (await httpGet(port, withToken, { Origin: `http://localhost:${port}` })).status,
      200,
    );
  });

  test('cross-site fetch metadata is refused; same-site only for navigations', async () => {
    const withToken = `/?token=${token}`;
    const site = (s: string, mode: string) => ({ 'Sec-Fetch-Site': s, 'Sec-Fetch-Mode': mode });
    assert.equal((await httpGet(port, withToken, site('cross-site', 'navigate'))).status, 403);
    assert.equal(
      (await httpGet(port, '/assets/app.js?token=' + token, site('same-site', 'no-cors'))).status,
      403,
    );
    assert.equal((await httpGet(port, withToken, site('same-site', 'navigate'))).status, 200);
    assert.equal((await httpGet(port, withToken, site('none', 'navigate'))).status, 200);
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
        `GET ${path}?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      );
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]);
      assert.ok(status === 400 || status === 404, `${path} -> ${status}`);
      assert.ok(!reply.includes(SECRET), path);
    }
  });

  test('unknown files are 404 with the security headers', async () => {
    const res = await httpGet(port, `/nope.js?token=${token}`);
    assert.equal(res.status, 404);
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  });

  test('source maps are not served, though they are in the folder', async () => {
    const res = await httpGet(port, `/assets/app.js.map?token=${token}`);
    assert.equal(res.status, 404);
    assert.ok(!res.body.includes('secret.ts'));
  });
});

describe('slow and too many connections', () => {
  test('a client that never finishes its headers is cut off (slowloris)', async () => {
    const socket = connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    socket.write(`GET /?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
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
    assert.equal((await httpGet(port, `/?token=${token}`)).status, 200);
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

  test('no cookie opens the socket (other local ports see cookies)', async () => {
    const session = sessionFrom(await httpGet(port, `/?token=${token}`));
    for (const value of [
      `porthole_session_${port}=${session}`,
      `porthole_session_${port}=${token}`,
    ]) {
      const outcome = await wsConnect(`ws://127.0.0.1:${port}/ws`, {
        origin: `http://127.0.0.1:${port}`,
        headers: { Cookie: value },
      });
      assert.equal(outcome.kind === 'refused' && outcome.status, 403, value);
    }
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
    'a client that stops reading is closed with 4000 (resync); others keep receiving',
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
      slow.ws.resume();
      const { code, reason } = await slow.closed();
      assert.equal(code, 4000);
      assert.match(reason, /resync/);
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
