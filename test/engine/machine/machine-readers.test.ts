// The machine view's readers on recorded tool output and a made-up /proc: the same scene as the
// client-process fixtures (Porthole on TCP 8080 and UDP 5300, local clients), read the way each
// OS prints it, plus what a test machine cannot produce: another user's hidden listener, a
// process that exited while we looked, sockets shared through SO_REUSEPORT, odd process names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MachineListener, MachineSnapshot, SocketProcess } from '../../../shared/machine';
import { readLinuxMachine } from '../../../engine/machine/linux-machine-sockets';
import { SocketOwnerMemory, UNOWNED_TRUSTED_MS } from '../../../engine/machine/owner-memory';
import type { ProcFs } from '../../../engine/port-holder/proc-fs';
import { takeMachineSnapshot } from '../../../engine/machine/take-machine-snapshot';
import { buildSocketTable, type SocketRow } from '../../../engine/machine/socket-table';
import {
  LSOF_MACHINE,
  NETSTAT_ALL,
  PASSWD,
  PROC_TCP,
  PROC_TCP6,
  PROC_UDP,
  PROC_UDP6,
  TASKLIST_ALL,
} from '../../support/client-process-fixtures';
import { fakeProc, sockets, type FakeProcess } from '../../support/fake-proc';

const local = (ip: string) => ip === '::1' || ip.startsWith('127.');

/** address → pid (null when unknown), in list order. */
function owners(snapshot: MachineSnapshot): [string, string, number | string][] {
  return snapshot.listeners.map((l) => [
    l.protocol,
    l.address,
    l.process.kind === 'process' ? l.process.pid : `${l.process.kind}`,
  ]);
}

/** The named process, failing the test when it is not named. */
function named(process: SocketProcess): Extract<SocketProcess, { kind: 'process' }> {
  assert.equal(process.kind, 'process');
  return process as Extract<SocketProcess, { kind: 'process' }>;
}

function listener(snapshot: MachineSnapshot, protocol: string, address: string): MachineListener {
  const found = snapshot.listeners.find((l) => l.protocol === protocol && l.address === address);
  assert.ok(found, `${protocol} ${address} is listed`);
  return found;
}

// bob's database on 0.0.0.0:5432 (uid 1001, his process is not readable to us), and a listener
// on 127.0.0.1:6000 whose process exited between reading the table and scanning the fds.
const HIDDEN_ROWS = `  900: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 70000 1 0000000000000000 100 0 0 10 0
  901: 0100007F:1770 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 70001 1 0000000000000000 100 0 0 10 0
`;

/** The socket tables of the scene, read the way Linux prints them. */
const LINUX_TABLES = {
  '/proc/net/tcp': PROC_TCP + HIDDEN_ROWS,
  '/proc/net/tcp6': PROC_TCP6,
  '/proc/net/udp': PROC_UDP,
  '/proc/net/udp6': PROC_UDP6,
};

describe('the machine view on Linux (/proc)', () => {
  const scene = fakeProc(
    {
      1: { comm: 'systemd', argv: ['/sbin/init'], fds: sockets(11) },
      99: {
        comm: 'porthole',
        argv: ['porthole', 'serve'],
        fds: sockets(50001, 50003, 50010, 60000),
      },
      300: { comm: 'curl', argv: ['curl', 'http://127.0.0.1:8080/'], fds: sockets(50002) },
      310: { comm: 'dig', argv: ['dig'], fds: sockets(60001, 60006) },
      311: { comm: 'worker-a', argv: ['worker-a'], fds: sockets(60004) },
      312: { comm: 'worker b (2)', argv: ['worker b (2)', '--id=2'], fds: sockets(60005) },
      4000: { comm: 'postgres', argv: ['postgres'], fds: sockets(70000), unreadable: true },
    },
    LINUX_TABLES,
    PASSWD,
  );

  it('lists listeners and bound UDP sockets in port order with their processes', async () => {
    const fromScene = await takeMachineSnapshot(local, {
      platform: 'linux',
      linux: { fs: scene.fs, endianness: 'LE', ownUid: 1000 },
    });
    assert.deepEqual(owners(fromScene), [
      ['udp', '127.0.0.1:5300', 99],
      ['tcp', '0.0.0.0:5432', 'unknown'],
      ['tcp', '127.0.0.1:6000', 'unknown'],
      ['tcp', '127.0.0.1:8080', 99],
      ['tcp', '[::1]:8080', 99],
      ['udp', '0.0.0.0:40001', 310],
      ['udp', '127.0.0.1:40004', 311],
      ['udp', '127.0.0.1:40004', 312],
      ['udp', '[::]:40006', 310],
    ]);
    assert.equal(fromScene.complete, true);
    // bob's listener: hidden, with his uid as the user; ours exited meanwhile.
    assert.deepEqual(listener(fromScene, 'tcp', '0.0.0.0:5432').process, {
      kind: 'unknown',
      reason: 'hidden',
      user: 'uid 1001',
    });
    assert.deepEqual(listener(fromScene, 'tcp', '127.0.0.1:6000').process, {
      kind: 'unknown',
      reason: 'exited',
      user: 'alice',
    });
    assert.match(fromScene.note ?? '', /other users/);
    // The one accepted connection on 127.0.0.1:8080 and curl as its client.
    const web = listener(fromScene, 'tcp', '127.0.0.1:8080');
    assert.equal(web.connectionCount, 1);
    assert.deepEqual(web.connections[0], {
      client: '127.0.0.1:52001',
      clientPort: 52001,
      process: {
        kind: 'process',
        pid: 300,
        name: 'curl',
        commandLine: 'curl http://127.0.0.1:8080/',
        user: 'alice',
      },
    });
    assert.equal(named(listener(fromScene, 'udp', '127.0.0.1:40004').process).name, 'worker-a');
    const [, second] = fromScene.listeners.filter((l) => l.address === '127.0.0.1:40004');
    assert.ok(second);
    assert.equal(named(second.process).commandLine, 'worker b (2) --id=2');
  });

  it('stops at the deadline and says the owners it could not find in time', async () => {
    const controller = new AbortController();
    controller.abort();
    const reading = await readLinuxMachine({
      signal: controller.signal,
      fs: scene.fs,
      endianness: 'LE',
      ownUid: 1000,
    });
    assert.equal(reading.complete, false);
    assert.equal(reading.listeners.length, 9, 'the table is still read');
    assert.ok(reading.listeners.every((l) => l.row.owner.kind === 'unknown'));
    assert.ok(
      reading.listeners.every(
        (l) => l.row.owner.kind === 'unknown' && l.row.owner.reason === 'timeout',
      ),
    );
  });
});

describe('a refresh of the open view on Linux (owners remembered)', () => {
  /** The scene as a fresh, changeable /proc, counting every fd link read. */
  function changingScene() {
    const curl: Record<string, string> = sockets(50002);
    const processes: Record<number, FakeProcess> = {
      1: { comm: 'systemd', argv: ['/sbin/init'], fds: sockets(11) },
      99: { comm: 'porthole', argv: ['porthole'], fds: sockets(50001, 50003, 50010, 60000) },
      300: { comm: 'curl', argv: ['curl'], fds: curl },
      310: { comm: 'dig', argv: ['dig'], fds: sockets(60001, 60006) },
      311: { comm: 'worker-a', argv: ['worker-a'], fds: sockets(60004) },
      312: { comm: 'worker-b', argv: ['worker-b'], fds: sockets(60005) },
      4000: { comm: 'postgres', argv: ['postgres'], fds: sockets(70000), unreadable: true },
    };
    const scene = fakeProc(processes, LINUX_TABLES, PASSWD);
    let linksRead = 0;
    const readLink = scene.fs.readLink.bind(scene.fs);
    const fs: ProcFs = {
      ...scene.fs,
      readLink: (path) => {
        linksRead += 1;
        return readLink(path);
      },
    };
    return {
      fs,
      processes,
      curl,
      scans: () => scene.reads.get('/proc') ?? 0,
      linksRead: () => linksRead,
    };
  }
  const reader = (scene: ReturnType<typeof changingScene>, clock: { now: number }) => {
    const memory = new SocketOwnerMemory();
    return () =>
      takeMachineSnapshot(local, {
        platform: 'linux',
        linux: { fs: scene.fs, endianness: 'LE', ownUid: 1000, memory, now: () => clock.now },
      });
  };
  const reasonAt = (snapshot: MachineSnapshot, address: string): string => {
    const p = listener(snapshot, 'tcp', address).process;
    return p.kind === 'unknown' ? p.reason : p.kind;
  };

  it('confirms last refresh’s owners with one link each instead of scanning every process', async () => {
    const scene = changingScene();
    const read = reader(scene, { now: 0 });
    const first = await read();
    assert.equal(scene.scans(), 1, 'the first reading scans every process');
    const linksOfScan = scene.linksRead();
    const second = await read();
    assert.equal(scene.scans(), 1, 'the refresh scans none');
    const linksOfRefresh = scene.linksRead() - linksOfScan;
    // One link per owned socket the view shows: 5 listeners' and the connection's client.
    assert.equal(linksOfRefresh, 8);
    assert.ok(linksOfRefresh < linksOfScan, `${linksOfRefresh} links against ${linksOfScan}`);
    assert.deepEqual(owners(second), owners(first));
    assert.deepEqual(
      listener(second, 'tcp', '127.0.0.1:8080').connections,
      listener(first, 'tcp', '127.0.0.1:8080').connections,
    );
  });

  it('scans again when a remembered fd now holds another socket, and finds the new owner', async () => {
    const scene = changingScene();
    const read = reader(scene, { now: 0 });
    await read();
    // curl's fd 3 closes and its number is reused for another socket; the connection's client
    // socket now lives in a process that got it passed (pid 305).
    scene.curl['3'] = 'socket:[99999]';
    scene.processes[305] = { comm: 'heir', argv: ['heir'], fds: sockets(50002) };
    const after = await read();
    assert.equal(scene.scans(), 2);
    const client = listener(after, 'tcp', '127.0.0.1:8080').connections[0]?.process;
    assert.deepEqual(client?.kind === 'process' ? [client.pid, client.name] : client, [
      305,
      'heir',
    ]);
  });

  it('does not look again for sockets no visible process holds, until they are 30 s old', async () => {
    const scene = changingScene();
    const clock = { now: 0 };
    const read = reader(scene, clock);
    const first = await read();
    assert.equal(reasonAt(first, '0.0.0.0:5432'), 'hidden', 'bob’s database');
    assert.equal(reasonAt(first, '127.0.0.1:6000'), 'exited', 'ours, missed once');
    clock.now = UNOWNED_TRUSTED_MS - 1;
    const second = await read();
    assert.equal(scene.scans(), 1, 'not sought again');
    assert.equal(reasonAt(second, '0.0.0.0:5432'), 'hidden');
    // Still there a refresh later, yet in no process: not an exit but a socket we cannot see into.
    assert.equal(reasonAt(second, '127.0.0.1:6000'), 'no-process');
    assert.match(second.note ?? '', /other users/);
    clock.now = UNOWNED_TRUSTED_MS;
    await read();
    assert.equal(scene.scans(), 2, 'sought again once the miss is 30 s old');
  });
});

describe('the machine view on macOS (lsof)', () => {
  const run = async (file: string) =>
    file === 'lsof'
      ? LSOF_MACHINE
      : ' 4242 /Applications/Chrome Helper --type=renderer\n   99 porthole serve\n';

  it('lists listeners by their TCP state and bound UDP sockets, with connections', async () => {
    const snapshot = await takeMachineSnapshot(local, {
      platform: 'darwin',
      run,
      privileged: false,
    });
    assert.deepEqual(owners(snapshot), [
      ['udp', '127.0.0.1:5300', 99],
      ['tcp', '127.0.0.1:8080', 99],
      ['tcp', '[::]:9090', 99],
    ]);
    const web = listener(snapshot, 'tcp', '127.0.0.1:8080');
    assert.equal(web.connectionCount, 1);
    const [connection] = web.connections;
    assert.ok(connection);
    assert.equal(named(connection.process).name, 'Google Chrome Helper (Renderer)');
    assert.equal(listener(snapshot, 'tcp', '[::]:9090').exposure, 'all-interfaces');
    assert.equal(named(web.process).commandLine, 'porthole serve');
    assert.match(snapshot.note ?? '', /administrator/);
  });

  it('says so when lsof gives no answer', async () => {
    const snapshot = await takeMachineSnapshot(local, { platform: 'darwin', run: async () => '' });
    assert.equal(snapshot.listeners.length, 0);
    assert.equal(snapshot.complete, false);
    assert.match(snapshot.note ?? '', /lsof/);
  });
});

describe('the machine view on Windows (netstat, tasklist)', () => {
  const run = async (file: string) => (file === 'netstat' ? NETSTAT_ALL : TASKLIST_ALL);

  it('lists listeners, bound UDP sockets and connections with program names', async () => {
    const snapshot = await takeMachineSnapshot(local, { platform: 'win32', run });
    assert.deepEqual(owners(snapshot), [
      ['tcp', '0.0.0.0:135', 1008],
      ['udp', '[fe80::1]:1900', 5012],
      ['udp', '127.0.0.1:5300', 5120],
      ['tcp', '127.0.0.1:8080', 5120],
      ['tcp', '[::1]:8080', 5120],
      ['udp', '0.0.0.0:40001', 3312],
      ['udp', '[::]:40006', 3312],
    ]);
    assert.equal(listener(snapshot, 'udp', '[fe80::1]:1900').exposure, 'interface');
    const v6 = listener(snapshot, 'tcp', '[::1]:8080');
    assert.deepEqual(v6.connections, [
      {
        client: '[::1]:52005',
        clientPort: 52005,
        process: {
          kind: 'process',
          pid: 7040,
          name: 'Porthole Helper, "beta".exe',
          commandLine: null,
          user: null,
        },
      },
    ]);
    assert.equal(named(listener(snapshot, 'tcp', '0.0.0.0:135').process).name, null);
  });
});

describe('the socket table', () => {
  const row = (
    localIp: string,
    localPort: number,
    remoteIp: string | null,
    remotePort: number,
    role: SocketRow<string>['role'],
    owner: string,
    family: SocketRow<string>['family'] = 'IPv4',
  ): SocketRow<string> => ({
    protocol: 'tcp',
    family,
    localIp,
    localPort,
    remoteIp,
    remotePort,
    role,
    owner,
  });

  it('gives a wildcard listener its family’s connections, counting past the limit', () => {
    const table = buildSocketTable(
      [
        row('0.0.0.0', 80, '0.0.0.0', 0, 'listening', 'web'),
        row('::', 80, '::', 0, 'listening', 'web6', 'IPv6'),
        ...[1, 2, 3].map((n) => row('127.0.0.1', 80, '127.0.0.1', 50000 + n, 'established', 'web')),
        ...[1, 2, 3].map((n) =>
          row('127.0.0.1', 50000 + n, '127.0.0.1', 80, 'established', `c${n}`),
        ),
        // Mapped IPv4 in the IPv6 table, as a dual-stack listener's accepted socket shows.
        row('127.0.0.1', 80, '127.0.0.1', 50009, 'established', 'web6', 'IPv6'),
      ],
      2,
    );
    const [v4, v6] = table;
    assert.equal(v4?.connectionCount, 3);
    assert.deepEqual(
      v4?.connections.map((c) => c.client?.owner),
      ['c1', 'c2'],
    );
    assert.equal(v6?.connectionCount, 1);
    assert.equal(v6?.connections[0]?.client, null, 'a client that is not in the table');
  });

  it('does not give a listener on one address the connections of another', () => {
    const table = buildSocketTable([
      row('127.0.0.2', 80, '0.0.0.0', 0, 'listening', 'a'),
      row('127.0.0.1', 80, '127.0.0.1', 50001, 'established', 'other'),
    ]);
    assert.equal(table[0]?.connectionCount, 0);
  });
});
