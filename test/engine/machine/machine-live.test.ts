// The machine view on this machine: servers in child processes listening on 127.0.0.1, ::1,
// 0.0.0.0 and :: (TCP) and bound UDP sockets appear with their pid and the right exposure, the
// connections to them are counted with their client program, they disappear when the process
// exits, and Porthole's own port is marked as Porthole's.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MachineListener, MachineSnapshot } from '../../../shared/machine';
import { takeMachineSnapshot } from '../../../engine/machine/take-machine-snapshot';
import { startEngine, type Harness } from '../../support/engine-harness';
import { startClientChild, type ClientChild } from '../../support/client-child';
import { startServerChild, type ServerChild } from '../../support/server-child';

const onLinux = process.platform === 'linux';
const skip = onLinux ? false : 'the live machine-view test reads /proc (Linux only)';
const isLoopback = (ip: string) => ip === '::1' || ip.startsWith('127.');

function find(snapshot: MachineSnapshot, server: ServerChild, protocol = 'tcp'): MachineListener[] {
  return snapshot.listeners.filter((l) => l.port === server.port && l.protocol === protocol);
}

function pidOf(listener: MachineListener | undefined): number | null {
  return listener?.process.kind === 'process' ? listener.process.pid : null;
}

describe('the machine view on this machine', { skip }, () => {
  const servers: ServerChild[] = [];
  const clients: ClientChild[] = [];
  after(async () => {
    await Promise.all([...clients, ...servers].map((c) => c.stop()));
  });

  it('lists TCP listeners on every kind of address with their pid and exposure', async () => {
    const cases = [
      { host: '127.0.0.1', ipv6Only: false, address: '127.0.0.1', exposure: 'loopback' },
      { host: '::1', ipv6Only: true, address: '[::1]', exposure: 'loopback' },
      { host: '0.0.0.0', ipv6Only: false, address: '0.0.0.0', exposure: 'all-interfaces' },
      { host: '::', ipv6Only: false, address: '[::]', exposure: 'all-interfaces' },
    ] as const;
    const started = await Promise.all(
      cases.map((c) => startServerChild('tcp', c.host, { ipv6Only: c.ipv6Only })),
    );
    servers.push(...started);
    const snapshot = await takeMachineSnapshot(isLoopback);
    assert.equal(snapshot.complete, true);
    cases.forEach((c, index) => {
      const server = started[index];
      assert.ok(server);
      const [listener, ...others] = find(snapshot, server);
      assert.equal(others.length, 0, `one listener on ${c.host}`);
      assert.ok(listener, `${c.host}:${server.port} is listed`);
      assert.equal(listener.address, `${c.address}:${server.port}`);
      assert.equal(listener.exposure, c.exposure);
      assert.equal(listener.family, c.host.includes(':') ? 'IPv6' : 'IPv4');
      assert.equal(pidOf(listener), server.pid);
      assert.ok(
        listener.process.kind === 'process' &&
          listener.process.commandLine?.includes(server.marker),
        'its command line is the child’s',
      );
      assert.equal(listener.portholeListenerId, null);
      assert.equal(listener.porthole, false);
    });
  });

  it('lists bound UDP sockets and counts TCP connections with their client program', async () => {
    const udp = await startServerChild('udp', '127.0.0.1');
    const tcp = await startServerChild('tcp', '127.0.0.1');
    servers.push(udp, tcp);
    const three = [0, 1, 2].map(() => startClientChild('tcp', '127.0.0.1', tcp.port));
    clients.push(...three);
    const ports = await Promise.all(three.map((c) => c.next<{ localPort: number }>('connected')));

    const snapshot = await takeMachineSnapshot(isLoopback);
    const [bound] = find(snapshot, udp, 'udp');
    assert.equal(bound?.address, `127.0.0.1:${udp.port}`);
    assert.equal(pidOf(bound), udp.pid);
    assert.equal(bound?.connectionCount, 0);

    const [listener] = find(snapshot, tcp);
    assert.equal(listener?.connectionCount, 3);
    const byPort = new Map(listener?.connections.map((c) => [c.clientPort, c]));
    three.forEach((client, index) => {
      const port = ports[index]?.localPort;
      const connection = port === undefined ? undefined : byPort.get(port);
      assert.ok(connection, `client ${index} is listed by its port`);
      assert.equal(connection.client, `127.0.0.1:${port}`);
      assert.equal(connection.process.kind === 'process' && connection.process.pid, client.pid);
    });
  });

  it('drops a listener once its process has exited', async () => {
    const server = await startServerChild('tcp', '127.0.0.1');
    assert.equal(find(await takeMachineSnapshot(isLoopback), server).length, 1);
    await server.stop();
    assert.equal(find(await takeMachineSnapshot(isLoopback), server).length, 0);
  });
});

describe('Porthole’s own ports in the machine view', { skip }, () => {
  let h: Harness;
  before(async () => {
    h = await startEngine();
  });
  after(() => h.close());

  it('marks the port Porthole opened with its listener id, through the contract', async () => {
    const listener = await h.open(0, 'localhost');
    const snapshot = await h.must('listMachineSockets', {});
    const own = snapshot.listeners.filter((l) => l.port === listener.port && l.protocol === 'tcp');
    assert.deepEqual(own.map((l) => l.address).sort(), [
      `127.0.0.1:${listener.port}`,
      `[::1]:${listener.port}`,
    ]);
    for (const entry of own) {
      assert.equal(entry.portholeListenerId, listener.id);
      assert.equal(entry.porthole, true);
      assert.equal(pidOf(entry), process.pid);
    }
  });

  it('shares one reading between callers at the same time, and reads again later', async () => {
    const [a, b] = await Promise.all([
      h.must('listMachineSockets', {}),
      h.must('listMachineSockets', {}),
    ]);
    assert.equal(a.takenAt, b.takenAt);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await h.must('listMachineSockets', {});
    assert.ok(later.takenAt > a.takenAt, 'a reading more than a second old is not reused');
  });
});
