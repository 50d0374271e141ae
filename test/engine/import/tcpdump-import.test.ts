// Real captures: loopback traffic recorded by tcpdump (curl ↔ a Node HTTP server with two
// keep-alive requests, a raw TCP exchange of random bytes both ways over IPv4 and IPv6, and a
// UDP exchange) is imported, opened like any past capture, and every connection's bytes per
// direction must hash to what was sent. The same traffic rewritten as pcapng (tcpdump 4.99
// writes pcap only) must import identically. Skipped, with the reason, where tcpdump is missing
// or cannot capture.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { after, before, describe, it, type TestContext } from 'node:test';
import { sha256 } from '../../support/traffic';
import { within } from '../../support/within';
import { pcapngFile } from '../../support/pcap-builder';
import { fileFacts, pcapFrames } from './fixture-files';
import { importAndRead, type ImportedConnection } from './read-import';
import { recordOrSkip, retrying, runTool, type Tcpdump } from '../../support/packet-recorder';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-tcpdump-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/** What each connection carried, by the client's port, as its receiving side saw it. */
type Expected = Map<number, { in: Buffer[]; out: Buffer[] }>;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function capture(
  t: TestContext,
  name: string,
  ports: readonly number[],
): Promise<{ file: string; tcpdump: Tcpdump } | null> {
  const file = join(home, `${name}.pcap`);
  const tcpdump = await recordOrSkip(t, file, ports);
  return tcpdump === null ? null : { file, tcpdump };
}

/** Every TCP/UDP connection to `ports` matches what its ends saw, byte for byte (sha256). */
function assertMatches(
  connections: readonly ImportedConnection[],
  ports: readonly number[],
  expected: Expected,
): void {
  const ours = connections.filter((c) => ports.includes(c.info.localPort));
  assert.equal(ours.length, expected.size, 'one connection per client');
  for (const conn of ours) {
    const want = expected.get(conn.info.remotePort);
    assert.ok(want !== undefined, `connection from port ${conn.info.remotePort} was expected`);
    const label = `#${conn.info.id} from ${conn.info.remotePort}`;
    assert.equal(sha256(conn.in), sha256(Buffer.concat(want.in)), `${label}: client → server`);
    assert.equal(sha256(conn.out), sha256(Buffer.concat(want.out)), `${label}: server → client`);
    assert.equal(conn.info.in.dropped + conn.info.out.dropped, 0, `${label}: nothing dropped`);
  }
}

/** The same frames as pcapng with nanosecond timestamps (tcpdump 4.99 writes pcap only). */
function toPcapng(pcap: Buffer): Buffer {
  const frames = pcapFrames(pcap).map((f) => ({ ...f, iface: 0 }));
  return pcapngFile([{ linkType: fileFacts(pcap).linkType, tsresol: 9 }], frames);
}

async function importBoth(file: string, what: string) {
  const first = await importAndRead(file, join(home, 'data'));
  assert.equal(first.summary.problem, null);
  const ng = join(home, `${what}.pcapng`);
  writeFileSync(ng, toPcapng(readFileSync(file)));
  const second = await importAndRead(ng, join(home, 'data'));
  assert.equal(second.summary.problem, null);
  return [first, second];
}

describe('tcpdump captures of real loopback traffic', () => {
  it('curl ↔ a Node HTTP server, two requests on one keep-alive connection', (t) =>
    retrying(async () => {
      const expected: Expected = new Map();
      const http = createHttpServer((req, res) => {
        const body = randomBytes(req.url === '/big' ? 200_000 : 500);
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(body);
      });
      // A tap between each socket and the HTTP server keeps exactly what went each way.
      const closed: Promise<void>[] = [];
      const server = createServer((socket: Socket) => {
        closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
        const record = { in: [] as Buffer[], out: [] as Buffer[] };
        expected.set(socket.remotePort ?? 0, record);
        const tap = new Duplex({
          read() {},
          write(chunk: Buffer, _encoding, callback) {
            record.out.push(Buffer.from(chunk));
            socket.write(chunk, callback);
          },
          final(callback) {
            socket.end(callback);
          },
          destroy(error, callback) {
            socket.destroy();
            callback(error);
          },
        });
        socket.on('data', (data: Buffer) => {
          record.in.push(data);
          tap.push(data);
        });
        socket.on('end', () => tap.push(null));
        socket.on('close', () => tap.destroy());
        http.emit('connection', tap);
      });
      const port = await listen(server, '127.0.0.1');
      const recording = await capture(t, 'http', [port]);
      if (recording === null) {
        await close(server);
        return 0;
      }
      const base = `http://127.0.0.1:${port}`;
      const { code } = await runTool('curl', [
        '-sS',
        '-o',
        '/dev/null',
        '-o',
        '/dev/null',
        `${base}/small`,
        `${base}/big`,
      ]);
      assert.equal(code, 0, 'curl succeeded');
      // Both FINs are on the wire once the server's socket closed too.
      await within(Promise.all(closed), 'the server to close its side');
      const dropped = await recording.tcpdump.stop();
      await close(server);
      http.close();
      if (dropped > 0) return dropped;
      for (const { connections } of await importBoth(recording.file, 'http')) {
        assertMatches(connections, [port], expected);
        const conn = connections.find((c) => c.info.localPort === port);
        assert.equal(conn?.info.detected.in, 'http');
        assert.equal((conn?.in.toString('latin1').match(/^GET /gm) ?? []).length, 2);
        assert.equal(conn?.info.endReason, 'client-closed');
      }
      return 0;
    }));

  for (const host of ['127.0.0.1', '::1']) {
    it(`a raw TCP exchange of random bytes both ways over ${host}`, (t) =>
      retrying(async () => {
        const expected: Expected = new Map();
        const server = createServer((socket) => {
          const record = { in: [] as Buffer[], out: [] as Buffer[] };
          expected.set(socket.remotePort ?? 0, record);
          socket.on('data', (data: Buffer) => record.in.push(data));
          const reply = randomBytes(300_000);
          record.out.push(reply);
          socket.end(reply);
        });
        let port: number;
        try {
          port = await listen(server, host);
        } catch {
          t.skip(`${host} is not available here`);
          return 0;
        }
        const recording = await capture(t, `raw-${host === '::1' ? 6 : 4}`, [port]);
        if (recording === null) {
          await close(server);
          return 0;
        }
        for (const size of [1, 70_000, 500_000]) {
          const socket = connect(port, host);
          const done = new Promise<void>((resolve, reject) => {
            socket.on('data', () => undefined);
            socket.on('close', () => resolve());
            socket.on('error', reject);
          });
          socket.end(randomBytes(size));
          await within(done, 'the raw exchange to finish');
        }
        const dropped = await recording.tcpdump.stop();
        await close(server);
        if (dropped > 0) return dropped;
        for (const { connections } of await importBoth(recording.file, `raw-${port}`)) {
          assertMatches(connections, [port], expected);
          for (const c of connections.filter((x) => x.info.localPort === port)) {
            assert.equal(c.info.family, host === '::1' ? 'IPv6' : 'IPv4');
            assert.equal(c.info.localAddress, host);
          }
        }
        return 0;
      }));
  }

  it('a UDP exchange, one chunk per datagram', (t) =>
    retrying(async () => {
      const server = createSocket('udp4');
      await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
      const port = server.address().port;
      const expected: Expected = new Map();
      server.on('message', (data, from) => {
        const record = expected.get(from.port);
        const reply = randomBytes(data.length * 2);
        record?.out.push(reply);
        server.send(reply, from.port, from.address);
      });
      const recording = await capture(t, 'udp', [port]);
      if (recording === null) {
        server.close();
        return 0;
      }
      const client = createSocket('udp4');
      await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
      const record = { in: [] as Buffer[], out: [] as Buffer[] };
      expected.set(client.address().port, record);
      for (const size of [10, 1000, 9000]) {
        const data = randomBytes(size);
        record.in.push(data);
        const answered = new Promise((resolve) => client.once('message', resolve));
        client.send(data, port, '127.0.0.1');
        await within(answered, 'the UDP reply');
      }
      const dropped = await recording.tcpdump.stop();
      client.close();
      server.close();
      if (dropped > 0) return dropped;
      for (const { connections } of await importBoth(recording.file, 'udp')) {
        assertMatches(connections, [port], expected);
        const conn = connections.find((c) => c.info.localPort === port);
        assert.equal(conn?.info.protocol, 'udp');
        assert.equal(conn?.info.in.chunks, 3);
        assert.equal(conn?.info.out.chunks, 3);
      }
      return 0;
    }));
});
