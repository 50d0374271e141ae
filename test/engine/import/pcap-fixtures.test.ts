// The committed capture files in test/fixtures/pcap/ (see its README.md): each is what its
// README says (format, byte order, timestamp unit, link type), and imports to exactly the
// conversations fixture-traffic.ts sends: their bytes per direction, end reasons, and nothing
// else but the recorder's end marker. A second test records the same traffic now with the same
// recorders and checks they still import alike; with UPDATE_PCAP_FIXTURES=1 it also writes the
// new recordings over the committed files.

import assert from 'node:assert/strict';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { ImportSummary } from '../../../engine/import/import-capture';
import { sha256 } from '../../support/traffic';
import { bigEndianCopies, fileFacts, type FileFacts } from './fixture-files';
import { FIXTURE_CONVERSATIONS, fixtureServers } from './fixture-traffic';
import { importAndRead, type ImportedConnection } from './read-import';
import {
  MARKER,
  recordOrSkip,
  type RecorderOptions,
  type Tcpdump,
} from '../../support/packet-recorder';

const FOLDER = fileURLToPath(new URL('../../fixtures/pcap/', import.meta.url));

interface Fixture {
  readonly file: string;
  readonly facts: FileFacts;
  /** How it is recorded; derived files are made from ethernet.pcap instead. */
  readonly recorder: RecorderOptions | 'big-endian copy';
  /** Frames in the committed file, and the end markers among them. */
  readonly packets: number;
  readonly markers: number;
}

const ethernet = { format: 'pcap', littleEndian: true, unitsPerSecond: 1e6, linkType: 1 } as const;
const FIXTURES: readonly Fixture[] = [
  { file: 'ethernet.pcap', facts: ethernet, recorder: {}, packets: 23, markers: 1 },
  {
    file: 'linux-sll.pcap',
    facts: { ...ethernet, linkType: 113 },
    recorder: { args: ['-i', 'any', '-y', 'LINUX_SLL'] },
    packets: 23,
    markers: 1,
  },
  {
    file: 'linux-sll2.pcap',
    facts: { ...ethernet, linkType: 276 },
    recorder: { args: ['-i', 'any', '-y', 'LINUX_SLL2'] },
    packets: 23,
    markers: 1,
  },
  {
    file: 'nanosecond.pcap',
    facts: { ...ethernet, unitsPerSecond: 1e9 },
    recorder: { args: ['-i', 'lo', '--time-stamp-precision=nano'] },
    packets: 23,
    markers: 1,
  },
  {
    file: 'dumpcap.pcapng',
    facts: { ...ethernet, format: 'pcapng', unitsPerSecond: 1e9 },
    recorder: { tool: 'dumpcap', args: ['-i', 'lo'] },
    packets: 23,
    markers: 1,
  },
  {
    file: 'big-endian.pcap',
    facts: { ...ethernet, littleEndian: false },
    recorder: 'big-endian copy',
    packets: 23,
    markers: 1,
  },
  {
    file: 'big-endian.pcapng',
    facts: { ...ethernet, format: 'pcapng', littleEndian: false },
    recorder: 'big-endian copy',
    packets: 23,
    markers: 1,
  },
];

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-pcap-fixtures-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/**
 * The import holds the fixture conversations, byte for byte, and one UDP conversation of end
 * markers. Resolves with how many markers it carried.
 */
function assertFixtureContent(summary: ImportSummary, connections: ImportedConnection[]): number {
  assert.equal(summary.problem, null);
  assert.equal(summary.skipped, 0, 'every frame was TCP or UDP over loopback');
  const isMarker = (c: ImportedConnection) => c.in.subarray(0, MARKER.length).equals(MARKER);
  const markers = connections.filter(isMarker);
  assert.equal(markers.length, 1, 'one conversation of end markers');
  const [marker] = markers;
  const count = (marker?.in.length ?? 0) / MARKER.length;
  assert.deepEqual(marker?.in, Buffer.concat(Array<Buffer>(count).fill(MARKER)));
  const ours = connections.filter((c) => !isMarker(c));
  assert.equal(ours.length, FIXTURE_CONVERSATIONS.length);
  for (const want of FIXTURE_CONVERSATIONS) {
    const label = `${want.protocol} over ${want.family}`;
    const got = ours.find(
      (c) => c.info.protocol === want.protocol && c.info.family === want.family,
    );
    assert.ok(got !== undefined, label);
    assert.equal(sha256(got.in), sha256(want.in), `${label}: client → server`);
    assert.equal(sha256(got.out), sha256(want.out), `${label}: server → client`);
    assert.equal(got.info.endReason, want.endReason, `${label}: end reason`);
    assert.equal(got.info.in.dropped + got.info.out.dropped, 0, `${label}: nothing dropped`);
  }
  return count;
}

async function importFile(file: string) {
  return importAndRead(file, join(home, 'data'));
}

describe('committed capture files (test/fixtures/pcap)', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.file}: ${fixture.facts.format}, link type ${fixture.facts.linkType}`, async () => {
      const file = join(FOLDER, fixture.file);
      assert.ok(statSync(file).size < 20 * 1024, 'small enough to commit');
      assert.deepEqual(fileFacts(readFileSync(file)), fixture.facts);
      const { summary, connections } = await importFile(file);
      assert.equal(summary.packets, fixture.packets);
      assert.equal(assertFixtureContent(summary, connections), fixture.markers);
    });
  }

  it('the big-endian copies keep the times of ethernet.pcap to the microsecond', async () => {
    const opened = async (name: string) =>
      (await importFile(join(FOLDER, name))).connections.map((c) => c.info.openedAt);
    const original = await opened('ethernet.pcap');
    for (const copy of ['big-endian.pcap', 'big-endian.pcapng']) {
      const times = await opened(copy);
      assert.equal(times.length, original.length);
      times.forEach((t, i) => assert.ok(Math.abs(t - (original[i] ?? 0)) < 0.001, `${copy} #${i}`));
    }
  });
});

describe('the fixture traffic recorded now', () => {
  it('imports alike from every recorder (UPDATE_PCAP_FIXTURES=1 writes the files)', async (t) => {
    const servers = await fixtureServers();
    const recorders: Tcpdump[] = [];
    const dropped: number[] = [];
    try {
      for (const fixture of FIXTURES) {
        if (fixture.recorder === 'big-endian copy') continue;
        const file = join(home, fixture.file);
        const recorder = await recordOrSkip(t, file, servers.ports, fixture.recorder);
        if (recorder === null) return;
        recorders.push(recorder);
      }
      await servers.run();
    } finally {
      for (const recorder of recorders) dropped.push(await recorder.stop());
      await servers.close();
    }
    assert.deepEqual(
      dropped,
      dropped.map(() => 0),
      'the kernel dropped no packets',
    );
    const copies = bigEndianCopies(readFileSync(join(home, 'ethernet.pcap')));
    writeFileSync(join(home, 'big-endian.pcap'), copies.pcap);
    writeFileSync(join(home, 'big-endian.pcapng'), copies.pcapng);
    for (const fixture of FIXTURES) {
      const file = join(home, fixture.file);
      assert.deepEqual(fileFacts(readFileSync(file)), fixture.facts, fixture.file);
      const { summary, connections } = await importFile(file);
      assertFixtureContent(summary, connections);
      console.log(`${fixture.file}: ${summary.packets} packets, ${statSync(file).size} bytes`);
    }
    // Only once every new file imports right; dumpcap writes its files private (0600).
    if (process.env.UPDATE_PCAP_FIXTURES !== '1') return;
    for (const fixture of FIXTURES) {
      copyFileSync(join(home, fixture.file), join(FOLDER, fixture.file));
      chmodSync(join(FOLDER, fixture.file), 0o644);
    }
  });
});
