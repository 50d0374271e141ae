// Reading a typed target: host:port, [v6]:port, http(s) URLs with their default ports, and a
// clear INVALID_INPUT for everything else. Also the peer-byte classification the verdicts use.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget } from '../../../engine/diagnose/parse-target';
import {
  classifyPeer,
  isTlsRecord,
  previewBytes,
  startsLikeHttp1,
} from '../../../engine/diagnose/peer-bytes';

describe('parseTarget', () => {
  it('host:port, [v6]:port and IPv4 literals', () => {
    assert.deepEqual(parseTarget(' localhost:62893 ', false), {
      ok: true,
      value: {
        input: 'localhost:62893',
        scheme: 'tcp',
        host: 'localhost',
        port: 62893,
        path: null,
        tls: false,
      },
    });
    const v6 = parseTarget('[::1]:8080', true);
    assert.ok(v6.ok && v6.value.host === '::1' && v6.value.port === 8080 && v6.value.tls);
    const v4 = parseTarget('127.0.0.1:5432', false);
    assert.ok(v4.ok && v4.value.host === '127.0.0.1' && !v4.value.tls);
  });

  it('URLs: default ports, path and query, TLS from the scheme', () => {
    const http = parseTarget('http://localhost:3000/health?deep=1#frag', false);
    assert.ok(http.ok && http.value.port === 3000 && http.value.path === '/health?deep=1');
    assert.ok(http.ok && http.value.scheme === 'http' && !http.value.tls);
    const https = parseTarget('https://localhost/', false);
    assert.ok(https.ok && https.value.port === 443 && https.value.tls);
    const plain = parseTarget('HTTP://[::1]', false);
    assert.ok(
      plain.ok && plain.value.port === 80 && plain.value.host === '::1' && plain.value.path === '/',
    );
  });

  it('bad targets: INVALID_INPUT, each with a message saying what would work', () => {
    const cases = [
      '',
      'localhost',
      '::1',
      '::1:8080',
      'localhost:0',
      'localhost:65536',
      'localhost:http',
      '[localhost]:80',
      'bad host:80',
      'ftp://localhost/',
      'http://user:pw@localhost/',
      'http://localhost:0/',
      'http://exa mple/',
    ];
    for (const input of cases) {
      const result = parseTarget(input, false);
      assert.equal(result.ok, false, input);
      if (result.ok) continue;
      assert.equal(result.error.code, 'INVALID_INPUT', input);
      assert.ok(result.error.message.length > 10, input);
    }
    assert.equal(parseTarget('http://localhost/', true).ok, false, 'http:// with TLS ticked');
  });
});

describe('peer bytes', () => {
  it('TLS records, HTTP/1 status lines and the rest', () => {
    assert.ok(isTlsRecord(Buffer.from([0x15, 0x03, 0x03])));
    assert.ok(isTlsRecord(Buffer.from([0x16, 0x03, 0x01])));
    assert.ok(!isTlsRecord(Buffer.from('HTTP/1.1')));
    assert.ok(!isTlsRecord(Buffer.from([0x15, 0x02])));
    assert.equal(startsLikeHttp1(Buffer.from('HTTP/1.1 200')), true);
    assert.equal(startsLikeHttp1(Buffer.from('HTT')), null);
    assert.equal(startsLikeHttp1(Buffer.from('HTTP/2')), false);
    assert.equal(classifyPeer(Buffer.alloc(0)), 'nothing');
    assert.equal(classifyPeer(Buffer.from([0x15, 0x03])), 'tls');
    assert.equal(classifyPeer(Buffer.from('HTTP/1.0 400')), 'http');
    assert.equal(classifyPeer(Buffer.from('+OK')), 'other');
  });

  it('previews are escaped plain text, bounded', () => {
    assert.equal(previewBytes(Buffer.from('<b>\r\n\x00\\')), '<b>\\r\\n\\x00\\\\');
    assert.equal(previewBytes(Buffer.alloc(200, 0x41), 4), 'AAAA…');
  });
});
