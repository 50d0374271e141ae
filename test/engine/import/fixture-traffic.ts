// The traffic in the committed capture files (test/fixtures/pcap/): known bytes over loopback,
// so that what an import gives back can be checked exactly. Three conversations, one after the
// other: a TCP echo over 127.0.0.1 closed by the client (FIN both ways), a TCP exchange over ::1
// that the server resets, and two UDP request/reply rounds over 127.0.0.1.

import { createSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { within } from '../../support/within';

/** 1,000 bytes of every value, in an order that is not a simple count. */
const PATTERN = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) % 256));
const HELLO = Buffer.from('hello, porthole\n');
const RESET_ME = Buffer.from('reset me, please\n');
const PINGS = [Buffer.from('ping 1'), Buffer.from('ping 2')];
const PONGS = [Buffer.from('pong 1'), Buffer.from('pong 2')];

export interface FixtureConversation {
  readonly protocol: 'tcp' | 'udp';
  readonly family: 'IPv4' | 'IPv6';
  /** Client → server, and server → client. */
  readonly in: Buffer;
  readonly out: Buffer;
  readonly endReason: 'client-closed' | 'reset-by-user' | 'capture-interrupted';
}

export const FIXTURE_CONVERSATIONS: readonly FixtureConversation[] = [
  {
    protocol: 'tcp',
    family: 'IPv4',
    in: Buffer.concat([HELLO, PATTERN]),
    out: Buffer.concat([HELLO, PATTERN]),
    endReason: 'client-closed',
  },
  {
    protocol: 'tcp',
    family: 'IPv6',
    in: RESET_ME,
    out: Buffer.alloc(0),
    endReason: 'reset-by-user',
  },
  {
    protocol: 'udp',
    family: 'IPv4',
    in: Buffer.concat(PINGS),
    out: Buffer.concat(PONGS),
    // UDP has no end: a conversation still open when the recording stopped.
    endReason: 'capture-interrupted',
  },
];

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Resolves once `socket` has received `length` bytes in all. */
function received(socket: Socket, length: number): Promise<void> {
  let got = 0;
  return new Promise((resolve) => {
    const onData = (data: Buffer) => {
      got += data.length;
      if (got < length) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
  });
}

/** Servers listening on loopback for the fixture traffic; `run` sends it, `close` stops them. */
export async function fixtureServers() {
  // The echo server ends its side when the client has ended its own: a FIN each way.
  const echo = createServer((socket) => socket.pipe(socket));
  // The resetting server answers the first bytes with a reset.
  const resetting = createServer((socket) => {
    socket.once('data', () => socket.resetAndDestroy());
    socket.on('error', () => undefined);
  });
  const udp = createSocket('udp4');
  udp.on('message', (data, from) => {
    const i = PINGS.findIndex((p) => p.equals(data));
    const pong = PONGS[i];
    if (pong !== undefined) udp.send(pong, from.port, from.address);
  });
  const ports = {
    echo: await listen(echo, '127.0.0.1'),
    resetting: await listen(resetting, '::1'),
    udp: await new Promise<number>((resolve) =>
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)),
    ),
  };
  return {
    ports: [ports.echo, ports.resetting, ports.udp],
    run: () => run(ports),
    close: async () => {
      await Promise.all([echo, resetting].map((s) => new Promise((resolve) => s.close(resolve))));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}

async function run(ports: { echo: number; resetting: number; udp: number }): Promise<void> {
  // Each step waits for the answer before the next, so the bytes go in a known order.
  const a = connect(ports.echo, '127.0.0.1');
  const closedA = new Promise((resolve) => a.once('close', resolve));
  for (const part of [HELLO, PATTERN]) {
    const echoed = received(a, part.length);
    a.write(part);
    await within(echoed, 'the echo');
  }
  a.end();
  await within(closedA, 'the echo connection to close');

  const b = connect(ports.resetting, '::1');
  const reset = new Promise((resolve) => b.once('error', resolve));
  b.write(RESET_ME);
  await within(reset, 'the reset');

  const client = createSocket('udp4');
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  for (const ping of PINGS) {
    const answered = new Promise((resolve) => client.once('message', resolve));
    client.send(ping, ports.udp, '127.0.0.1');
    await within(answered, 'the pong');
  }
  await new Promise<void>((resolve) => client.close(() => resolve()));
}
