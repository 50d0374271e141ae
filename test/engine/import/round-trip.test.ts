// Round trip through the pcapng exporter: a capture imported from a file, exported to pcapng and
// imported again holds the same connections with the same bytes per direction (sha256), the
// same endpoints, and the same byte accounting (a gap stays a gap).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportCaptureToPcapng } from '../../../engine/export/pcapng/export-capture-file';
import { pcapFile, udp } from '../../support/pcap-builder';
import { conversation } from '../../support/tcp-conversation';
import { sha256 } from '../../support/traffic';
import { importAndRead } from './read-import';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-import-round-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

describe('export → import', () => {
  it('gives the same bytes for every connection and direction', async () => {
    const http = conversation({
      client: ['127.0.0.1', 41000],
      server: ['127.0.0.1', 8080],
      exchanges: [
        { from: 'client', data: Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n') },
        { from: 'server', data: randomBytes(60_000) },
        { from: 'server', data: randomBytes(60_000) },
      ],
    });
    const withGap = conversation({
      family: 'IPv6',
      client: ['::1', 41001],
      server: ['::1', 9000],
      exchanges: [
        { from: 'client', data: randomBytes(1000) },
        { from: 'client', data: randomBytes(1000) },
        { from: 'client', data: randomBytes(1000) },
        { from: 'server', data: randomBytes(10) },
      ],
      close: 'server-rst',
      start: 1_700_000_001_000,
    });
    // The second client segment (and its ACK) never made it into the capture.
    withGap.splice(5, 2);
    const datagrams = [10, 20, 30].map((size, i) => ({
      at: 1_700_000_002_000 + i,
      ip: udp({
        src: '127.0.0.1',
        dst: '127.0.0.1',
        sport: 50000 + (i % 2),
        dport: 53,
        data: randomBytes(size),
      }),
    }));
    const file = join(home, 'source.pcap');
    const packets = [...http, ...withGap, ...datagrams];
    writeFileSync(
      file,
      pcapFile(
        packets.map((p) => ({ at: p.at, data: p.ip })),
        { linkType: 101 },
      ),
    );
    const dataDir = join(home, 'data');
    const first = await importAndRead(file, dataDir);
    assert.equal(first.connections.length, 4);
    assert.equal(first.connections[1]?.info.in.dropped, 1000, 'the gap is there to keep');

    const exported = join(home, 'exported.pcapng');
    const result = await exportCaptureToPcapng({
      dataDir,
      capture: first.summary.captureId,
      output: exported,
    });
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    const second = await importAndRead(exported, dataDir);
    assert.equal(second.summary.problem, null);
    assert.equal(second.connections.length, first.connections.length);
    for (const before of first.connections) {
      const after = second.connections.find(
        (c) =>
          c.info.protocol === before.info.protocol &&
          c.info.remotePort === before.info.remotePort &&
          c.info.localPort === before.info.localPort,
      );
      const label = `${before.info.protocol} ${before.info.remotePort}→${before.info.localPort}`;
      assert.ok(after !== undefined, `${label} is there again`);
      assert.equal(after.info.remoteAddress, before.info.remoteAddress);
      assert.equal(after.info.localAddress, before.info.localAddress);
      assert.equal(sha256(after.in), sha256(before.in), `${label}: in`);
      assert.equal(sha256(after.out), sha256(before.out), `${label}: out`);
      assert.deepEqual(after.info.in, before.info.in, `${label}: in counts`);
      assert.deepEqual(after.info.out, before.info.out, `${label}: out counts`);
    }
  });
});
