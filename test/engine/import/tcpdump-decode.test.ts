// Real protocols through a real capture: curl ↔ a Node HTTP server (a gzip response in chunked
// transfer-encoding, and a chunked upload) and redis-cli ↔ redis-server, recorded by tcpdump on
// loopback, imported, and read by Porthole's own decoders as the views would: the exchanges
// must come out with the right methods, URLs, statuses, bodies and Redis commands and replies.
// Skipped, with the reason printed, where a tool is missing or cannot capture.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeConversation } from '../../../shared/decoders/decode-conversation';
import type { DecodedConversation } from '../../../shared/decoders/types';
import { within } from '../../support/within';
import { importAndRead, type ImportedConnection } from './read-import';
import {
  recordOrSkip,
  retrying,
  runTool,
  skipWith,
  toolMissing,
} from '../../support/packet-recorder';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-tcpdump-decode-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Decodes every imported connection to `port` and puts their messages in one list. */
async function decoded(file: string, port: number, decoder: 'http' | 'redis') {
  const { summary, connections } = await importAndRead(file, join(home, 'data'));
  assert.equal(summary.problem, null);
  const ours = connections.filter((c) => c.info.localPort === port);
  const results = ours.map((c: ImportedConnection): DecodedConversation => {
    assert.equal(c.info.in.dropped + c.info.out.dropped, 0, 'nothing dropped');
    return decodeConversation(decoder, { in: c.in, out: c.out, order: [] });
  });
  for (const r of results) assert.deepEqual(r.unparsed, [], 'every byte understood');
  return { ours, messages: results.flatMap((r) => r.messages) };
}

function missing(t: TestContext, tools: readonly [string, string][]): boolean {
  for (const [tool, pkg] of tools) {
    const reason = toolMissing(tool, pkg);
    if (reason !== null) {
      skipWith(t, reason);
      return true;
    }
  }
  return false;
}

describe('decoding real traffic recorded by tcpdump', () => {
  it('curl ↔ Node HTTP: a chunked gzip response and a chunked upload', (t) =>
    retrying(async () => {
      if (missing(t, [['curl', 'curl']])) return 0;
      const text = Array.from({ length: 400 }, (_, i) => `line ${i} of the gzip body\n`).join('');
      const gzipped = gzipSync(text);
      const upload = Buffer.from(Array.from({ length: 5000 }, (_, i) => 97 + (i % 26)));
      const uploadFile = join(home, 'upload.bin');
      writeFileSync(uploadFile, upload);
      const http = createHttpServer((req, res) => {
        if (req.url === '/gzip') {
          // No Content-Length and several writes: Node sends it chunked.
          res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
          const third = Math.ceil(gzipped.length / 3);
          for (let at = 0; at < gzipped.length; at += third)
            res.write(gzipped.subarray(at, at + third));
          res.end();
          return;
        }
        req.resume();
        req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end('stored'));
      });
      const port = await listen(http, '127.0.0.1');
      const file = join(home, 'http.pcap');
      const recorder = await recordOrSkip(t, file, [port]);
      if (recorder === null) {
        await close(http);
        return 0;
      }
      const base = `http://127.0.0.1:${port}`;
      const curl = await runTool('curl', [
        ...['-sS', '-o', '/dev/null', `${base}/gzip`, '--next', '-sS', '-o', '/dev/null'],
        ...[
          '-H',
          'Transfer-Encoding: chunked',
          '--data-binary',
          `@${uploadFile}`,
          `${base}/upload`,
        ],
      ]);
      assert.equal(curl.code, 0, curl.stderr);
      // curl has closed; the server's side follows, and its FIN is on the wire once it has.
      http.closeAllConnections();
      await close(http);
      const dropped = await recorder.stop();
      if (dropped > 0) return dropped;

      const { ours, messages } = await decoded(file, port, 'http');
      assert.ok(ours.every((c) => c.info.detected.in === 'http'));
      assert.deepEqual(
        messages.map((m) => m.title),
        ['GET /gzip HTTP/1.1', 'HTTP/1.1 200 OK', 'POST /upload HTTP/1.1', 'HTTP/1.1 201 Created'],
      );
      const [, gzipResponse, post] = messages;
      const field = (name: string, m = gzipResponse) =>
        m?.fields.find((f) => f.name.toLowerCase() === name)?.value;
      assert.equal(field('transfer-encoding'), 'chunked');
      assert.equal(gzipResponse?.body?.contentEncoding, 'gzip');
      assert.equal(gzipResponse?.body?.complete, true);
      assert.deepEqual(Buffer.from(gzipResponse?.body?.bytes ?? []), gzipped, 'de-chunked');
      assert.equal(gunzipSync(gzipResponse?.body?.bytes ?? new Uint8Array()).toString(), text);
      assert.equal(field('transfer-encoding', post), 'chunked');
      assert.deepEqual(Buffer.from(post?.body?.bytes ?? []), upload, 'the upload, de-chunked');
      return 0;
    }));

  it('redis-cli ↔ redis-server: SET and GET with their replies', (t) =>
    retrying(async () => {
      const tools: [string, string][] = [
        ['redis-server', 'redis-server'],
        ['redis-cli', 'redis-tools'],
      ];
      if (missing(t, tools)) return 0;
      const probe = createServer();
      const port = await listen(probe, '127.0.0.1');
      await close(probe);
      const redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const exited = once(redis, 'exit');
      try {
        let log = '';
        await within(
          new Promise<void>((resolve, reject) => {
            redis.stdout.setEncoding('utf8').on('data', (text: string) => {
              log += text;
              if (log.includes('Ready to accept connections')) resolve();
            });
            void exited.then(() => reject(new Error(`redis-server exited: ${log}`)));
          }),
          'redis-server to accept connections',
        );
        const file = join(home, 'redis.pcap');
        const recorder = await recordOrSkip(t, file, [port]);
        if (recorder === null) return 0;
        for (const command of [
          ['SET', 'k', 'v'],
          ['GET', 'k'],
        ]) {
          const cli = await runTool('redis-cli', ['-p', String(port), ...command]);
          assert.equal(cli.code, 0, cli.stderr);
        }
        const dropped = await recorder.stop();
        if (dropped > 0) return dropped;

        const { ours, messages } = await decoded(file, port, 'redis');
        assert.equal(ours.length, 2, 'one connection per redis-cli');
        assert.ok(ours.every((c) => c.info.detected.in === 'redis'));
        assert.deepEqual(
          messages.map((m) => [m.direction, m.kind, m.title]),
          [
            ['in', 'command', 'SET k v'],
            ['out', 'reply', 'OK'],
            ['in', 'command', 'GET k'],
            ['out', 'reply', '"v"'],
          ],
        );
        return 0;
      } finally {
        redis.kill('SIGTERM');
        await within(exited, 'redis-server to exit');
      }
    }));
});
