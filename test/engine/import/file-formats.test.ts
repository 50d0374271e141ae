// Import of capture files built byte by byte: every supported link type in pcap (both byte
// orders, micro- and nanosecond timestamps) and pcapng (both byte orders, several interfaces and
// resolutions, simple packet blocks, unknown blocks, several sections).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversation, sent } from '../../support/tcp-conversation';
import { frame, LINK_TYPES, pcapFile, pcapngFile, type LinkKind } from '../../support/pcap-builder';
import { importAndRead } from './read-import';
import { assertTalk, dataDir, frames, ipv4Talk, ipv6Talk, nth, writeFixture } from './fixtures';

describe('pcap link types, byte orders and timestamp units', () => {
  const kinds = Object.keys(LINK_TYPES) as LinkKind[];
  for (const kind of kinds) {
    for (const littleEndian of [true, false]) {
      for (const nano of [false, true]) {
        it(`${kind}, ${littleEndian ? 'little' : 'big'}-endian, ${nano ? 'ns' : 'µs'}`, async () => {
          const talk = kind.length % 2 === 0 ? ipv6Talk : ipv4Talk;
          const start = 1_700_000_000_123.456;
          const packets = conversation({ ...talk, start });
          const file = writeFixture(
            pcapFile(frames(kind, packets), { linkType: LINK_TYPES[kind], littleEndian, nano }),
          );
          await assertTalk(file, talk);
          const { connections } = await importAndRead(file, dataDir());
          const opened = connections[0]?.info.openedAt ?? 0;
          assert.ok(Math.abs(opened - nth(packets, 0).at) < 0.002, `openedAt ${opened}`);
        });
      }
    }
  }
});

describe('pcapng', () => {
  for (const littleEndian of [true, false]) {
    it(`several interfaces, link types and resolutions (${littleEndian ? 'LE' : 'BE'})`, async () => {
      const a = conversation({ ...ipv4Talk, start: 1_700_000_000_000.5 });
      const b = conversation({ ...ipv6Talk, start: 1_700_000_001_000.25 });
      const ngFrames = [
        ...a.map((p) => ({ at: p.at, data: frame('sll2', p.ip), iface: 1 })),
        ...b.map((p) => ({ at: p.at, data: frame('null-le', p.ip), iface: 2 })),
      ];
      const file = writeFixture(
        pcapngFile(
          [{ linkType: 1 }, { linkType: 276, tsresol: 9 }, { linkType: 0, tsresol: 0x80 | 20 }],
          ngFrames,
          littleEndian,
        ),
        'pcapng',
      );
      const { summary, connections } = await importAndRead(file, dataDir());
      assert.equal(summary.problem, null);
      assert.equal(connections.length, 2);
      const [first, second] = connections;
      assert.deepEqual(first?.in, sent(ipv4Talk).client);
      assert.deepEqual(second?.out, sent(ipv6Talk).server);
      assert.ok(Math.abs((first?.info.openedAt ?? 0) - nth(a, 0).at) < 0.001);
      assert.ok(Math.abs((second?.info.openedAt ?? 0) - nth(b, 0).at) < 0.001);
    });
  }

  it('reads simple packet blocks and a second section', async () => {
    const a = conversation(ipv4Talk);
    const first = pcapngFile(
      [{ linkType: 101 }],
      a.map((p) => ({ at: p.at, data: p.ip, iface: 0, simple: true })),
    );
    const b = conversation({ ...ipv6Talk, start: 1_700_000_100_000 });
    const second = pcapngFile(
      [{ linkType: 1 }],
      b.map((p) => ({ at: p.at, data: frame('ethernet', p.ip), iface: 0 })),
      false,
    );
    const file = writeFixture(Buffer.concat([first, second]), 'pcapng');
    const { connections } = await importAndRead(file, dataDir());
    assert.equal(connections.length, 2);
    assert.deepEqual(connections[0]?.out, sent(ipv4Talk).server);
    assert.deepEqual(connections[1]?.in, sent(ipv6Talk).client);
  });
});
