// pcapng export checked by the real tools: an engine records real loopback traffic to disk (TCP
// text and binary over IPv4 and IPv6, a client reset, a capped connection, UDP datagrams), the
// past capture is exported, and capinfos and tshark must read it as ordinary traffic: every TCP
// stream's bytes per direction equal what the capture holds (sha256), no malformed packets, the
// conversations and packet counts the capture implies, and the cap shows as a lost segment.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ok } from '../../../shared/errors';
import type { Chunk, ConnectionInfo, Direction } from '../../../shared/model';
import { finishChecksum, pseudoHeaderSum, sumWords } from '../../../engine/export/pcapng/checksum';
import { exportPcapng } from '../../../engine/export/pcapng/export-pcapng';
import { addressBytes } from '../../../engine/export/pcapng/ip-address';
import { exportCaptureToPcapng } from '../../../engine';
import { CaptureLibrary } from '../../../engine/persist/capture-library';
import { captureFile } from '../../../engine/persist/capture-files';
import { PastCapture } from '../../../engine/persist/past-capture';
import { collect, connectClient, ipv6Available, startEngine } from '../../support/engine-harness';
import { udpPeer } from '../../support/udp-client';

const run = promisify(execFile);
/** What tshark's follow puts where bytes are missing (a line of its own, NUL-terminated). */
const MISSING = /^\[\d+ bytes missing in capture file\]\0$/;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function tool(name: string): Promise<boolean> {
  try {
    await run(name, ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function tshark(...args: string[]): Promise<string> {
  const { stdout } = await run('tshark', args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

describe('checksums', () => {
  it('match known IPv4 header and TCP/UDP values', () => {
    // The classic example header (checksum field zeroed): its checksum is 0xb861.
    const header = Buffer.from('450000730000400040110000c0a80001c0a800c7', 'hex');
    assert.equal(finishChecksum(sumWords(header, 0, header.length)), 0xb861);
    // RFC 1071 §3 example words sum to 0xddf2 once folded: the checksum is its complement.
    const words = Buffer.from('0001f203f4f5f6f7', 'hex');
    assert.equal(finishChecksum(sumWords(words, 0, words.length)), ~0xddf2 & 0xffff);
    // An odd byte count is padded with a zero byte.
    assert.equal(finishChecksum(sumWords(Buffer.from([0x01]), 0, 1)), ~0x0100 & 0xffff);
    // UDP 127.0.0.1:1 → 127.0.0.1:2 carrying "hi", worked by hand: pseudo-header 0xfe1d, the
    // datagram 0x6876, folded 0x6694, complemented 0x996b.
    const udp = Buffer.from('00010002000a00006869', 'hex');
    const loopback = addressBytes('127.0.0.1', 'IPv4');
    const pseudo = pseudoHeaderSum(loopback, loopback, 17, udp.length);
    assert.equal(finishChecksum(sumWords(udp, 0, udp.length, pseudo)), 0x996b);
    // With the checksum in place the sum checks out: complemented, it is 0.
    udp.writeUInt16BE(0x996b, 6);
    assert.equal(finishChecksum(sumWords(udp, 0, udp.length, pseudo)), 0);
  });

  it('parse IPv6 addresses, compressed or with a dotted quad', () => {
    assert.equal(Buffer.from(addressBytes('::1', 'IPv6')).toString('hex'), '0'.repeat(31) + '1');
    assert.equal(
      Buffer.from(addressBytes('fe80::1:2', 'IPv6')).toString('hex'),
      'fe80000000000000000000000001' + '0002',
    );
    assert.equal(
      Buffer.from(addressBytes('::ffff:127.0.0.1', 'IPv6')).toString('hex'),
      '00000000000000000000ffff7f000001',
    );
    assert.equal(Buffer.from(addressBytes('::ffff:10.1.2.3', 'IPv4')).toString('hex'), '0a010203');
  });
});

describe('pcapng export', () => {
  let home: string;
  let capture: PastCapture;
  let file: string;
  let connections: ConnectionInfo[];
  let exported: { packets: number; bytes: number; connections: number };
  let missing: string | null = null;
  let cappedId = 0;
  let resetId = 0;
  let v6 = false;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'porthole-pcapng-'));
    if (!(await tool('tshark'))) missing = 'tshark is not installed';
    else if (!(await tool('capinfos'))) missing = 'capinfos is not installed';
    const dataDir = join(home, 'data');
    const h = startEngine({ persist: { dataDir }, version: 'test' });
    try {
      const echo = await h.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'echo' },
      });
      const talk = async (data: Uint8Array | string, host = '127.0.0.1', port = echo.port) => {
        const socket = await connectClient(port ?? 0, host);
        const done = collect(socket);
        socket.end(data);
        await done;
      };
      await talk('GET /héllo HTTP/1.1\r\nHost: x\r\n\r\n');
      await talk(randomBytes(300_000));
      v6 = await ipv6Available();
      if (v6) {
        const six = await h.must('openListener', {
          host: '::1',
          port: 0,
          behaviour: { kind: 'echo' },
        });
        await talk(randomBytes(70_000), '::1', six.port);
      }
      // A client that resets after sending a little.
      const client = await connectClient(echo.port ?? 0);
      client.write('partial');
      const seen = await h.waitFor(async () => {
        const all = (await h.must('listConnections', {})).connections;
        return all.find((c) => c.remotePort === client.localPort && c.in.received === 7);
      }, 'the bytes before the reset');
      resetId = seen.id;
      client.resetAndDestroy();
      await h.waitForConnection(resetId, (c) => c.state === 'closed', 'the reset');

      const udp = await h.must('openListener', {
        protocol: 'udp',
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'echo' },
      });
      const peer = await udpPeer();
      for (const word of ['one', 'two', randomBytes(1500)]) {
        await peer.send(Buffer.from(word), udp.port ?? 0);
        await peer.next();
      }
      await peer.close();

      // Two connections at once, their packets interleaved in time.
      const a = await connectClient(echo.port ?? 0);
      const b = await connectClient(echo.port ?? 0);
      const aDone = collect(a);
      const bDone = collect(b);
      for (const [socket, word] of [
        [a, 'ping a'],
        [b, 'ping b'],
        [a, 'again a'],
      ] as const) {
        const echoed = new Promise((resolve) => socket.once('data', resolve));
        socket.write(word);
        await echoed;
      }
      a.end();
      b.end('bye b');
      await Promise.all([aDone, bDone]);

      // Bytes beyond a small per-connection cap are dropped: they must show as a gap.
      await h.must('setLimits', { perConnectionBytes: 20_000 });
      await talk(randomBytes(100_000));

      await h.waitFor(async () => {
        const all = (await h.must('listConnections', {})).connections;
        return all.every((c) => c.state === 'closed' || c.protocol === 'udp') ? true : undefined;
      }, 'every TCP connection to close');
    } finally {
      await h.close();
    }
    const [id] = await new CaptureLibrary(dataDir).ids();
    assert.ok(id !== undefined, 'the capture is on disk');
    const opened = await PastCapture.open(captureFile(dataDir, id));
    assert.ok(opened.ok);
    capture = opened.value;
    connections = capture.page(0, 1000).connections;
    cappedId = connections.find((c) => c.in.dropped > 0)?.id ?? 0;
    assert.ok(cappedId > 0, 'a connection lost bytes to the cap');

    file = join(home, 'all.pcapng');
    const handle = await open(file, 'w');
    try {
      const result = await exportPcapng(capture, handle);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      exported = result.value;
    } finally {
      await handle.close();
    }
  });

  after(async () => {
    await capture.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** Every byte of one direction that the capture file holds, in order, gaps skipped. */
  async function capturedBytes(id: number, direction: Direction): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (const chunk of capture.readChunks(id, 0, 1_000_000) ?? []) {
      if (chunk.direction !== direction) continue;
      const read = await capture.readPayload(id, direction, chunk.offset, chunk.length);
      assert.ok(read.ok);
      parts.push(read.value);
    }
    return Buffer.concat(parts);
  }

  it('writes what it says, and capinfos reads it', async (t) => {
    assert.equal(exported.bytes, statSync(file).size);
    assert.equal(exported.connections, connections.length);
    if (missing !== null) return t.skip(missing);
    const { stdout } = await run('capinfos', ['-M', file]);
    // Overlapping connections are merged: the file is in time order.
    assert.match(stdout, /Strict time order:\s+True\n/);
    assert.match(stdout, /File type:\s+(Wireshark\/\.\.\. - )?pcapng\n/);
    assert.match(stdout, new RegExp(`Number of packets:\\s+${exported.packets}\\n`));
    assert.match(stdout, /Number of interfaces in file: (\d+)/);
    const interfaces = Number(/Number of interfaces in file: (\d+)/.exec(stdout)?.[1]);
    assert.equal(interfaces, capture.listeners.length);
    assert.match(stdout, /porthole tcp 127\.0\.0\.1:\d+/);
  });

  it('tshark finds no malformed packets and no errors', async (t) => {
    if (missing !== null) return t.skip(missing);
    // What is checked is Porthole's framing (link, IP, TCP, UDP), so payloads are read as plain
    // data: random test bytes on an ephemeral port can look like some protocol (RTCP, say) to
    // a port-based or heuristic dissector, which then calls them malformed.
    const asData = ['-d', 'tcp.port==1-65535,data', '-d', 'udp.port==1-65535,data'];
    assert.equal(
      (
        await tshark('-r', file, ...asData, '-Y', '_ws.malformed || _ws.expert.severity >= "error"')
      ).trim(),
      '',
    );
    const expert = await tshark('-r', file, ...asData, '-qz', 'expert,error');
    assert.doesNotMatch(expert, /Errors \(\d+\)/);
    // Checksums are checked when asked to: none may be bad.
    const bad = await tshark(
      '-r',
      file,
      '-o',
      'ip.check_checksum:TRUE',
      '-o',
      'tcp.check_checksum:TRUE',
      '-o',
      'udp.check_checksum:TRUE',
      '-Y',
      'ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || udp.checksum.status == "Bad"',
    );
    assert.equal(bad.trim(), '');
  });

  it('every TCP stream follows to exactly the captured bytes of each direction', async (t) => {
    if (missing !== null) return t.skip(missing);
    const tcp = connections.filter((c) => c.protocol === 'tcp');
    let matched = 0;
    for (let n = 0; n < tcp.length; n++) {
      const out = await tshark('-r', file, '-qz', `follow,tcp,raw,${n}`);
      const node0 = /Node 0: (.+):(\d+)\n/.exec(out);
      assert.ok(node0 !== null, out);
      const conn = tcp.find((c) => c.remotePort === Number(node0[2]));
      assert.ok(conn !== undefined, `stream ${n} is a recorded connection`);
      const body = out
        .split('\n')
        .slice(out.split('\n').findIndex((l) => l.startsWith('Node 1:')) + 1);
      const hex = { in: [] as string[], out: [] as string[] };
      for (const line of body) {
        if (line.startsWith('====')) break;
        if (MISSING.test(Buffer.from(line.trim(), 'hex').toString('latin1'))) continue;
        if (line.startsWith('\t')) hex.out.push(line.trim());
        else if (line.trim() !== '') hex.in.push(line.trim());
      }
      for (const d of ['in', 'out'] as const) {
        const followed = Buffer.from(hex[d].join(''), 'hex');
        const held = await capturedBytes(conn.id, d);
        assert.equal(held.length, conn[d].captured);
        assert.equal(sha256(followed), sha256(held), `#${conn.id} ${d}`);
      }
      matched++;
    }
    assert.equal(matched, tcp.length);
    t.diagnostic(`${matched} TCP streams, both directions match by sha256`);
  });

  it('has the conversations and packets the capture implies', async (t) => {
    if (missing !== null) return t.skip(missing);
    const tcp = connections.filter((c) => c.protocol === 'tcp');
    const udp = connections.filter((c) => c.protocol === 'udp');
    const conv = async (kind: string) =>
      (await tshark('-r', file, '-qz', `conv,${kind}`)).split('\n').filter((l) => /<->/.test(l));
    assert.equal((await conv('tcp')).length, tcp.length);
    assert.equal((await conv('udp')).length, udp.length);
    for (const c of udp) {
      const frames = await tshark(
        '-r',
        file,
        '-Y',
        `udp.port == ${c.remotePort}`,
        '-T',
        'fields',
        '-e',
        'frame.number',
      );
      assert.equal(frames.trim().split('\n').length, c.chunkCount);
    }
    // A TCP connection: handshake, each chunk's segments and the peer's ACK, then FIN x3 or RST.
    const mss = (c: ConnectionInfo) => (c.family === 'IPv4' ? 65495 : 65476);
    for (const c of tcp) {
      let expected = 3 + (c.endReason === 'client-reset' ? 1 : 3);
      for (const chunk of capture.readChunks(c.id, 0, 1_000_000) ?? []) {
        expected += Math.ceil(chunk.length / mss(c)) + 1;
      }
      const frames = await tshark(
        '-r',
        file,
        '-Y',
        `tcp.port == ${c.remotePort}`,
        '-T',
        'fields',
        '-e',
        'frame.number',
      );
      assert.equal(frames.trim().split('\n').length, expected, `#${c.id}`);
    }
    const reset = connections.find((c) => c.id === resetId);
    const rst = await tshark(
      '-r',
      file,
      '-Y',
      `tcp.flags.reset == 1`,
      '-T',
      'fields',
      '-e',
      'tcp.srcport',
    );
    assert.deepEqual(
      rst.trim().split('\n'),
      [String(reset?.remotePort)],
      'the client sent the one RST',
    );
  });

  it('shows the cap as a lost segment with a comment saying how many bytes', async (t) => {
    if (missing !== null) return t.skip(missing);
    const capped = connections.find((c) => c.id === cappedId);
    assert.ok(capped !== undefined);
    const lost = await tshark(
      '-r',
      file,
      '-Y',
      'tcp.analysis.lost_segment',
      '-T',
      'fields',
      '-e',
      'tcp.srcport',
    );
    assert.ok(lost.split('\n').includes(String(capped.remotePort)), lost);
    const comments = await tshark(
      '-r',
      file,
      '-Y',
      'frame.comment',
      '-T',
      'fields',
      '-e',
      'frame.comment',
    );
    assert.ok(comments.includes(`${capped.in.dropped} bytes client → port not captured`), comments);
    for (const c of connections) {
      assert.ok(comments.includes(`Porthole connection #${c.id}, behaviour`), `#${c.id}`);
    }
    assert.ok(comments.includes(`#${resetId}, behaviour echo, ended: client-reset`));
  });

  it('shows bytes missing mid-stream as a gap that follow reports, and a reset by the port', async (t) => {
    if (missing !== null) return t.skip(missing);
    // A file may lack bytes in the middle of a stream (a disk that could not keep up): a source
    // with such a hole, on IPv6, ended by the port's reset fault.
    const base = connections[0];
    assert.ok(base !== undefined);
    const info: ConnectionInfo = {
      ...base,
      id: 77,
      listenerId: 'gone',
      family: 'IPv6',
      localAddress: '::1',
      remoteAddress: '::1',
      localPort: 8080,
      remotePort: 5555,
      endReason: 'fault-reset',
      in: { received: 80, captured: 20, dropped: 60, chunks: 2 },
      out: { received: 5, captured: 5, dropped: 0, chunks: 1 },
    };
    const at = info.openedAt;
    const chunks: Chunk[] = [
      { index: 0, direction: 'in', at: at + 1, offset: 0, length: 10, captured: 10 },
      { index: 1, direction: 'out', at: at + 2, offset: 0, length: 5, captured: 5 },
      { index: 2, direction: 'in', at: at + 3, offset: 50, length: 10, captured: 10 },
    ];
    const bytes = (d: Direction, offset: number, length: number) =>
      Buffer.alloc(length, d === 'out' ? 'z' : offset < 50 ? 'A' : 'B');
    const source = {
      listeners: [],
      get: (id: number) => (id === info.id ? info : undefined),
      page: (afterId: number) => ({
        connections: afterId < info.id ? [info] : [],
        nextAfterId: null,
      }),
      readChunks: (_id: number, from: number, count: number) => chunks.slice(from, from + count),
      readPayload: (_id: number, d: Direction, offset: number, length: number) =>
        Promise.resolve(ok(bytes(d, offset, length))),
    };
    const holed = join(home, 'holed.pcapng');
    const handle = await open(holed, 'w');
    const result = await exportPcapng(source, handle);
    await handle.close();
    assert.ok(result.ok);
    const follow = await tshark('-r', holed, '-qz', 'follow,tcp,ascii,0');
    assert.match(
      follow,
      /\n10\nAAAAAAAAAA\n\t5\nzzzzz\n35\n\[40 bytes missing in capture file\]\.\n10\nBBBBBBBBBB\n=/,
    );
    const lost = await tshark(
      '-r',
      holed,
      '-Y',
      'tcp.analysis.lost_segment',
      '-T',
      'fields',
      '-e',
      'tcp.seq',
      '-e',
      'frame.comment',
    );
    assert.match(lost, /^51\tPorthole: 40 bytes client → port not captured/);
    const rst = await tshark(
      '-r',
      holed,
      '-Y',
      'tcp.flags.reset == 1',
      '-T',
      'fields',
      '-e',
      'tcp.srcport',
      '-e',
      'frame.comment',
    );
    assert.match(
      rst,
      /^8080\tPorthole: 20 bytes client → port not captured/,
      'the trailing bytes too',
    );
    const capinfos = (await run('capinfos', ['-M', holed])).stdout;
    assert.match(capinfos, /Name = porthole tcp \[::1\]:8080/);
  });

  it('exports chosen connections through a data folder and a stream', async (t) => {
    const dataDir = join(home, 'data');
    const chosen = join(home, 'chosen.pcapng');
    const result = await exportCaptureToPcapng({
      dataDir,
      capture: 'latest',
      output: chosen,
      connectionIds: [cappedId],
    });
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.equal(result.value.connections, 1);
    assert.equal(statSync(chosen).mode & 0o777, 0o600);
    const none = await exportCaptureToPcapng({ dataDir, capture: 'nope', output: join(home, 'x') });
    assert.equal(none.ok ? null : none.error.code, 'CAPTURE_NOT_FOUND');
    const unknown = await exportPcapng(capture, createWriteStream(join(home, 'y')), {
      connectionIds: [999],
    });
    assert.equal(unknown.ok ? null : unknown.error.code, 'CONNECTION_NOT_FOUND');
    if (missing !== null) return t.skip(missing);
    const { stdout } = await run('capinfos', ['-c', '-M', chosen]);
    assert.match(stdout, new RegExp(`Number of packets:\\s+${result.value.packets}\\n`));
  });

  it('exports 512 MiB with bounded memory', async () => {
    const MiB = 1024 * 1024;
    const count = 512;
    const base = connections.find((c) => c.protocol === 'tcp');
    assert.ok(base !== undefined);
    const info: ConnectionInfo = {
      ...base,
      in: { received: count * MiB, captured: count * MiB, dropped: 0, chunks: count },
      out: { received: 0, captured: 0, dropped: 0, chunks: 0 },
    };
    const pool = Buffer.alloc(MiB, 0x5a);
    const source = {
      listeners: [],
      get: () => info,
      page: (afterId: number) => ({
        connections: afterId < info.id ? [info] : [],
        nextAfterId: null,
      }),
      readChunks: (_id: number, from: number, n: number): Chunk[] =>
        Array.from({ length: Math.max(0, Math.min(n, count - from)) }, (_, i) => ({
          index: from + i,
          direction: 'in',
          at: info.openedAt + from + i,
          offset: (from + i) * MiB,
          length: MiB,
          captured: MiB,
        })),
      readPayload: (_id: number, _d: Direction, _offset: number, length: number) =>
        // A new buffer per read, as a file read gives: holding on to them would show.
        Promise.resolve(ok(Buffer.from(pool.subarray(0, length)))),
    };
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        peak = Math.max(peak, process.memoryUsage().rss);
        done();
      },
    });
    const result = await exportPcapng(source, sink);
    assert.ok(result.ok);
    assert.ok(written > count * MiB);
    const grew = (peak - baseline) / MiB;
    assert.ok(grew < 160, `memory grew by ${grew.toFixed(0)} MiB exporting ${count} MiB`);
  });

  it('writes through a slow stream with backpressure, holding little in memory', async () => {
    let written = 0;
    let largestWrite = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        largestWrite = Math.max(largestWrite, chunk.length);
        setImmediate(done);
      },
    });
    const result = await exportPcapng(capture, slow);
    assert.ok(result.ok);
    assert.equal(written, exported.bytes);
    // Blocks are handed on in writes of about 256 KiB plus at most one packet block.
    assert.ok(largestWrite < 256 * 1024 + 70_000, `largest write ${largestWrite}`);
  });
});
