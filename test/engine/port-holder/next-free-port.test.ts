// "Use the next free port" on real loopback sockets: held ports are skipped, every requested
// address must be free, protocols are independent, and the probe releases what it binds.

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { before, describe, it } from 'node:test';
import { nextFreePort } from '../../../engine/port-holder';

type Protocol = 'tcp' | 'udp';

interface Hold {
  release(): Promise<void>;
}

/** Releasing twice is fine: tests release some holds early and everything again in `finally`. */
function once(release: () => Promise<void>): Hold {
  let released: Promise<void> | undefined;
  return { release: () => (released ??= release()) };
}

/** Bind host:port for real; resolves null when it is taken. */
function hold(protocol: Protocol, host: string, port: number): Promise<Hold | null> {
  return new Promise((resolve) => {
    if (protocol === 'tcp') {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen({ host, port, exclusive: true, ipv6Only: host.includes(':') }, () =>
        resolve(once(() => new Promise((done) => server.close(() => done())))),
      );
      return;
    }
    const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    socket.once('error', () => resolve(null));
    socket.bind({ address: host, port, exclusive: true }, () =>
      resolve(once(() => new Promise((done) => socket.close(() => done())))),
    );
  });
}

function osPort(protocol: Protocol): Promise<{ port: number; hold: Hold }> {
  return new Promise((resolve, reject) => {
    if (protocol === 'tcp') {
      const server = createServer();
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        const address = server.address();
        assert.ok(address !== null && typeof address === 'object');
        resolve({
          port: address.port,
          hold: once(() => new Promise((done) => server.close(() => done()))),
        });
      });
      return;
    }
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind({ address: '127.0.0.1', port: 0 }, () =>
      resolve({
        port: socket.address().port,
        hold: once(() => new Promise((done) => socket.close(() => done()))),
      }),
    );
  });
}

/**
 * `count` consecutive ports, all held on every host, so a test starts from a block it knows was
 * free and controls exactly which parts stay taken. Key: `${host} ${port}`.
 */
async function reserveBlock(
  protocol: Protocol,
  hosts: readonly string[],
  count: number,
): Promise<{ base: number; holds: Map<string, Hold> }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = await osPort(protocol);
    const holds = new Map<string, Hold>([[`127.0.0.1 ${first.port}`, first.hold]]);
    let complete = first.port + count - 1 <= 65535;
    for (let port = first.port; complete && port < first.port + count; port += 1) {
      for (const host of hosts) {
        const key = `${host} ${port}`;
        if (holds.has(key)) continue;
        const held = await hold(protocol, host, port);
        if (held === null) {
          complete = false;
          break;
        }
        holds.set(key, held);
      }
    }
    if (complete) return { base: first.port, holds };
    await Promise.all([...holds.values()].map((h) => h.release()));
  }
  throw new Error(`no block of ${count} free ${protocol} ports found`);
}

async function releaseExcept(holds: Map<string, Hold>, keep: readonly string[]): Promise<void> {
  await Promise.all(
    [...holds].filter(([key]) => !keep.includes(key)).map(([, held]) => held.release()),
  );
}

async function releaseAll(holds: Map<string, Hold>): Promise<void> {
  await releaseExcept(holds, []);
}

describe('nextFreePort', () => {
  let v6 = false;

  before(async () => {
    const probe = await hold('tcp', '::1', 0);
    v6 = probe !== null;
    await probe?.release();
  });

  it('skips held TCP ports and releases the one it returns', async () => {
    const { base: p, holds } = await reserveBlock('tcp', ['127.0.0.1'], 3);
    await releaseExcept(holds, [`127.0.0.1 ${p}`, `127.0.0.1 ${p + 1}`]);
    try {
      const port = await nextFreePort({ protocol: 'tcp', addresses: ['127.0.0.1'], after: p - 1 });
      assert.equal(port, p + 2);
      const again = await hold('tcp', '127.0.0.1', p + 2);
      assert.ok(again !== null, 'the probe must release the port it found');
      await again.release();
    } finally {
      await releaseAll(holds);
    }
  });

  it('needs the port free on every address: a ::1 holder alone makes it taken', async (t) => {
    if (!v6) {
      t.skip('no IPv6 loopback on this machine: binding ::1 failed');
      return;
    }
    const hosts = ['127.0.0.1', '::1'];
    const { base: p, holds } = await reserveBlock('tcp', hosts, 4);
    await releaseExcept(holds, [`127.0.0.1 ${p}`, `127.0.0.1 ${p + 1}`, `::1 ${p + 2}`]);
    try {
      assert.equal(await nextFreePort({ protocol: 'tcp', addresses: hosts, after: p - 1 }), p + 3);
      // The same search over IPv4 only accepts p + 2: the ::1 holder is what made it skip.
      assert.equal(
        await nextFreePort({ protocol: 'tcp', addresses: ['127.0.0.1'], after: p - 1 }),
        p + 2,
      );
    } finally {
      await releaseAll(holds);
    }
  });

  it('treats UDP on its own: held UDP ports are skipped, TCP holders do not matter', async () => {
    const udp = await reserveBlock('udp', ['127.0.0.1'], 2);
    await releaseExcept(udp.holds, [`127.0.0.1 ${udp.base}`]);
    const tcp = await reserveBlock('tcp', ['127.0.0.1'], 1);
    const udpOnTcpPort = await hold('udp', '127.0.0.1', tcp.base);
    try {
      assert.equal(
        await nextFreePort({ protocol: 'udp', addresses: ['127.0.0.1'], after: udp.base - 1 }),
        udp.base + 1,
      );
      if (udpOnTcpPort !== null) {
        await udpOnTcpPort.release();
        assert.equal(
          await nextFreePort({ protocol: 'udp', addresses: ['127.0.0.1'], after: tcp.base - 1 }),
          tcp.base,
        );
      }
    } finally {
      await releaseAll(udp.holds);
      await releaseAll(tcp.holds);
    }
  });

  it('checks UDP on ::1 too', async (t) => {
    if (!v6) {
      t.skip('no IPv6 loopback on this machine: binding ::1 failed');
      return;
    }
    const hosts = ['127.0.0.1', '::1'];
    const { base: p, holds } = await reserveBlock('udp', hosts, 2);
    await releaseExcept(holds, [`::1 ${p}`]);
    try {
      assert.equal(await nextFreePort({ protocol: 'udp', addresses: hosts, after: p - 1 }), p + 1);
    } finally {
      await releaseAll(holds);
    }
  });

  it('tries at most `limit` ports and never passes 65535', async () => {
    const { base: p, holds } = await reserveBlock('tcp', ['127.0.0.1'], 1);
    try {
      const query = { protocol: 'tcp', addresses: ['127.0.0.1'], after: p - 1 } as const;
      assert.equal(await nextFreePort({ ...query, limit: 1 }), null);
      assert.equal(await nextFreePort({ ...query, limit: 0 }), null);
    } finally {
      await releaseAll(holds);
    }
    assert.equal(
      await nextFreePort({ protocol: 'tcp', addresses: ['127.0.0.1'], after: 65535 }),
      null,
    );
  });

  it('gives up on an address this machine does not have instead of dropping it', async () => {
    // 192.0.2.1 is TEST-NET-1: never assigned to a local interface.
    const port = await nextFreePort({
      protocol: 'tcp',
      addresses: ['127.0.0.1', '192.0.2.1'],
      after: 40000,
    });
    assert.equal(port, null);
  });

  it('probes IPv4 and IPv6 wildcards side by side (the IPv6 probe stays IPv6-only)', async (t) => {
    if (!v6) {
      t.skip('no IPv6 on this machine: binding ::1 failed');
      return;
    }
    const { base: p, holds } = await reserveBlock('tcp', ['127.0.0.1', '::1'], 1);
    await releaseAll(holds);
    // Binds all interfaces for an instant; nothing is sent.
    const port = await nextFreePort({
      protocol: 'tcp',
      addresses: ['0.0.0.0', '::'],
      after: p - 1,
    });
    assert.ok(port !== null && port >= p, `got ${port}`);
  });
});
