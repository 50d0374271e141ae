// HAR export of real HTTP/1.x traffic: clients talk through a Porthole relay port to a Node HTTP
// server (keep-alive, pipelined, chunked, gzip, binary, a POST with cookies, and a request reset
// before its answer), the past capture is exported, and the log must pass the HAR 1.2 JSON Schema
// and hold what was said: methods, URLs, statuses, the gunzipped text, the binary as base64.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { exportHar } from '../../../engine/export/har/export-har';
import type { HarEntry } from '../../../engine/export/har/har-types';
import { CaptureLibrary } from '../../../engine/persist/capture-library';
import { captureFile } from '../../../engine/persist/capture-files';
import { PastCapture } from '../../../engine/persist/past-capture';
import { collect, connectClient, startEngine } from '../../support/engine-harness';
import { harErrors } from '../../support/har-schema';
import { BINARY, GZIP_TEXT, received, upstream } from '../../support/http-upstream';

describe('HAR export', () => {
  let home: string;
  let har: { log: { version: string; creator: { name: string }; entries: HarEntry[] } };
  let text = '';

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'porthole-har-'));
    const dataDir = join(home, 'data');
    const { server, hung } = upstream();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const h = startEngine({ persist: { dataDir }, version: 'test' });
    try {
      const relay = await h.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: {
          kind: 'relay',
          host: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
        },
      });
      const client = () => connectClient(relay.port ?? 0);
      const get = (path: string, close = false) =>
        `GET ${path} HTTP/1.1\r\nHost: example.test\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;

      // Keep-alive: the second request goes once the first is answered, on the same connection.
      const keep = await client();
      const keepDone = collect(keep);
      let answered = received(keep, 'hello');
      keep.write(get('/text?q=1&name=two%20words'));
      await answered;
      answered = received(keep, '0\r\n\r\n');
      keep.write(get('/chunked'));
      await answered;
      keep.end();
      await keepDone;

      // Pipelined: both requests in one write.
      const piped = await client();
      const pipedDone = collect(piped);
      piped.end(get('/gzip') + get('/binary', true));
      await pipedDone;

      const body = 'name=porthole&x=1';
      const post = await client();
      const postDone = collect(post);
      post.end(
        `POST /submit HTTP/1.1\r\nHost: example.test\r\nCookie: a=1; b=two\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
      await postDone;

      const reset = await client();
      reset.write(get('/hang'));
      await hung;
      reset.resetAndDestroy();

      await h.waitFor(async () => {
        const all = (await h.must('listConnections', {})).connections;
        return all.length === 4 && all.every((c) => c.state === 'closed') ? true : undefined;
      }, 'every connection to close');
    } finally {
      await h.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const [id] = await new CaptureLibrary(dataDir).ids();
    assert.ok(id !== undefined, 'the capture is on disk');
    const opened = await PastCapture.open(captureFile(dataDir, id));
    assert.ok(opened.ok);
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    try {
      const result = await exportHar(opened.value, out, { version: '9.9.9' });
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(result.value.entries, 6);
    } finally {
      await opened.value.close();
    }
    har = JSON.parse(text) as typeof har;
  });

  after(() => rmSync(home, { recursive: true, force: true }));

  it('passes the HAR 1.2 JSON Schema', () => {
    assert.deepEqual(harErrors(har), []);
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'Porthole');
  });

  it('pairs keep-alive and pipelined requests with their responses, in order', () => {
    const seen = har.log.entries.map((e) => [
      e._connection,
      e.request.method,
      e.request.url,
      e.response.status,
    ]);
    assert.deepEqual(seen, [
      [1, 'GET', 'http://example.test/text?q=1&name=two%20words', 200],
      [1, 'GET', 'http://example.test/chunked', 200],
      [2, 'GET', 'http://example.test/gzip', 200],
      [2, 'GET', 'http://example.test/binary', 200],
      [3, 'POST', 'http://example.test/submit', 303],
      [4, 'GET', 'http://example.test/hang', 0],
    ]);
  });

  const entry = (path: string) => {
    const found = har.log.entries.find((e) => new URL(e.request.url).pathname === path);
    assert.ok(found, path);
    return found;
  };

  it('decodes query strings, chunked, gzip and binary bodies', () => {
    assert.deepEqual(entry('/text').request.queryString, [
      { name: 'q', value: '1' },
      { name: 'name', value: 'two words' },
    ]);
    assert.equal(entry('/text').response.content.text, 'hello');
    assert.equal(entry('/chunked').response.content.text, 'part one, part two');
    const chunked = entry('/chunked').response.headers.find((h) => h.name === 'Transfer-Encoding');
    assert.equal(chunked?.value, 'chunked', 'the response really was chunked');
    const gzip = entry('/gzip').response.content;
    assert.equal(gzip.text, GZIP_TEXT, 'the content-encoding is undone');
    assert.equal(gzip.size, GZIP_TEXT.length);
    assert.ok((gzip.compression ?? 0) > 0, 'compression says how many bytes gzip saved');
    const binary = entry('/binary').response.content;
    assert.equal(binary.encoding, 'base64');
    assert.equal(binary.text, BINARY.toString('base64'));
    assert.equal(binary.size, BINARY.length);
  });

  it('keeps the POST body, cookies both ways and the redirect', () => {
    const { request, response } = entry('/submit');
    assert.deepEqual(request.postData, {
      mimeType: 'application/x-www-form-urlencoded',
      text: 'name=porthole&x=1',
    });
    assert.equal(request.bodySize, 17);
    assert.deepEqual(request.cookies, [
      { name: 'a', value: '1' },
      { name: 'b', value: 'two' },
    ]);
    assert.deepEqual(response.cookies, [
      { name: 'session', value: 'abc', path: '/', httpOnly: true },
      { name: 'theme', value: 'dark' },
    ]);
    assert.equal(response.redirectURL, '/done');
    assert.equal(response.content.text, 'got 17');
  });

  it('keeps a request reset before its answer, with status 0', () => {
    const { response, timings } = entry('/hang');
    assert.equal(response.status, 0);
    assert.equal(timings.wait, -1);
    assert.equal(timings.receive, -1);
  });

  it('has timings from the chunk records: each ≥ 0 or -1, and a start in the capture', () => {
    for (const e of har.log.entries) {
      for (const t of [e.timings.send, e.timings.wait, e.timings.receive]) {
        assert.ok(t === -1 || t >= 0, `${e.request.url}: ${t}`);
      }
      assert.ok(e.time >= 0);
      assert.ok(Math.abs(Date.parse(e.startedDateTime) - Date.now()) < 60_000);
      assert.ok(e.request.headersSize > 0);
    }
  });
});
