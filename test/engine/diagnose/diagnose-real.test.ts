// Diagnose a connection on real loopback sockets: each verdict produced by a real server (or by
// the absence of one) and checked by its kind, never by its wording.

import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { lookup } from 'node:dns/promises';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { after, describe, it } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import type { Diagnosis } from '../../../shared/diagnosis/diagnosis';
import type { DiagnoseRequest } from '../../../shared/diagnosis/diagnose-request';
import type { Verdict } from '../../../shared/diagnosis/verdict';
import { diagnoseConnection, type DiagnoseOptions } from '../../../engine/diagnose';
import { startEngine } from '../../support/engine-harness';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url));
const tlsOptions = { key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') };

const servers: Server[] = [];
after(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Listen on `host`, port 0; closed after the tests. */
async function listen<S extends Server>(server: S, host: string): Promise<number> {
  servers.push(server);
  server.listen(0, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

// A named holder is part of several verdicts; a busy machine must not make the lookup give up.
const OPTIONS: DiagnoseOptions = { holderLookupMs: 10_000 };

async function diagnose(
  request: DiagnoseRequest,
  options: DiagnoseOptions = {},
): Promise<Diagnosis> {
  const result = await diagnoseConnection(request, { ...OPTIONS, ...options });
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function expectKind<K extends Verdict['kind']>(
  diagnosis: Diagnosis,
  kind: K,
): Extract<Verdict, { kind: K }> {
  const { verdict } = diagnosis;
  assert.equal(verdict.kind, kind, JSON.stringify({ verdict, probes: diagnosis.probes }));
  return verdict as Extract<Verdict, { kind: K }>;
}

const httpServer = () =>
  createHttpServer((req, res) => {
    res.statusCode = req.url === '/broken' ? 500 : req.url === '/missing' ? 404 : 200;
    res.setHeader('X-Served-By', 'diagnose-test');
    res.end('body');
  });

describe('diagnose on real sockets', () => {
  it('nothing listening: a port that was bound and closed again', async () => {
    const probe = createTcpServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    const d = await diagnose({ target: `127.0.0.1:${port}` });
    const v = expectKind(d, 'nothing-listening');
    assert.deepEqual(v.addresses, ['127.0.0.1']);
    assert.equal(d.probes[0]?.connect.outcome, 'refused');
  });

  it('an IPv6-only server reached as 127.0.0.1 is the other-family trap, naming the holder', async () => {
    const port = await listen(
      createTcpServer((s) => s.end()),
      '::1',
    );
    const d = await diagnose({ target: `127.0.0.1:${port}` });
    const v = expectKind(d, 'other-family-only');
    assert.equal(v.triedFamily, 'IPv4');
    assert.deepEqual(v.listeningOn, [`[::1]:${port}`]);
    assert.equal(v.holder?.pid, process.pid);
  });

  it('the same server reached as localhost: judged by the order localhost really resolves in', async (t) => {
    const port = await listen(
      createTcpServer((s) => s.end()),
      '::1',
    );
    const order = (await lookup('localhost', { all: true, order: 'verbatim' })).map(
      (a) => a.address,
    );
    // Shown with the output, so a failure on another machine says how localhost resolved there.
    t.diagnostic(`localhost resolves to ${order.join(', ')}`);
    const d = await diagnose({ target: `localhost:${port}` });
    assert.deepEqual(
      d.resolution.addresses.map((a) => a.address),
      [...new Set(order)],
    );
    const v4 = order.indexOf('127.0.0.1');
    const v6 = order.indexOf('::1');
    if (v4 >= 0 && v6 >= 0) {
      const v = expectKind(d, 'partial');
      assert.deepEqual(v.working, ['::1']);
      assert.deepEqual(v.failing, ['127.0.0.1']);
      assert.equal(v.failingFirst, v4 < v6);
    } else if (v6 >= 0) {
      expectKind(d, 'ok');
    } else {
      // This machine's localhost is 127.0.0.1 only: the server on ::1 is out of its reach.
      expectKind(d, 'other-family-only');
    }
  });

  it('a server bound to 127.0.0.2 only, reached at 127.0.0.1: another address only', async () => {
    const port = await listen(
      createTcpServer((s) => s.end()),
      '127.0.0.2',
    );
    const v = expectKind(await diagnose({ target: `127.0.0.1:${port}` }), 'other-address-only');
    assert.deepEqual(v.listeningOn, [`127.0.0.2:${port}`]);
    assert.equal(v.holder?.pid, process.pid);
  });

  it('HTTP 200 is ok, with the status, headers and time to first byte', async () => {
    const port = await listen(httpServer(), '127.0.0.1');
    const d = await diagnose({ target: `http://127.0.0.1:${port}/health` });
    const v = expectKind(d, 'ok');
    assert.equal(v.status, 200);
    const http = d.probes[0]?.http;
    assert.equal(http?.outcome, 'response');
    if (http?.outcome !== 'response') return;
    assert.equal(http.statusLine, 'HTTP/1.1 200 OK');
    assert.ok(http.headers.some((h) => h.name === 'X-Served-By' && h.value === 'diagnose-test'));
    assert.ok(http.ttfbMs >= 0 && http.ttfbMs <= http.ms + 1);
    assert.equal(d.probes[0]?.listening.here[0]?.pid, process.pid);
  });

  it('HTTP 500 is a server error and 404 a client error, each its own verdict', async () => {
    const port = await listen(httpServer(), '127.0.0.1');
    const broken = expectKind(
      await diagnose({ target: `http://127.0.0.1:${port}/broken` }),
      'http-server-error',
    );
    assert.equal(broken.status, 500);
    const missing = expectKind(
      await diagnose({ target: `http://127.0.0.1:${port}/missing` }),
      'http-client-error',
    );
    assert.equal(missing.status, 404);
  });

  it('TLS spoken to a plain HTTP port: the handshake is answered in plain HTTP', async () => {
    const port = await listen(httpServer(), '127.0.0.1');
    const d = await diagnose({ target: `https://127.0.0.1:${port}/` });
    const v = expectKind(d, 'tls-to-plain');
    assert.equal(v.peer, 'http');
    assert.match(v.preview, /^HTTP\/1\.1 400/);
    assert.equal(d.probes[0]?.http, null, 'no request after a failed handshake');
  });

  it('a TLS server over https://: ok, with protocol, certificate and why it is not trusted', async () => {
    const port = await listen(
      createTlsServer(tlsOptions, (s) => s.end('HTTP/1.1 204 No Content\r\n\r\n')),
      '127.0.0.1',
    );
    const d = await diagnose({ target: `https://localhost:${port}/` });
    const v = expectKind(d, 'ok');
    assert.equal(v.status, 204);
    assert.equal(v.untrusted, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    const tls = d.probes.find((p) => p.tls !== null)?.tls;
    assert.equal(tls?.outcome, 'ok');
    if (tls?.outcome !== 'ok') return;
    assert.match(tls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.equal(tls.certificate?.subject, 'CN=localhost');
    assert.equal(tls.certificate?.issuer, 'CN=localhost');
    assert.ok((tls.certificate?.validTo ?? '') > new Date().toISOString());
    assert.equal(tls.trusted, false);
  });

  it('plain HTTP to a Node TLS server: it closes without a byte, and the verdict says so', async () => {
    // Node's and OpenSSL's TLS servers answer a plain-text request by closing, without an
    // alert: there are no bytes to recognise TLS by, and a second connection to find out would
    // break the one-connect rule. The words for this verdict point at https://.
    const port = await listen(
      createTlsServer(tlsOptions, (s) => s.end()),
      '127.0.0.1',
    );
    const v = expectKind(
      await diagnose({ target: `http://127.0.0.1:${port}/` }),
      'closed-without-answer',
    );
    assert.equal(v.step, 'http');
  });

  it('plain HTTP to a TLS stack that answers with an alert record: the port speaks TLS', async () => {
    // What Go's crypto/tls and rustls send to a record that is not TLS: a fatal alert
    // (content type 0x15, version 3.3, unexpected_message).
    const alert = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a]);
    const port = await listen(
      createTcpServer((s) => s.once('data', () => s.end(alert))),
      '127.0.0.1',
    );
    const d = await diagnose({ target: `http://127.0.0.1:${port}/` });
    expectKind(d, 'plain-to-tls');
    assert.equal(d.probes[0]?.http?.outcome, 'tls-record');
  });

  it('HTTP to a service that is not HTTP: a Redis-style error, and a binary answer', async () => {
    const redis = await listen(
      createTcpServer((s) => s.once('data', () => s.end("-ERR unknown command 'GET'\r\n"))),
      '127.0.0.1',
    );
    const text = expectKind(await diagnose({ target: `http://127.0.0.1:${redis}/` }), 'not-http');
    assert.match(text.preview, /^-ERR unknown command/);
    const binary = await listen(
      createTcpServer((s) => s.end(Buffer.from([0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f]))),
      '127.0.0.1',
    );
    const bytes = expectKind(await diagnose({ target: `http://127.0.0.1:${binary}/` }), 'not-http');
    assert.equal(bytes.preview, '\\x00\\x00\\x00\\x08\\x04\\xd2\\x16/');
  });

  it('a server that accepts but never answers: a response timeout, within the bound', async () => {
    const accepted: unknown[] = [];
    const port = await listen(
      createTcpServer((s) => accepted.push(s)),
      '127.0.0.1',
    );
    const d = await diagnose(
      { target: `http://127.0.0.1:${port}/` },
      { timeouts: { httpMs: 300 } },
    );
    const v = expectKind(d, 'response-timeout');
    assert.equal(v.step, 'http');
    assert.equal(v.timeoutMs, 300);
    const http = d.probes[0]?.http;
    assert.ok(
      http?.outcome === 'timeout' && http.ms >= 290 && http.ms < 3000,
      JSON.stringify(http),
    );
    assert.equal(accepted.length, 1, 'one connection per address');
  });

  it('held by a different program than expected; the expected one passes', async () => {
    const port = await listen(
      createTcpServer((s) => s.end()),
      '127.0.0.1',
    );
    const v = expectKind(
      await diagnose({ target: `127.0.0.1:${port}`, expectProcess: 'definitely-not-this' }),
      'unexpected-process',
    );
    assert.equal(v.holder.pid, process.pid);
    assert.equal(v.expected, 'definitely-not-this');
    expectKind(await diagnose({ target: `127.0.0.1:${port}`, expectProcess: 'node' }), 'ok');
  });

  it('sends one connect, at most one handshake and one request per address', async () => {
    let connections = 0;
    let requests = 0;
    const server = createTlsServer(tlsOptions, (s) => {
      s.on('data', () => {
        requests += 1;
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      });
    });
    server.on('connection', () => (connections += 1));
    const port = await listen(server, '127.0.0.1');
    expectKind(await diagnose({ target: `https://127.0.0.1:${port}/` }), 'ok');
    assert.equal(connections, 1);
    assert.equal(requests, 1);
  });

  it('a target off this machine without confirmation: DIAGNOSE_TARGET_REMOTE and no socket', async () => {
    let sockets = 0;
    const counted = () => (sockets += 1);
    subscribe('net.client.socket', counted);
    try {
      const result = await diagnoseConnection({ target: 'http://192.0.2.1:80/' });
      assert.equal(!result.ok && result.error.code, 'DIAGNOSE_TARGET_REMOTE');
      assert.ok(!result.ok && result.error.hint.length > 0);
      // The counter itself works: a local diagnosis opens a client socket.
      const port = await listen(
        createTcpServer((s) => s.end()),
        '127.0.0.1',
      );
      assert.equal(sockets, 0);
      await diagnose({ target: `127.0.0.1:${port}` });
      assert.equal(sockets, 1);
    } finally {
      unsubscribe('net.client.socket', counted);
    }
  });

  it('bad targets are INVALID_INPUT with words to fix them', async () => {
    for (const target of [
      '',
      'localhost',
      '::1:8080',
      'localhost:0',
      'localhost:70000',
      'ftp://x/',
    ]) {
      const result = await diagnoseConnection({ target });
      assert.equal(!result.ok && result.error.code, 'INVALID_INPUT', target);
    }
  });
});

describe('diagnoseConnection through the contract', () => {
  const h = startEngine();
  after(() => h.close());

  it('one call from the transport end to end', async () => {
    const port = await listen(httpServer(), '127.0.0.1');
    const d = await h.must('diagnoseConnection', { target: `http://127.0.0.1:${port}/broken` });
    assert.equal(d.verdict.kind, 'http-server-error');
    assert.equal(d.target.scheme, 'http');
    assert.equal(d.target.path, '/broken');
  });

  it('a target too long, and a bad one, are the person’s input to fix', async () => {
    const long = await h.call('diagnoseConnection', { target: `localhost:80/${'x'.repeat(2048)}` });
    assert.equal(!long.ok && long.error.code, 'INVALID_INPUT');
    const bad = await h.call('diagnoseConnection', { target: 'nope' });
    assert.equal(!bad.ok && bad.error.code, 'INVALID_INPUT');
  });
});
