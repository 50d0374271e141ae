// Browser mode against the real engine on 127.0.0.1, with raw HTTP and WebSocket clients:
// token, cookie, Host (DNS rebinding), Origin, fetch metadata, traversal, headers, the wire
// protocol and backpressure.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMAND_NAMES, type Result } from '../../shared/contract';
import type { ConnectionInfo, ListenerInfo } from '../../shared/model';
import { createEngine } from '../../electron/capture/engine';
import type { Engine } from '../../electron/capture/engine-api';
import { CONTENT_SECURITY_POLICY } from '../../electron/serve/security-headers';
import { startServer, type RunningServer } from '../../electron/serve/start-server';
import { httpGet, rawHttp, WireClient, wsConnect } from './support/serve-client';

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
  writeFileSync(join(uiDir, '.hidden'), SECRET);
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'package.json'), SECRET);
}

async function openTcp(target: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: target });
  await once(socket, 'connect');
  return socket;
}

async function openWire(headers: Record<string, string> = {}): Promise<WireClient> {
  const outcome = await wsConnect(`ws://127.0.0.1:${port}/ws?token=${token}`, {
    origin: own,
    headers,
  });
  assert.equal(outcome.kind, 'open', JSON.stringify(outcome));
  return new WireClient(outcome.kind === 'open' ? outcome.ws : (undefined as never));
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
    assert.deepEqual(res.headers['set-cookie'], [
      `porthole_token_${port}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
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
    const cookie = { Cookie: `other=1; porthole_token_${port}=${token}` };
    const js = await httpGet(port, '/assets/app.js', cookie);
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.body, 'console.log("ui");');
    const css = await httpGet(port, `/assets/app.css?token=${token}`);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal((await httpGet(port, '/', cookie)).status, 200);
    assert.equal((await httpGet(port, '/assets/app.js')).status, 403);
    // A cookie from another Porthole port, or a wrong value, is not enough.
    assert.equal((await httpGet(port, '/', { Cookie: `porthole_token_1=${token}` })).status, 403);
    assert.equal((await httpGet(port, '/', { Cookie: `porthole_token_${port}=x` })).status, 403);
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
    assert.match(
      String(first.headers['set-cookie']),
      new RegExp(`porthole_token_${port}=${token};`),
    );
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

  test('the cookie alone does not open the socket (other local ports see cookies)', async () => {
    const outcome = await wsConnect(`ws://127.0.0.1:${port}/ws`, {
      origin: `http://127.0.0.1:${port}`,
      headers: { Cookie: `porthole_token_${port}=${token}` },
    });
    assert.equal(outcome.kind === 'refused' && outcome.status, 403);
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
  test('a client that stops reading is closed with 4000 (resync); others keep receiving', async (t) => {
    const slowEngine = createEngine({ batchIntervalMs: 16 });
    const slowServer = await startServer({
      engine: slowEngine,
      staticDir: uiDir,
      transportLimits: { slowClientBytes: 256 * 1024 },
      log: () => undefined,
    });
    const sockets: Socket[] = [];
    t.after(async () => {
      for (const s of sockets) s.destroy();
      await slowServer.close();
      await slowEngine.close();
    });
    const connectWire = async () => {
      const o = await wsConnect(`ws://127.0.0.1:${slowServer.port}/ws?token=${slowServer.token}`, {
        origin: `http://127.0.0.1:${slowServer.port}`,
      });
      assert.equal(o.kind, 'open');
      return new WireClient(o.kind === 'open' ? o.ws : (undefined as never));
    };
    const fast = await connectWire();
    const slow = await connectWire();
    const opened = (await fast.call('openListener', { port: 0 })) as Result<ListenerInfo>;
    assert.ok(opened.ok && opened.value.port);
    const listenerPort = opened.value.port;
    sockets.push(...(await Promise.all(Array.from({ length: 200 }, () => openTcp(listenerPort)))));
    // The slow tab stops reading: its socket buffers fill, then the server's send buffer.
    slow.ws.pause();
    // Keep every connection changing so each batch is large, until the slow tab is cut off.
    const deadline = Date.now() + 15_000;
    while (slowServer.stats().resyncs === 0 && Date.now() < deadline) {
      for (const s of sockets) s.write('x');
      await new Promise((r) => setTimeout(r, 16));
    }
    assert.equal(slowServer.stats().resyncs, 1);
    const seqBefore = Math.max(...fast.messages.map((m) => (m.type === 'batch' ? m.batch.seq : 0)));
    slow.ws.resume();
    const { code, reason } = await slow.closed();
    assert.equal(code, 4000);
    assert.match(reason, /resync/);
    for (const s of sockets) s.write('y');
    // The fast tab was never cut off: it keeps getting batches and answers.
    await fast.waitFor((m) => m.type === 'batch' && m.batch.seq > seqBefore);
    assert.ok(((await fast.call('getStats', {})) as Result<unknown>).ok);
    fast.ws.close();
  });
});
