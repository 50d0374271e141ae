// "Which program is the client": address spelling, socket-table parsing and matching, on fixture
// text from each OS (see test/support/client-process-fixtures.ts for the scene).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalQuery,
  queryKey,
  type ClientQuery,
} from '../../../engine/port-holder/client-query';
import { matchClientSockets } from '../../../engine/port-holder/client-socket-match';
import { canonicalIp } from '../../../engine/port-holder/ip-address';
import { createLocalAddressCheck } from '../../../engine/port-holder/local-addresses';
import { parseLsofFields } from '../../../engine/port-holder/lsof';
import {
  lsofClientArgs,
  lsofConnections,
  parsePsCommands,
} from '../../../engine/port-holder/mac-client-lookup';
import { parseNetstatRows } from '../../../engine/port-holder/netstat';
import { parseProcNetRows } from '../../../engine/port-holder/proc-net';
import { parseTasklistCsv } from '../../../engine/port-holder/tasklist';
import {
  netstatConnections,
  tasklistArgs,
} from '../../../engine/port-holder/windows-client-lookup';
import {
  LSOF_CLIENTS,
  NETSTAT_ALL,
  NETSTAT_GERMAN,
  PROC_TCP,
  PROC_TCP6,
  PROC_UDP,
  PROC_UDP6,
  PS_COMMANDS,
  TASKLIST_ALL,
} from '../../support/client-process-fixtures';

const tcp = (
  remoteAddress: string,
  remotePort: number,
  localAddress = '127.0.0.1',
): ClientQuery => ({
  protocol: 'tcp',
  localAddress,
  localPort: 8080,
  remoteAddress,
  remotePort,
});
const udp = (
  remoteAddress: string,
  remotePort: number,
  localAddress = '127.0.0.1',
): ClientQuery => ({
  protocol: 'udp',
  localAddress,
  localPort: 5300,
  remoteAddress,
  remotePort,
});

function canonical(query: ClientQuery) {
  const result = canonicalQuery(query);
  assert.ok(result !== null, `valid query ${JSON.stringify(query)}`);
  return result;
}

describe('client process: addresses', () => {
  it('spells every address one way: mapped IPv4 as IPv4, IPv6 per RFC 5952, zones dropped', () => {
    assert.equal(canonicalIp('127.0.0.1'), '127.0.0.1');
    assert.equal(canonicalIp('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(canonicalIp('::FFFF:7f00:1'), '127.0.0.1');
    assert.equal(canonicalIp('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(canonicalIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(canonicalIp('fe80::1%eth0'), 'fe80::1');
    assert.equal(canonicalIp('::'), '::');
    assert.equal(canonicalIp('1::'), '1::');
    assert.equal(canonicalIp('64:ff9b::192.0.2.33'), '64:ff9b::c000:221');
    assert.equal(canonicalIp('localhost'), null);
    assert.equal(canonicalIp(''), null);
    assert.equal(canonicalIp('127.0.0.1:80'), null);
  });

  it('treats loopback ranges and interface addresses as this machine, re-reading interfaces rarely', () => {
    let reads = 0;
    let clock = 0;
    const check = createLocalAddressCheck(
      () => {
        reads += 1;
        return {
          eth0: [
            {
              address: '192.168.1.20',
              netmask: '255.255.255.0',
              family: 'IPv4',
              mac: '00:00:00:00:00:00',
              internal: false,
              cidr: '192.168.1.20/24',
            },
            {
              address: 'fe80::a00:27ff:fe4e:66a1',
              netmask: 'ffff:ffff:ffff:ffff::',
              family: 'IPv6',
              mac: '00:00:00:00:00:00',
              internal: false,
              cidr: 'fe80::a00:27ff:fe4e:66a1/64',
              scopeid: 2,
            },
          ],
        };
      },
      () => clock,
    );
    assert.equal(check('127.0.0.1'), true);
    assert.equal(check('127.1.2.3'), true, '127/8 is loopback whether listed or not');
    assert.equal(check('::1'), true);
    assert.equal(check('::ffff:127.0.0.1'), true);
    assert.equal(reads, 0, 'loopback needs no interface list');
    assert.equal(check('192.168.1.20'), true);
    assert.equal(check('::ffff:192.168.1.20'), true);
    assert.equal(check('fe80::a00:27ff:fe4e:66a1%2'), true);
    assert.equal(reads, 1);
    assert.equal(check('192.168.1.21'), false);
    assert.equal(check('8.8.8.8'), false);
    assert.equal(reads, 1, 'unlisted addresses within 2 s reuse the list');
    clock = 2500;
    assert.equal(check('8.8.8.8'), false);
    assert.equal(reads, 2, 'and re-read it after');
    assert.equal(check('not an address'), false);
  });

  it('validates queries and keys them by canonical address', () => {
    assert.equal(canonicalQuery({ ...tcp('127.0.0.1', 52001), remotePort: 0 }), null);
    assert.equal(canonicalQuery({ ...tcp('127.0.0.1', 52001), localPort: 70000 }), null);
    assert.equal(canonicalQuery({ ...tcp('127.0.0.1', 52001), remoteAddress: 'x' }), null);
    assert.equal(canonicalQuery({ ...tcp('127.0.0.1', 1), protocol: 'sctp' as 'tcp' }), null);
    assert.equal(
      queryKey(canonical(tcp('::ffff:127.0.0.1', 52001, '::ffff:127.0.0.1'))),
      queryKey(canonical(tcp('127.0.0.1', 52001))),
    );
  });
});

describe('client process: /proc/net rows', () => {
  it('decodes both ends of every row, state, uid and inode', () => {
    const rows = parseProcNetRows(PROC_TCP);
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[1], {
      localIp: '127.0.0.1',
      localPort: 52001,
      remoteIp: '127.0.0.1',
      remotePort: 8080,
      state: '01',
      uid: 1000,
      inode: 50002,
    });
    assert.deepEqual(rows[0]?.remoteIp, '0.0.0.0');
    assert.deepEqual(rows[0]?.remotePort, 0);
    assert.deepEqual([rows[3]?.state, rows[3]?.inode], ['06', 0]);
    const v6 = parseProcNetRows(PROC_TCP6);
    assert.deepEqual(
      v6.map((r) => [r.localIp, r.localPort, r.remoteIp, r.remotePort]),
      [
        ['::1', 8080, '::', 0],
        ['::ffff:127.0.0.1', 52004, '::ffff:127.0.0.1', 8080],
        ['::1', 52005, '::1', 8080],
      ],
    );
  });

  it('keeps only rows on the given local ports, five-digit "sl" included', () => {
    const rows = parseProcNetRows(PROC_TCP, 'LE', { localPorts: new Set([52003, 52001]) });
    assert.deepEqual(
      rows.map((r) => [r.localPort, r.inode]),
      [
        [52001, 50002],
        [52003, 50004],
      ],
    );
    assert.deepEqual(parseProcNetRows(PROC_UDP, 'LE', { localPorts: new Set([40004]) }).length, 2);
    assert.deepEqual(parseProcNetRows(PROC_UDP, 'LE', { localPorts: new Set([1]) }), []);
  });

  it('gives the same rows filtered or not (the filter only skips work)', () => {
    for (const text of [PROC_TCP, PROC_TCP6, PROC_UDP, PROC_UDP6]) {
      const all = parseProcNetRows(text);
      const ports = new Set(all.map((r) => r.localPort));
      assert.deepEqual(parseProcNetRows(text, 'LE', { localPorts: ports }), all);
      const states = new Set(all.map((r) => r.state));
      assert.deepEqual(parseProcNetRows(text, 'LE', { states }), all);
    }
  });

  it('keeps only the rows in the states asked for, read without splitting the line', () => {
    const listening = parseProcNetRows(PROC_TCP, 'LE', { states: new Set(['0A']) });
    assert.deepEqual(
      listening.map((r) => [r.localPort, r.inode]),
      [[8080, 50001]],
    );
    // The five-digit "sl" row (another user's established client) is found by its state too.
    const established = parseProcNetRows(PROC_TCP, 'LE', { states: new Set(['01']) });
    assert.deepEqual(
      established.map((r) => r.inode),
      [50002, 50003, 50004],
    );
  });
});

describe('client process: matching a connection to the client socket', () => {
  const tcpRows = [...parseProcNetRows(PROC_TCP), ...parseProcNetRows(PROC_TCP6)];
  const udpRows = [...parseProcNetRows(PROC_UDP), ...parseProcNetRows(PROC_UDP6)];
  const inodes = (query: ClientQuery, rows = tcpRows) =>
    matchClientSockets(canonical(query), rows).map((r) => r.inode);

  it('TCP: the socket whose local end is our remote and whose remote end is our local', () => {
    assert.deepEqual(inodes(tcp('127.0.0.1', 52001)), [50002]);
    assert.deepEqual(inodes(tcp('::1', 52005, '::1')), [50012]);
    assert.deepEqual(inodes(tcp('127.0.0.1', 52002)), [0], 'TIME_WAIT is found, without owner');
    assert.deepEqual(inodes(tcp('127.0.0.1', 52009)), []);
  });

  it('TCP: neither our accepted socket nor the listener, though they share the port numbers', () => {
    // 50003 is our accepted end of the 52001 connection and 50001 the listener: the query for
    // 52001 found only 50002 above. Asked from the other end (as when Porthole's relay connects
    // to its own port and both ends are ours), the same rule finds our accepted end.
    assert.deepEqual(inodes({ ...tcp('127.0.0.1', 8080), localPort: 52001 }), [50003]);
    assert.deepEqual(inodes({ ...tcp('127.0.0.1', 8080), localPort: 1 }), []);
  });

  it('TCP: mapped and plain IPv4 match both ways', () => {
    // A dual-stack client (its socket in tcp6, mapped) seen by an IPv4 listener…
    assert.deepEqual(inodes(tcp('127.0.0.1', 52004)), [50011]);
    // …and an IPv4 client (tcp) seen by a dual-stack '::' listener, which reports mapped addresses.
    assert.deepEqual(inodes(tcp('::ffff:127.0.0.1', 52001, '::ffff:127.0.0.1')), [50002]);
    // The wrong family for the same port numbers is not a match.
    assert.deepEqual(inodes(tcp('::1', 52001, '::1')), []);
  });

  it('UDP: bound to the address or a covering wildcard, unconnected or connected to us', () => {
    assert.deepEqual(inodes(udp('127.0.0.1', 40001), udpRows), [60001], '0.0.0.0 covers it');
    assert.deepEqual(inodes(udp('127.0.0.1', 40002), udpRows), [60002]);
    assert.deepEqual(inodes(udp('127.0.0.1', 40003), udpRows), [], 'connected elsewhere');
    assert.deepEqual(inodes(udp('127.0.0.1', 40004), udpRows), [60004, 60005], 'both candidates');
    assert.deepEqual(inodes(udp('127.0.0.1', 40006), udpRows), [60006], ':: may be dual-stack');
    assert.deepEqual(inodes(udp('::1', 40001, '::1'), udpRows), [], '0.0.0.0 never covers IPv6');
  });

  it('UDP: a wildcard local side in the query matches our port only', () => {
    assert.deepEqual(inodes(udp('127.0.0.1', 40002, '0.0.0.0'), udpRows), [60002]);
    assert.deepEqual(inodes(udp('127.0.0.1', 40002, '::'), udpRows), [60002]);
    assert.deepEqual(inodes({ ...udp('127.0.0.1', 40002, '0.0.0.0'), localPort: 9 }, udpRows), []);
  });
});

describe('client process: lsof and ps (macOS)', () => {
  const rows = lsofConnections(parseLsofFields(LSOF_CLIENTS));

  it('reads connection rows with protocol, both ends and wildcards, with or without f fields', () => {
    const byPid = (pid: number) =>
      rows
        .filter((r) => r.socket.pid === pid)
        .map((r) => [r.protocol, r.localIp, r.localPort, r.remoteIp, r.remotePort]);
    assert.deepEqual(byPid(4242), [
      ['tcp', '127.0.0.1', 52001, '127.0.0.1', 8080],
      ['tcp', '::1', 52005, '::1', 8080],
    ]);
    assert.deepEqual(byPid(777), [
      ['udp', '0.0.0.0', 40001, null, 0],
      ['udp', '127.0.0.1', 40002, '127.0.0.1', 5300],
      ['udp', '127.0.0.1', 40003, '127.0.0.1', 53],
      ['udp', '::', 40006, null, 0],
    ]);
    assert.equal(rows.filter((r) => r.socket.pid === 99).length, 4);
    const chrome = rows.find((r) => r.socket.pid === 4242)?.socket;
    assert.equal(chrome?.command, 'Google Chrome Helper (Renderer)');
    assert.equal(chrome?.login, 'alice');
    const python = rows.find((r) => r.socket.pid === 900)?.socket;
    assert.deepEqual([python?.command, python?.login, python?.uid], ['python3.11', null, 502]);
  });

  it('uses the P field, or the only protocol selected when lsof printed none', () => {
    const noP = parseLsofFields(LSOF_CLIENTS.replace(/^P.*\n/gm, ''));
    assert.equal(lsofConnections(noP).length, 0, 'no protocol, no guess');
    assert.equal(lsofConnections(noP, 'tcp').length, rows.length);
    assert.equal(
      lsofConnections(parseLsofFields(LSOF_CLIENTS), 'udp').every((r) => r.protocol === 'udp'),
      true,
    );
  });

  it('asks lsof for the clients ports once per protocol, numeric and with full names', () => {
    const queries = [tcp('127.0.0.1', 52001), tcp('::1', 52005, '::1'), tcp('127.0.0.1', 52001)];
    assert.deepEqual(lsofClientArgs([...queries, udp('127.0.0.1', 40001)].map(canonical)), [
      '-nP',
      '+c',
      '0',
      '-iTCP:52001,52005',
      '-iUDP:40001',
      '-FpcuLPtn',
    ]);
    assert.deepEqual(lsofClientArgs([udp('127.0.0.1', 40001)].map(canonical)).slice(3, 4), [
      '-iUDP:40001',
    ]);
  });

  it('reads command lines from ps, one per pid, capped and single-line', () => {
    const commands = parsePsCommands(PS_COMMANDS);
    assert.deepEqual([...commands.keys()], [4242, 777, 900]);
    assert.equal(commands.get(777), 'dig @127.0.0.1 -p 5300 example.com');
    assert.ok(commands.get(4242)?.endsWith('(Renderer) --type=renderer'));
    const long = parsePsCommands(`  1 java -cp ${'x'.repeat(3000)}\n`).get(1);
    assert.equal(long?.length, 512);
    assert.deepEqual([...parsePsCommands('').keys()], []);
  });
});

describe('client process: netstat and tasklist (Windows)', () => {
  it('reads every TCP and UDP row with both ends, state and pid', () => {
    const rows = parseNetstatRows(NETSTAT_ALL);
    assert.equal(rows.length, 12);
    assert.deepEqual(rows[3], {
      protocol: 'tcp',
      local: { host: '127.0.0.1', port: 52001 },
      foreign: { host: '127.0.0.1', port: 8080 },
      state: 'ESTABLISHED',
      pid: 6236,
    });
    assert.deepEqual(rows[7]?.local, { host: '::1', port: 52005 });
    assert.deepEqual(rows[8], {
      protocol: 'udp',
      local: { host: '0.0.0.0', port: 40001 },
      foreign: null,
      state: null,
      pid: 3312,
    });
    assert.deepEqual(rows[11]?.local, { host: 'fe80::1%7', port: 1900 });
  });

  it('reads translated states and finds the client end by matching', () => {
    const rows = netstatConnections(parseNetstatRows(NETSTAT_GERMAN));
    assert.deepEqual(
      rows.map((r) => [r.row.state, r.row.pid]),
      [
        ['HERGESTELLT', 6236],
        ['WARTEND', 0],
      ],
    );
    const [client] = matchClientSockets(canonical(tcp('127.0.0.1', 52001)), rows);
    assert.equal(client?.row.pid, 6236);
  });

  it('matches IPv6, UDP wildcard and dual-stack rows', () => {
    const rows = netstatConnections(parseNetstatRows(NETSTAT_ALL));
    const pids = (query: ClientQuery) =>
      matchClientSockets(
        canonical(query),
        rows.filter((r) => r.row.protocol === query.protocol),
      ).map((r) => r.row.pid);
    assert.deepEqual(pids(tcp('::1', 52005, '::1')), [7040]);
    assert.deepEqual(pids(tcp('127.0.0.1', 52002)), [0]);
    assert.deepEqual(pids(udp('127.0.0.1', 40001)), [3312]);
    assert.deepEqual(pids(udp('127.0.0.1', 40006)), [3312]);
    assert.deepEqual(pids(udp('::1', 40006, '::1')), [3312]);
  });

  it('names processes from the whole tasklist, odd names included', () => {
    const names = new Map(parseTasklistCsv(TASKLIST_ALL).map((e) => [e.pid, e.name]));
    assert.equal(names.get(7040), 'Porthole Helper, "beta".exe');
    assert.equal(names.get(0), 'System Idle Process');
    assert.deepEqual(tasklistArgs([7040]), ['/FI', 'PID eq 7040', '/FO', 'CSV', '/NH']);
    assert.deepEqual(tasklistArgs([7040, 6236]), ['/FO', 'CSV', '/NH']);
  });
});
