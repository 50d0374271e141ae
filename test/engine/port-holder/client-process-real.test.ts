// "Which program is the client" on this machine: real listeners in this process, real clients in
// child processes (and in this one), over IPv4, IPv6, a dual-stack listener and UDP; clients that
// exit at once; and a burst of 1,000 connections, with each batch's timing printed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { ClientProcess } from '../../../shared/client-process';
import {
  createClientProcessResolver,
  type ClientBatchReport,
  type ClientProcessResolver,
  type ClientQuery,
} from '../../../engine/port-holder';
import type { ClientLookupContext } from '../../../engine/port-holder/client-lookup';
import {
  createLinuxClientLookup,
  type LinuxClientScan,
} from '../../../engine/port-holder/linux-client-lookup';
import { macClientLookup } from '../../../engine/port-holder/mac-client-lookup';
import { runCommand } from '../../../engine/port-holder/run-command';
import { startClientChild, type ClientChild } from '../../support/client-child';
import { within } from '../../support/within';

interface Accepted {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Asked right after accept, as the engine will. */
  readonly answer: Promise<ClientProcess>;
}

interface TestListener {
  readonly port: number;
  /** The first n connections accepted (or datagrams received), once there are n. */
  accepted(n: number): Promise<Accepted[]>;
  close(): Promise<void>;
}

/** Resolves `count` waiters as items arrive. */
function arrivals(): { push(item: Accepted): void; upTo(n: number): Promise<Accepted[]> } {
  const items: Accepted[] = [];
  const waiters: Array<{ n: number; resolve: (items: Accepted[]) => void }> = [];
  return {
    push(item) {
      items.push(item);
      for (const waiter of [...waiters]) {
        if (items.length >= waiter.n) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(items.slice(0, waiter.n));
        }
      }
    },
    upTo(n) {
      if (items.length >= n) return Promise.resolve(items.slice(0, n));
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

async function listenTcp(
  resolver: ClientProcessResolver,
  host: string,
  ipv6Only = true,
): Promise<TestListener> {
  const seen = arrivals();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const query: ClientQuery = {
      protocol: 'tcp',
      localAddress: socket.localAddress ?? '',
      localPort: socket.localPort ?? 0,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
    };
    const answer = resolver.resolve(query);
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    seen.push({ remoteAddress: query.remoteAddress, remotePort: query.remotePort, answer });
  });
  server.listen({ host, port: 0, ipv6Only });
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return {
    port: address.port,
    accepted: (n) => within(seen.upTo(n), `${n} accepted connections`, 30_000),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function listenUdp(resolver: ClientProcessResolver, host: string): Promise<TestListener> {
  const seen = arrivals();
  const socket: UdpSocket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  socket.on('message', (_data, peer) => {
    const local = socket.address();
    const answer = resolver.resolve({
      protocol: 'udp',
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: peer.address,
      remotePort: peer.port,
    });
    seen.push({ remoteAddress: peer.address, remotePort: peer.port, answer });
  });
  await new Promise<void>((resolve) => socket.bind({ address: host, port: 0 }, resolve));
  return {
    port: socket.address().port,
    accepted: (n) => within(seen.upTo(n), `${n} datagrams`),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function ipv6LoopbackAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });
}

// comm is the executable's base name, cut to 15 characters by the kernel.
const expectedName = basename(process.execPath).slice(0, 15);
const me = userInfo().username;

function assertIsChild(answer: ClientProcess, client: ClientChild): void {
  assert.equal(answer.kind, 'process', JSON.stringify(answer));
  if (answer.kind !== 'process') return;
  assert.equal(answer.pid, client.pid);
  assert.equal(answer.name, expectedName);
  assert.equal(answer.user, me);
  assert.ok(answer.commandLine?.includes(client.marker), `command line: ${answer.commandLine}`);
}

/** The child, or unknown: never another process. */
function childOrUnknown(answer: ClientProcess, pid: number): string {
  if (answer.kind === 'process') {
    assert.equal(answer.pid, pid, `named pid ${answer.pid}, not the client ${pid}`);
    return 'named';
  }
  if (answer.kind !== 'unknown') return assert.fail(`a local client: ${JSON.stringify(answer)}`);
  return answer.reason;
}

function tally(outcomes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

const linuxOnly = process.platform === 'linux' ? false : 'the /proc lookup runs on Linux only';

/**
 * These tests check what is found, not how fast: a loaded machine may take longer than the
 * default 1 s to scan /proc, so they allow 30 s. The burst below runs with the defaults.
 */
const AMPLE_MS = 30_000;

describe('client process: real clients on Linux', { skip: linuxOnly }, () => {
  let resolver: ClientProcessResolver;
  let v6 = false;
  const children: ClientChild[] = [];
  const child = (...args: Parameters<typeof startClientChild>): ClientChild => {
    const started = startClientChild(...args);
    children.push(started);
    return started;
  };

  before(async () => {
    v6 = await ipv6LoopbackAvailable();
    resolver = createClientProcessResolver({ timeoutMs: AMPLE_MS });
  });

  after(async () => {
    resolver.close();
    await Promise.all(children.map((c) => c.stop()));
  });

  it('names a TCP client in another process over IPv4: pid, name, command line, user', async () => {
    const listener = await listenTcp(resolver, '127.0.0.1');
    try {
      const client = child('tcp', '127.0.0.1', listener.port);
      const { localPort } = await client.next<{ localPort: number }>('its connection');
      const [accepted] = await listener.accepted(1);
      assert.equal(accepted?.remotePort, localPort);
      assertIsChild(await (accepted as Accepted).answer, client);
    } finally {
      await listener.close();
    }
  });

  it('names a TCP client over IPv6 loopback', async (t) => {
    if (!v6) return t.skip('no IPv6 loopback on this machine');
    const listener = await listenTcp(resolver, '::1');
    try {
      const client = child('tcp', '::1', listener.port);
      await client.next('its connection');
      const [accepted] = await listener.accepted(1);
      assert.equal(accepted?.remoteAddress, '::1');
      assertIsChild(await (accepted as Accepted).answer, client);
    } finally {
      await listener.close();
    }
  });

  it('names an IPv4 client of a dual-stack listener, which sees it as ::ffff:127.0.0.1', async (t) => {
    if (!v6) return t.skip('no IPv6 on this machine');
    const listener = await listenTcp(resolver, '::', false);
    try {
      const client = child('tcp', '127.0.0.1', listener.port);
      await client.next('its connection');
      const [accepted] = await listener.accepted(1);
      assert.equal(accepted?.remoteAddress, '::ffff:127.0.0.1');
      assertIsChild(await (accepted as Accepted).answer, client);
    } finally {
      await listener.close();
    }
  });

  it('names a UDP peer over IPv4 and IPv6 from the datagram it sent', async () => {
    for (const host of v6 ? ['127.0.0.1', '::1'] : ['127.0.0.1']) {
      const listener = await listenUdp(resolver, host);
      try {
        const client = child('udp', host, listener.port);
        const { localPort } = await client.next<{ localPort: number }>('its datagram');
        const [received] = await listener.accepted(1);
        assert.equal(received?.remotePort, localPort);
        assertIsChild(await (received as Accepted).answer, client);
      } finally {
        await listener.close();
      }
    }
  });

  it('names this process when the client is in it (as with a relay to its own port)', async () => {
    const listener = await listenTcp(resolver, '127.0.0.1');
    const socket = connect(listener.port, '127.0.0.1');
    try {
      await once(socket, 'connect');
      const [accepted] = await listener.accepted(1);
      const answer = await (accepted as Accepted).answer;
      assert.equal(answer.kind === 'process' && answer.pid, process.pid, JSON.stringify(answer));
      assert.equal(answer.kind === 'process' && answer.user, me);
    } finally {
      socket.destroy();
      await listener.close();
    }
  });

  it('answers the client or unknown, never another process, for clients that exit at once', async (t) => {
    const listener = await listenTcp(resolver, '127.0.0.1');
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 4; i += 1) {
        const client = child('tcp-exit', '127.0.0.1', listener.port);
        const accepted = (await listener.accepted(i + 1))[i] as Accepted;
        await client.exited();
        outcomes.push(childOrUnknown(await accepted.answer, client.pid));
      }
    } finally {
      await listener.close();
    }
    t.diagnostic(`clients that exit at once: ${JSON.stringify(tally(outcomes))}`);
  });
});

/**
 * One child opens 1,000 connections in about a second; every answer must be that child or
 * unknown. Prints how many were named and what each batch cost.
 */
async function burst(t: TestContext, holdMs: number): Promise<void> {
  const batches: ClientBatchReport[] = [];
  const scans: LinuxClientScan[] = [];
  let reported = (): void => undefined;
  // The defaults (1 s timeout, 20 ms between batch starts), as the engine will run it.
  const resolver = createClientProcessResolver({
    lookup: createLinuxClientLookup({ onScan: (scan) => scans.push(scan) }),
    onBatch: (report) => {
      batches.push(report);
      reported();
    },
  });
  /** Every batch started has reported (a batch may end just after its last answer). */
  const allReported = async (): Promise<void> => {
    while (batches.length < resolver.stats().batches) {
      await new Promise<void>((resolve) => {
        reported = resolve;
      });
    }
  };
  const listener = await listenTcp(resolver, '127.0.0.1');
  const client = startClientChild('burst', '127.0.0.1', listener.port, { count: 1000, holdMs });
  try {
    const accepted = await listener.accepted(1000);
    const opened = await client.next<{ opened: number; ms: number }>('all connections open');
    const answers = await Promise.all(accepted.map((a) => a.answer));
    const outcomes = answers.map((answer) => childOrUnknown(answer, client.pid));
    await within(allReported(), 'the last batch report');

    const counts = tally(outcomes);
    const durations = batches.map((b) => b.durationMs).sort((a, b) => a - b);
    const sizes = batches.map((b) => b.size).sort((a, b) => a - b);
    const waits = batches.map((b) => b.waitedMs).sort((a, b) => a - b);
    const fullScans = scans.filter((s) => s.fullScan).length;
    const fromRecent = scans.reduce((n, s) => n + s.fromRecent, 0);
    t.diagnostic(`1,000 connections opened in ${ms(opened.ms)}: ${JSON.stringify(counts)}`);
    t.diagnostic(
      `${batches.length} batches; duration min ${ms(durations[0] ?? 0)}, ` +
        `median ${ms(percentile(durations, 0.5))}, p90 ${ms(percentile(durations, 0.9))}, ` +
        `max ${ms(durations.at(-1) ?? 0)}`,
    );
    t.diagnostic(
      `batch size median ${percentile(sizes, 0.5)}, max ${sizes.at(-1)}; oldest query waited ` +
        `median ${ms(percentile(waits, 0.5))}, max ${ms(waits.at(-1) ?? 0)}`,
    );
    t.diagnostic(`full /proc scans: ${fullScans}; named from recent clients' fds: ${fromRecent}`);
    const perBatch = batches.map((b) => `${b.durationMs.toFixed(0)}/${b.size}/${b.named}`);
    t.diagnostic(`per batch (ms/size/named): ${perBatch.join(' ')}`);
    assert.equal(outcomes.length, 1000);
    // Held connections stay attributable until their deadline: some must be named.
    if (holdMs < 0) assert.ok((counts.named ?? 0) > 0, 'a pooled client is named');
  } finally {
    resolver.close();
    await client.stop();
    await listener.close();
  }
}

describe(
  'client process: 1,000 connections in a second from one process',
  {
    skip: linuxOnly,
  },
  () => {
    it('names the client or answers unknown, never another: connections held open (a pool)', (t) =>
      burst(t, -1));
    it('names the client or answers unknown, never another: each closed once open', (t) =>
      burst(t, 0));
  },
);

// The macOS path runs here too wherever lsof is installed: same tool, same -F fields.
const lsofMissing = spawnSync('lsof', ['-v']).error !== undefined;

describe(
  'client process: the lsof (macOS) lookup on real sockets',
  {
    skip: lsofMissing ? 'lsof is not installed' : false,
  },
  () => {
    it('names a TCP and a UDP client in a child process', async () => {
      const answers: ClientProcess[] = [];
      const resolver = createClientProcessResolver({
        timeoutMs: AMPLE_MS,
        // Root sees every process through lsof; otherwise an unlisted socket is "not-found".
        lookup: (queries, context: ClientLookupContext) =>
          macClientLookup(process.getuid?.() === 0)(queries, context, (file, args) =>
            runCommand(file, args, { timeoutMs: context.remainingMs(), signal: context.signal }),
          ),
      });
      const tcp = await listenTcp(resolver, '127.0.0.1');
      const udp = await listenUdp(resolver, '127.0.0.1');
      const tcpClient = startClientChild('tcp', '127.0.0.1', tcp.port);
      const udpClient = startClientChild('udp', '127.0.0.1', udp.port);
      try {
        await tcpClient.next('its connection');
        await udpClient.next('its datagram');
        answers.push(await ((await tcp.accepted(1))[0] as Accepted).answer);
        answers.push(await ((await udp.accepted(1))[0] as Accepted).answer);
        assertIsChild(answers[0] as ClientProcess, tcpClient);
        assertIsChild(answers[1] as ClientProcess, udpClient);
      } finally {
        resolver.close();
        await Promise.all([tcpClient.stop(), udpClient.stop()]);
        await Promise.all([tcp.close(), udp.close()]);
      }
    });
  },
);
