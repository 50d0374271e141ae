// Real IP fragments: on Linux loopback (MTU 65,536) the largest UDP datagram over IPv6 (65,527
// bytes of payload, 65,575 bytes with its headers) does not fit in one packet, so the kernel
// sends it as two fragments with a Fragment header. Recorded by tcpdump (with a filter that keeps
// the second fragment, which carries no ports), the import must put each datagram back
// together, both ways, byte for byte.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sha256 } from '../../support/traffic';
import { within } from '../../support/within';
import { importAndRead } from './read-import';
import { recordOrSkip, retrying, skipWith } from '../../support/packet-recorder';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-tcpdump-fragments-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/** The most UDP payload one IPv6 packet can say it carries (65,535 − the 8-byte UDP header). */
const LARGEST = 65_527;

describe('IP fragments in a tcpdump capture', () => {
  it('the largest UDP datagrams over ::1, each sent as two IPv6 fragments', (t) =>
    retrying(async () => {
      const server = createSocket('udp6');
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.bind(0, '::1', resolve);
        });
      } catch (error) {
        skipWith(t, `::1 is not available here (${String(error)})`);
        return 0;
      }
      const port = server.address().port;
      const reply = randomBytes(LARGEST);
      server.on('message', (_data, from) => server.send(reply, from.port, from.address));
      const file = join(home, 'fragments.pcap');
      // ip6[6] = 44: the next header is a Fragment header (both pieces match, ports or not).
      const filter = `udp port ${port} or (ip6 and ip6[6] = 44)`;
      const recorder = await recordOrSkip(t, file, [port], { filter });
      if (recorder === null) {
        server.close();
        return 0;
      }
      const client = createSocket('udp6');
      await new Promise<void>((resolve) => client.bind(0, '::1', resolve));
      const request = randomBytes(LARGEST);
      const answered = new Promise((resolve) => client.once('message', resolve));
      client.send(request, port, '::1');
      await within(answered, 'the reply datagram');
      const dropped = await recorder.stop();
      client.close();
      server.close();
      if (dropped > 0) return dropped;

      const { summary, connections } = await importAndRead(file, join(home, 'data'));
      assert.equal(summary.problem, null);
      assert.equal(summary.skipped, 0, 'every fragment went into its datagram');
      const conn = connections.find((c) => c.info.localPort === port);
      assert.ok(conn !== undefined);
      assert.equal(conn.info.family, 'IPv6');
      assert.equal(sha256(conn.in), sha256(request));
      assert.equal(sha256(conn.out), sha256(reply));
      assert.equal(conn.info.in.chunks, 1, 'one datagram each way');
      assert.equal(conn.info.out.chunks, 1);
      // 2 fragments each way (unfragmented, it would be 2 frames), and the marker datagram(s).
      assert.ok(summary.packets >= 5, `${summary.packets} frames`);
      return 0;
    }));
});
