// Datagrams the OS dropped: the /proc/net/udp{,6} parser on recorded text, and for real — a
// child process floods a UDP port while this process (and so the engine in it) cannot read, so
// the socket's receive buffer overflows. What Porthole captured plus what the OS says it dropped
// must be exactly what was sent (loopback loses nothing else).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CAPTURE } from '../../../shared/behaviours';
import type { ListenerInfo } from '../../../shared/model';
import { dropsFromProcNet } from '../../../engine/udp/os-drops';
import { startEngine, type Harness } from '../../support/engine-harness';

const UDP4 = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 0100007F:D431 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 51210 2 0000000000000000 17
  124: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1862 2 0000000000000000 0
  125: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1863 2 0000000000000000 5
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
   10: 00000000000000000000000001000000:D431 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 51211 2 0000000000000000 4
   11: 00000000000000000000000000000000:D432 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 51212 2 0000000000000000 9
`;

describe('reading the drop counts', () => {
  it('finds a socket by address and port (x86 byte order) and sums several', () => {
    assert.equal(dropsFromProcNet(UDP4, [{ address: '127.0.0.1', port: 0xd431 }], true), 17);
    assert.equal(dropsFromProcNet(UDP4, [{ address: '127.0.0.1', port: 53 }], true), 5);
    assert.equal(dropsFromProcNet(UDP6, [{ address: '::1', port: 0xd431 }], true), 4);
    assert.equal(dropsFromProcNet(UDP6, [{ address: '::', port: 0xd432 }], true), 9);
    assert.equal(
      dropsFromProcNet(UDP4, [
        { address: '127.0.0.1', port: 0xd431 },
        { address: '127.0.0.1', port: 53 },
      ]),
      22,
    );
  });

  it('is null for a socket that is not listed, or another address on the same port', () => {
    assert.equal(dropsFromProcNet(UDP4, [{ address: '127.0.0.1', port: 9 }], true), null);
    assert.equal(dropsFromProcNet(UDP4, [{ address: '0.0.0.0', port: 0xd431 }], true), null);
    assert.equal(dropsFromProcNet('', [{ address: '127.0.0.1', port: 53 }], true), null);
    assert.equal(dropsFromProcNet('junk\nmore junk', [{ address: '::1', port: 1 }], true), null);
  });

  it('reads big-endian tables too', () => {
    const be = UDP4.replace('0100007F:D431', '7F000001:D431');
    assert.equal(dropsFromProcNet(be, [{ address: '127.0.0.1', port: 0xd431 }], false), 17);
  });
});

describe('a flood while Porthole cannot read', { skip: skipReason() }, () => {
  let h: Harness;
  before(() => {
    h = startEngine();
  });
  after(() => h.close());

  it('captured + dropped by the OS = sent', async () => {
    const listener = await h.must('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: CAPTURE,
      faults: {},
    });
    assert.equal(listener.osDrops, 0);
    const sent = 60_000;
    // spawnSync blocks this process, and the engine in it, until the sender is done: every
    // datagram past what the receive buffer holds is dropped by the OS.
    const sender = spawnSync(
      process.execPath,
      [
        '-e',
        // Closes only once every send has completed (a close cancels sends still queued).
        `const s = require('node:dgram').createSocket('udp4');
         const d = Buffer.alloc(200, 0x61);
         let left = ${sent};
         let pending = ${sent};
         const sentOne = (error) => {
           if (error) throw error;
           if (--pending === 0) s.close();
         };
         (function burst() {
           for (let i = 0; i < 500 && left > 0; i++, left--) {
             s.send(d, ${listener.port}, '127.0.0.1', sentOne);
           }
           if (left > 0) setImmediate(burst);
         })();`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(sender.status, 0, sender.stderr);

    const settled = await h.waitFor(async () => {
      const [info] = (await h.must('listListeners', {})).filter(
        (l: ListenerInfo) => l.id === listener.id,
      );
      if (!info || info.osDrops === null) return undefined;
      // One conversation per peer, one chunk per datagram.
      const page = await h.must('listConnections', {});
      const captured = page.connections
        .filter((c) => c.listenerId === listener.id)
        .reduce((sum, c) => sum + c.in.chunks, 0);
      return captured + info.osDrops === sent ? { drops: info.osDrops, captured } : undefined;
    }, 'captured + OS drops to add up to what was sent');
    assert.ok(settled.drops > 0, 'the flood overflowed the receive buffer');
    await h.call('closeListener', { id: listener.id });
  });
});

function skipReason(): string | false {
  return process.platform === 'linux' ? false : 'only Linux counts UDP drops per socket';
}
