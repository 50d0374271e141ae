// Copy as curl: shell quoting checked by a real sh, the command's shape for each kind of request,
// and round trips — the command run by the real curl against a Node server on 127.0.0.1 that
// records what arrives, compared with the captured request byte for byte.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  buildCurlCommand,
  MAX_INLINE_BODY,
  type CurlCommand,
  requestHeadRange,
  shellQuote,
} from '../../../shared/decoders/curl-command';
import { bytesOf, concatBytes, conversation, decode } from '../../support/decoder-harness';

const run = promisify(execFile);
const LOCAL = { address: '127.0.0.1', port: 8080 };

/** The command for request `index` of a captured client → port stream. */
function curlFor(raw: Uint8Array, index = 0, local = LOCAL) {
  const requests = decode('http', conversation(raw)).messages.filter((m) => m.kind === 'request');
  const message = requests[index];
  assert.ok(message, `request ${index} decoded`);
  const range = requestHeadRange(message);
  return buildCurlCommand({
    head: raw.subarray(range.offset, range.offset + range.length),
    body: message.body,
    connectionId: 7,
    requestNumber: index + 1,
    local,
  });
}

function command(raw: string | Uint8Array, index = 0): CurlCommand {
  const outcome = curlFor(typeof raw === 'string' ? utf8(raw) : raw, index);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome.value;
}

function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

const EMPTY = new Uint8Array(0);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('shellQuote', () => {
  const words = [
    '',
    'plain',
    'two words',
    "it's",
    "''",
    'line\nbreak\r\n',
    'tab\there',
    '$HOME ${PATH} $(id)',
    '`id`',
    '"double" \\back\\slash',
    'ünïcødé 雪 🚀',
    '*.txt ?[a] {x,y} ~user',
    '; & | < > ( ) #',
    '-n',
  ];

  it('gives back every word unchanged through sh', async () => {
    const script = `printf '%s\\0' ${words.map(shellQuote).join(' ')}`;
    const { stdout } = await run('sh', ['-c', script], { encoding: 'buffer' });
    assert.deepEqual(stdout.toString('utf8').split('\0').slice(0, -1), words);
  });

  it('leaves safe words bare and quotes the rest', () => {
    assert.equal(shellQuote('http://127.0.0.1:80/a,b=c'), 'http://127.0.0.1:80/a,b=c');
    assert.equal(shellQuote('http://h/a?b'), "'http://h/a?b'", '? is a glob character');
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote("a'b"), "'a'\\''b'");
    assert.equal(shellQuote('$x'), "'$x'");
  });
});

describe('buildCurlCommand', () => {
  it('sends a GET to the Host with its headers in order, removing curl’s own', () => {
    const c = command('GET /orders?id=1 HTTP/1.1\r\nHost: api.test:3000\r\nAccept: */*\r\n\r\n');
    assert.equal(
      c.command,
      [
        "curl 'http://api.test:3000/orders?id=1'",
        "-H 'Host: api.test:3000'",
        "-H 'Accept: */*'",
        "-H 'User-Agent:'",
      ].join(' \\\n  '),
    );
    assert.equal(c.bodyFile, null);
    assert.equal(c.bodyOmitted, null);
  });

  it('uses the connection’s local address without a Host, and --http1.0', () => {
    const c = command('GET / HTTP/1.0\r\n\r\n');
    assert.match(c.command, /^curl http:\/\/127\.0\.0\.1:8080\/ \\\n {2}--http1\.0 /);
    assert.match(c.command, /-H 'Host:'/, 'curl’s Host header is removed');
    const v6 = curlFor(utf8('GET / HTTP/1.1\r\n\r\n'), 0, { address: '::1', port: 9 });
    assert.ok(v6.ok && v6.value.command.startsWith("curl 'http://[::1]:9/'"));
  });

  it('keeps duplicate headers and empty values', () => {
    const c = command('GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nX-Empty:\r\nX-A: 2\r\n\r\n');
    assert.match(c.command, /-H 'X-A: 1' \\\n {2}-H 'X-Empty;' \\\n {2}-H 'X-A: 2'/);
    const hosts = command('GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
    assert.deepEqual(hosts.notes, ['curl sends only the first Host header.']);
  });

  it('quotes hostile header values and bodies', () => {
    const body = `it's $HOME \`id\` "x"\n雪`;
    const c = command(
      `POST / HTTP/1.1\r\nHost: h\r\nX-Q: a'b $(id)\r\nContent-Length: ${utf8(body).length}\r\n\r\n${body}`,
    );
    assert.match(c.command, /-H 'X-Q: a'\\''b \$\(id\)'/);
    assert.ok(c.command.endsWith(`--data-binary 'it'\\''s $HOME \`id\` "x"\n雪'`));
  });

  it('adds -X only when the method is not implied', () => {
    const x = (raw: string) => /-X (\S+)/.exec(command(raw).command)?.[1] ?? null;
    assert.equal(x('GET / HTTP/1.1\r\nHost: h\r\n\r\n'), null);
    assert.equal(x('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx'), null);
    assert.equal(x('POST / HTTP/1.1\r\nHost: h\r\n\r\n'), 'POST');
    assert.equal(x('GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx'), 'GET');
    assert.equal(x('PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx'), 'PUT');
    assert.equal(x('DELETE /a HTTP/1.1\r\nHost: h\r\n\r\n'), 'DELETE');
    const head = command('HEAD / HTTP/1.1\r\nHost: h\r\n\r\n').command;
    assert.match(head, /--head/);
    assert.doesNotMatch(head, /-X/);
  });

  it('sends a chunked body de-chunked, without Transfer-Encoding', () => {
    const c = command(
      'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n',
    );
    assert.doesNotMatch(c.command, /Transfer-Encoding|Content-Length/i);
    assert.ok(c.command.endsWith('--data-binary abcde'));
  });

  it('writes a binary or large body to a file the command names', () => {
    const binary = concatBytes(
      'PUT /blob HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n',
      [0, 1, 0xff, 10],
    );
    const c = command(binary);
    assert.deepEqual(c.bodyFile?.name, 'porthole-request-7-1.bin');
    assert.deepEqual([...(c.bodyFile?.bytes ?? [])], [0, 1, 0xff, 10]);
    assert.ok(c.command.endsWith('--data-binary @porthole-request-7-1.bin'));
    const big = 'x'.repeat(MAX_INLINE_BODY + 1);
    const second = `GET / HTTP/1.1\r\nHost: h\r\n\r\nPOST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${big.length}\r\n\r\n${big}`;
    assert.equal(command(second, 1).bodyFile?.name, 'porthole-request-7-2.bin');
  });

  it('leaves an incomplete body out and says so', () => {
    const c = command('POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc');
    assert.match(c.bodyOmitted ?? '', /incomplete \(3 bytes captured\)/);
    assert.doesNotMatch(c.command, /--data/);
    assert.match(c.command, /-X POST/);
    assert.doesNotMatch(c.command, /'Content-Type:'|'Expect:'/);
  });

  it('keeps unusual targets verbatim', () => {
    assert.match(command('OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n').command, /--request-target '\*'/);
    const proxy = command('GET http://other/x HTTP/1.1\r\nHost: other\r\n\r\n').command;
    assert.match(proxy, /^curl http:\/\/other\/ \\\n {2}--request-target http:\/\/other\/x/);
    const odd = command('GET /a/../b?[x]={y} HTTP/1.1\r\nHost: h\r\n\r\n').command;
    assert.match(odd, /--globoff --path-as-is/);
  });

  it('adds --compressed only when the client asked for gzip or deflate', () => {
    const ae = (v: string) => command(`GET / HTTP/1.1\r\nHost: h\r\nAccept-Encoding: ${v}\r\n\r\n`);
    assert.match(ae('gzip, br').command, /--compressed/);
    assert.doesNotMatch(ae('identity').command, /--compressed/);
    assert.doesNotMatch(command('GET / HTTP/1.1\r\nHost: h\r\n\r\n').command, /--compressed/);
  });

  it('refuses heads a shell command cannot carry', () => {
    const bad = curlFor(concatBytes('GET / HTTP/1.1\r\nX-B: ', [0xff], '\r\n\r\n'));
    assert.ok(!bad.ok && /not UTF-8/.test(bad.reason));
    const ctl = curlFor(bytesOf('GET / HTTP/1.1\r\nX-B: a\x01b\r\n\r\n'));
    assert.ok(!ctl.ok && /control characters/.test(ctl.reason));
  });
});

interface Received {
  readonly method: string;
  readonly url: string;
  readonly version: string;
  readonly headers: readonly [string, string][];
  readonly body: Buffer;
}

describe('curl round trip', () => {
  const received: Received[] = [];
  // HTTP/1.0 requests and OPTIONS * may come without Host, as captured.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
      }
      const body = Buffer.concat(chunks);
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        version: req.httpVersion,
        headers,
        body,
      });
      res.end('ok');
    });
  });
  let port = 0;
  let dir = '';

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    dir = await mkdtemp(join(tmpdir(), 'porthole-curl-'));
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Captures `head` + `body` (framed as given), runs the command, and checks what the server got
   * against the request: method, target, version, headers (Host first, as curl sends it), body.
   */
  async function roundTrip(head: string, framedBody: Uint8Array = EMPTY, body = framedBody) {
    const raw = concatBytes(utf8(head.replaceAll('PORT', String(port))), framedBody);
    const outcome = curlFor(raw, 0, { address: '127.0.0.1', port });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    const { command: cmd, bodyFile } = outcome.value;
    if (bodyFile) await writeFile(join(dir, bodyFile.name), bodyFile.bytes);
    const before = received.length;
    await run('sh', ['-c', cmd], { cwd: dir, maxBuffer: 1 << 20 });
    assert.equal(received.length, before + 1, 'one request arrived');
    const got = received[before];
    assert.ok(got);
    const lines = head.replaceAll('PORT', String(port)).split('\r\n');
    const [method, target, version] = (lines[0] ?? '').split(' ');
    const sent = lines
      .slice(1, lines.indexOf(''))
      // Node reads header bytes as latin1: compare the UTF-8 bytes sent the same way.
      .map((l): [string, string] => {
        const value = l.slice(l.indexOf(':') + 1).trim();
        return [l.slice(0, l.indexOf(':')), Buffer.from(value, 'utf8').toString('latin1')];
      })
      .filter(([name]) => !/^(content-length|transfer-encoding)$/i.test(name));
    const host = sent.findIndex(([name]) => name.toLowerCase() === 'host');
    const expected = host < 0 ? sent : [sent[host], ...sent.filter((_, i) => i !== host)];
    assert.equal(got.method, method);
    assert.equal(got.url, target);
    assert.equal(`HTTP/${got.version}`, version);
    const length = got.headers.filter(([name]) => name.toLowerCase() === 'content-length');
    assert.deepEqual(
      got.headers.filter(([name]) => name.toLowerCase() !== 'content-length'),
      expected,
    );
    const framed = /content-length|chunked/i.test(head);
    assert.deepEqual(length, framed ? [['Content-Length', String(body.length)]] : []);
    assert.equal(sha256(got.body), sha256(body));
    return outcome.value;
  }

  it('a POST with quoting, unicode, duplicates and an inline text body', async () => {
    const body = utf8(`{"q":"it's $HOME \`id\` \\"x\\""}\r\n\ttabbed\nline 雪 🚀`);
    const c = await roundTrip(
      `POST /items?a=1&b=%20[x]{y} HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nUser-Agent: sdk/1.0 (it's)\r\n` +
        `X-Dup: one\r\nContent-Type: application/json; charset=utf-8\r\nX-Dup: two\r\n` +
        `X-Empty:\r\nX-Uni: ünï 雪\r\nAccept-Encoding: gzip, deflate\r\nX-Dollar: $PATH \`id\` $(id)\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`,
      body,
    );
    assert.equal(c.bodyFile, null);
  });

  it('a PUT with a binary body through a file', async () => {
    const body = new Uint8Array(300).map((_, i) => (i * 37) & 0xff);
    const c = await roundTrip(
      `PUT /blob/1 HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );
    assert.equal(c.bodyFile?.name, 'porthole-request-7-1.bin');
  });

  it('a large text body through a file, with Expect left out', async () => {
    const body = utf8('line of text\n'.repeat(100_000));
    const c = await roundTrip(
      `POST /big HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );
    assert.ok(c.bodyFile);
  });

  it('a chunked body, sent de-chunked', async () => {
    const framed = utf8('5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n');
    await roundTrip(
      'POST /stream HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nTransfer-Encoding: chunked\r\nAccept: text/plain\r\n\r\n',
      framed,
      utf8('hello, world'),
    );
  });

  it('a body that starts with @ and an empty body', async () => {
    await roundTrip(
      'POST /at HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nContent-Length: 7\r\n\r\n',
      utf8('@etc/pw'),
    );
    await roundTrip('POST /empty HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nContent-Length: 0\r\n\r\n');
  });

  it('HEAD over HTTP/1.0, DELETE, and a request without Host', async () => {
    await roundTrip(
      'HEAD /status HTTP/1.0\r\nHost: 127.0.0.1:PORT\r\nConnection: keep-alive\r\n\r\n',
    );
    await roundTrip(
      'DELETE /items/3?force=true HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nAuthorization: Bearer a.b.c\r\n\r\n',
    );
    await roundTrip('GET /./a/../b HTTP/1.0\r\nX-No-Host: 1\r\n\r\n');
    await roundTrip('OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n\r\n');
  });
});
