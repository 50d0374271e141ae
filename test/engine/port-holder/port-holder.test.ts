// "Who holds this port": the text parsers on fixture output from each OS, and the real lookup on
// this machine against a child process that holds real loopback sockets.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { PortHolder } from '../../../shared/model';
import {
  DEFAULT_HOLDER_TIMEOUT_MS,
  findPortHolders,
  parseLsofFields,
  parseNetstat,
  parsePasswd,
  parseProcNet,
  parseTasklistCsv,
} from '../../../engine/port-holder';
import {
  findPortHoldersWith,
  setDefaultHolderTimeout,
  type PortHolderQuery,
} from '../../../engine/port-holder/find-port-holders';
import { linuxHolders } from '../../../engine/port-holder/linux-port-holders';
import {
  capCommandLine,
  COMMAND_LINE_MAX,
  type LookupContext,
  type PlatformLookup,
} from '../../../engine/port-holder/lookup-context';
import { lsofHolders, macPortHolders } from '../../../engine/port-holder/mac-port-holders';
import { decodeProcNetIp } from '../../../engine/port-holder/proc-net';
import { runCommand } from '../../../engine/port-holder/run-command';
import { runLookup } from '../../../engine/port-holder/run-lookup';
import { formatIPv6 } from '../../../engine/port-holder/socket-address';
import { windowsHolders } from '../../../engine/port-holder/windows-port-holders';
import { holdPort } from '../../support/hold-port';

// --- fixtures, as the tools print them -------------------------------------------------------

// Port 5432 (0x1538): LISTEN on ::1, on ::ffff:127.0.0.1 and on ::; plus an ESTABLISHED client
// connection to it (state 01) that must not count as holding the port, and a LISTEN on 8080.
const PROC_NET_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 906576 1 00000000c827015e 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 906578 1 000000007836c987 100 0 0 10 0
   2: 00000000000000000000000000000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 906577 1 000000002d53f4cc 100 0 0 10 0
   3: 00000000000000000000000001000000:D2F0 00000000000000000000000001000000:1538 01 00000000:00000000 00:00000000 00000000  1000        0 906590 1 00000000aaaaaaaa 20 4 30 10 -1
   4: B80D0120000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 906600 1 00000000bbbbbbbb 100 0 0 10 0
`;

const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 906580 1 00000000106ff782 100 0 0 10 0
   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 906579 1 0000000087d2d85f 100 0 0 10 0
   2: 0100007F:8E7D 0100007F:1538 06 00000000:00000000 03:00000d3c 00000000     0        0 0 3 0000000000000000
`;

const PROC_NET_UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  872: 0100007F:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 906582 2 00000000f0b8a41c 0
  873: 0100007F:14E9 0100007F:0035 01 00000000:00000000 00:00000000 00000000  1000        0 906583 2 00000000f0b8a41d 0
`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
# a comment line
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
postgres:x:999:999:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash
alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
toor:x:0:0:second root entry:/root:/bin/sh
`;

// lsof -nP +c 0 -a -iTCP:5432 -sTCP:LISTEN -FpcuLftn on macOS: postgres on both loopbacks, and a
// second process on the IPv6 wildcard.
const LSOF_TCP = `p812
cpostgres
u501
Lalice
f7
tIPv6
n[::1]:5432
f8
tIPv4
n127.0.0.1:5432
p1290
ccom.docker.backend
u501
Lalice
f42
tIPv6
n*:5432
`;

// lsof -iUDP:5353: a wildcard bind, and a connected socket whose *remote* port is 5353.
const LSOF_UDP = `p318
cmDNSResponder
u65
L_mdnsresponder
f5
tIPv4
n*:5353
p900
cnode
u501
f21
tIPv4
n127.0.0.1:61000->127.0.0.1:5353
`;

const NETSTAT_TCP = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1008
  TCP    0.0.0.0:5432           0.0.0.0:0              LISTENING       4321
  TCP    127.0.0.1:5432         127.0.0.1:51234        ESTABLISHED     4321
  TCP    127.0.0.1:51234        127.0.0.1:5432         ESTABLISHED     7777
  TCP    127.0.0.1:15432        0.0.0.0:0              LISTENING       5555
`.replace(/\n/g, '\r\n');

const NETSTAT_TCPV6 = `
Aktive Verbindungen

  Proto  Lokale Adresse         Remoteadresse          Status           PID
  TCP    [::]:135               [::]:0                 ABH\u00d6REN          1008
  TCP    [::1]:5432             [::]:0                 ABH\u00d6REN          4321
  TCP    [::1]:5432             [::1]:51240            HERGESTELLT      4321
`.replace(/\n/g, '\r\n');

const NETSTAT_UDP = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  UDP    0.0.0.0:5353           *:*                                    2344
  UDP    [::1]:5353             *:*                                    2344
  UDP    [fe80::1%7]:1900       *:*                                    5012
`.replace(/\n/g, '\r\n');

const TASKLIST = `"postgres.exe","4321","Services","0","12,345 K"\r\n`;
const TASKLIST_QUOTES = `"odd ""name"".exe","77","Console","1","1,024 K"\r\n`;
const TASKLIST_NONE = `INFO: No tasks are running which match the specified criteria.\r\n`;

// --- parsers ---------------------------------------------------------------------------------

describe('port holders: /proc/net parsing', () => {
  it('decodes little-endian IPv4 and IPv6 words exactly', () => {
    assert.equal(decodeProcNetIp('0100007F'), '127.0.0.1');
    assert.equal(decodeProcNetIp('00000000'), '0.0.0.0');
    assert.equal(decodeProcNetIp('0A01A8C0'), '192.168.1.10');
    assert.equal(decodeProcNetIp('00000000000000000000000001000000'), '::1');
    assert.equal(decodeProcNetIp('00000000000000000000000000000000'), '::');
    assert.equal(decodeProcNetIp('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
    assert.equal(decodeProcNetIp('B80D0120000000000000000001000000'), '2001:db8::1');
    assert.equal(decodeProcNetIp('000080FE00000000FF0FC2027AE51DFE'), 'fe80::2c2:fff:fe1d:e57a');
  });

  it('decodes big-endian text when told the machine is big-endian', () => {
    assert.equal(decodeProcNetIp('7F000001', 'BE'), '127.0.0.1');
    assert.equal(decodeProcNetIp('00000000000000000000000000000001', 'BE'), '::1');
    assert.equal(decodeProcNetIp('not-hex!'), null);
  });

  it('formats IPv6 per RFC 5952 (longest zero run, leftmost on a tie, no single-group ::)', () => {
    const bytes = (groups: number[]): number[] => groups.flatMap((g) => [g >> 8, g & 0xff]);
    assert.equal(formatIPv6(bytes([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])), '2001:db8::1:0:0:1');
    assert.equal(formatIPv6(bytes([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIPv6(bytes([0x2001, 0, 0, 1, 0, 0, 0, 1])), '2001:0:0:1::1');
    assert.equal(formatIPv6(bytes([1, 0, 0, 0, 0, 0, 0, 0])), '1::');
  });

  it('keeps only LISTEN rows for TCP, with port, uid and inode', () => {
    assert.deepEqual(parseProcNet(PROC_NET_TCP6, 'tcp'), [
      { ip: '::1', port: 5432, state: '0A', uid: 999, inode: 906576 },
      { ip: '::ffff:127.0.0.1', port: 5432, state: '0A', uid: 1001, inode: 906578 },
      { ip: '::', port: 5432, state: '0A', uid: 0, inode: 906577 },
      { ip: '2001:db8::1', port: 8080, state: '0A', uid: 1000, inode: 906600 },
    ]);
    assert.deepEqual(parseProcNet(PROC_NET_TCP, 'tcp'), [
      { ip: '0.0.0.0', port: 5432, state: '0A', uid: 0, inode: 906580 },
      { ip: '127.0.0.1', port: 8080, state: '0A', uid: 1000, inode: 906579 },
    ]);
  });

  it('keeps every bound UDP socket, connected or not', () => {
    const sockets = parseProcNet(PROC_NET_UDP, 'udp');
    assert.deepEqual(
      sockets.map((s) => [s.ip, s.port, s.state, s.inode]),
      [
        ['127.0.0.1', 5353, '07', 906582],
        ['127.0.0.1', 5353, '01', 906583],
      ],
    );
  });

  it('maps uids to names, first entry wins', () => {
    const users = parsePasswd(PASSWD);
    assert.equal(users.get(0), 'root');
    assert.equal(users.get(999), 'postgres');
    assert.equal(users.get(1000), 'alice');
    assert.equal(users.size, 4);
  });

  it('builds holders: owner details, "uid N" fallback, pid null when the owner is unknown', () => {
    const sockets = parseProcNet(PROC_NET_TCP6, 'tcp').filter((s) => s.port === 5432);
    const owners = new Map([
      [906576, 300],
      [906577, 300],
    ]);
    const details = new Map([[300, { name: 'postgres', commandLine: '/usr/lib/postgresql -D x' }]]);
    const holders = linuxHolders(sockets, owners, details, parsePasswd(PASSWD));
    assert.deepEqual(holders, [
      {
        pid: 300,
        name: 'postgres',
        commandLine: '/usr/lib/postgresql -D x',
        user: 'postgres',
        address: '[::1]:5432',
      },
      // IPv4-mapped is shown as the IPv4 address it takes; nobody visible owns it.
      { pid: null, name: null, commandLine: null, user: 'uid 1001', address: '127.0.0.1:5432' },
      {
        pid: 300,
        name: 'postgres',
        commandLine: '/usr/lib/postgresql -D x',
        user: 'root',
        address: '[::]:5432',
      },
    ]);
  });

  it('lists one holder per pid and address', () => {
    const twice = parseProcNet(PROC_NET_UDP, 'udp');
    const owners = new Map([
      [906582, 42],
      [906583, 42],
    ]);
    const holders = linuxHolders(twice, owners, new Map(), new Map());
    assert.deepEqual(
      holders.map((h) => [h.pid, h.address, h.user]),
      [[42, '127.0.0.1:5353', 'uid 1000']],
    );
  });
});

describe('port holders: command lines', () => {
  it('are one line, capped, and null when empty', () => {
    assert.equal(capCommandLine('node\0-e\0a\nb\0'.split('\0').join(' ')), 'node -e a b');
    const long = capCommandLine(`java -cp ${'x'.repeat(2000)}`);
    assert.equal(long?.length, COMMAND_LINE_MAX);
    assert.ok(long?.endsWith('…'));
    assert.equal(capCommandLine('\0\0'), null);
  });
});

describe('port holders: lsof (macOS) parsing', () => {
  it('reads process and file sets from -F output', () => {
    assert.deepEqual(parseLsofFields(LSOF_TCP), [
      { pid: 812, command: 'postgres', uid: 501, login: 'alice', type: 'IPv6', name: '[::1]:5432' },
      {
        pid: 812,
        command: 'postgres',
        uid: 501,
        login: 'alice',
        type: 'IPv4',
        name: '127.0.0.1:5432',
      },
      {
        pid: 1290,
        command: 'com.docker.backend',
        uid: 501,
        login: 'alice',
        type: 'IPv6',
        name: '*:5432',
      },
    ]);
  });

  it('also splits files when lsof prints no f field', () => {
    const withoutF = LSOF_TCP.split('\n')
      .filter((line) => !line.startsWith('f'))
      .join('\n');
    assert.deepEqual(
      parseLsofFields(withoutF).map((s) => [s.pid, s.type, s.name]),
      [
        [812, 'IPv6', '[::1]:5432'],
        [812, 'IPv4', '127.0.0.1:5432'],
        [1290, 'IPv6', '*:5432'],
      ],
    );
  });

  it('turns wildcards into the family wildcard and drops remote-port matches', () => {
    const tcp = lsofHolders(parseLsofFields(LSOF_TCP), 5432, new Map([[812, 'postgres -D /db']]));
    assert.deepEqual(
      tcp.map((h) => [h.pid, h.name, h.user, h.address, h.commandLine]),
      [
        [812, 'postgres', 'alice', '[::1]:5432', 'postgres -D /db'],
        [812, 'postgres', 'alice', '127.0.0.1:5432', 'postgres -D /db'],
        [1290, 'com.docker.backend', 'alice', '[::]:5432', null],
      ],
    );
    const udp = lsofHolders(parseLsofFields(LSOF_UDP), 5353, new Map());
    assert.deepEqual(
      udp.map((h) => [h.pid, h.name, h.user, h.address]),
      [[318, 'mDNSResponder', '_mdnsresponder', '0.0.0.0:5353']],
    );
  });
});

describe('port holders: netstat and tasklist (Windows) parsing', () => {
  it('finds listening TCP rows for the port, IPv4 and IPv6, in any language', () => {
    assert.deepEqual(parseNetstat(NETSTAT_TCP, 'tcp', 5432), [
      { pid: 4321, address: '0.0.0.0:5432' },
    ]);
    assert.deepEqual(parseNetstat(NETSTAT_TCPV6, 'tcp', 5432), [
      { pid: 4321, address: '[::1]:5432' },
    ]);
    assert.deepEqual(parseNetstat(NETSTAT_TCP, 'tcp', 135), [
      { pid: 1008, address: '0.0.0.0:135' },
    ]);
    assert.deepEqual(parseNetstat(NETSTAT_TCP, 'udp', 5432), []);
  });

  it('finds bound UDP rows, including scoped link-local', () => {
    assert.deepEqual(parseNetstat(NETSTAT_UDP, 'udp', 5353), [
      { pid: 2344, address: '0.0.0.0:5353' },
      { pid: 2344, address: '[::1]:5353' },
    ]);
    assert.deepEqual(parseNetstat(NETSTAT_UDP, 'udp', 1900), [
      { pid: 5012, address: '[fe80::1%7]:1900' },
    ]);
  });

  it('reads image names from CSV, quotes and commas included, and ignores the info line', () => {
    assert.deepEqual(parseTasklistCsv(TASKLIST), [{ name: 'postgres.exe', pid: 4321 }]);
    assert.deepEqual(parseTasklistCsv(TASKLIST_QUOTES), [{ name: 'odd "name".exe', pid: 77 }]);
    assert.deepEqual(parseTasklistCsv(TASKLIST_NONE), []);
  });

  it('combines rows and names into holders, one per pid and address', () => {
    const rows = [
      ...parseNetstat(NETSTAT_TCP, 'tcp', 5432),
      ...parseNetstat(NETSTAT_TCPV6, 'tcp', 5432),
      ...parseNetstat(NETSTAT_TCPV6, 'tcp', 5432),
    ];
    const names = new Map(parseTasklistCsv(TASKLIST).map((e) => [e.pid, e.name]));
    assert.deepEqual(windowsHolders(rows, names), [
      { pid: 4321, name: 'postgres.exe', commandLine: null, user: null, address: '0.0.0.0:5432' },
      { pid: 4321, name: 'postgres.exe', commandLine: null, user: null, address: '[::1]:5432' },
    ]);
  });
});

// --- deadline --------------------------------------------------------------------------------

describe('port holders: deadline', () => {
  const partial: PortHolder = {
    pid: null,
    name: null,
    commandLine: null,
    user: 'alice',
    address: '127.0.0.1:5432',
  };

  /** A lookup that reports a partial answer and would never finish on its own. */
  const hanging =
    (seen: { context?: LookupContext } = {}): PlatformLookup =>
    (_query, context) => {
      seen.context = context;
      context.report([partial]);
      return new Promise(() => undefined);
    };

  /**
   * An injected clock: performance.now() and setTimeout move only when `advance` says, so the
   * cap is checked to the millisecond however busy the machine is. After each step every
   * promise the timers settled has run (setImmediate is not mocked and comes after them).
   */
  function injectedClock(t: TestContext): (ms: number) => Promise<void> {
    let now = 0;
    t.mock.method(performance, 'now', () => now);
    t.mock.timers.enable({ apis: ['setTimeout'] });
    return async (ms) => {
      now += ms;
      t.mock.timers.tick(ms);
      await new Promise((resolve) => setImmediate(resolve));
    };
  }

  /** The injected-clock millisecond at which `answer` settles (stepping 1 ms at a time). */
  async function settlesAt(
    answer: Promise<unknown>,
    advance: (ms: number) => Promise<void>,
    limit: number,
  ): Promise<number> {
    let settled = false;
    const done = () => {
      settled = true;
    };
    answer.then(done, done);
    await advance(0);
    for (let at = 0; at <= limit; at += 1) {
      if (settled) return at;
      await advance(1);
    }
    return assert.fail(`still no answer at ${limit} ms on the injected clock`);
  }

  it('returns the partial answer on timeout and aborts the lookup', async (t) => {
    const advance = injectedClock(t);
    const seen: { context?: LookupContext } = {};
    const holders = runLookup(hanging(seen), { protocol: 'tcp', port: 5432 }, 50);
    await advance(49);
    assert.equal(seen.context?.signal.aborted, false, 'still looking 1 ms before the cap');
    assert.equal(seen.context?.remainingMs(), 1);
    assert.equal(await settlesAt(holders, advance, 10), 1, 'answers exactly at the cap');
    assert.deepEqual(await holders, [partial]);
    assert.equal(seen.context?.signal.aborted, true, 'and stops the lookup');
    assert.equal(seen.context?.remainingMs(), 0);
  });

  it(`findPortHolders caps a lookup at ${DEFAULT_HOLDER_TIMEOUT_MS} ms unless told otherwise`, async (t) => {
    const advance = injectedClock(t);
    const query: PortHolderQuery = { protocol: 'tcp', port: 5432 };
    const capOf = async (q: PortHolderQuery) => {
      const answer = findPortHoldersWith(hanging(), q);
      const at = await settlesAt(answer, advance, 2 * DEFAULT_HOLDER_TIMEOUT_MS);
      assert.deepEqual(await answer, [partial], 'the partial answer is kept');
      return at;
    };
    assert.equal(await capOf(query), DEFAULT_HOLDER_TIMEOUT_MS);
    assert.equal(await capOf({ ...query, timeoutMs: 40 }), 40);
    assert.equal(await capOf({ ...query, timeoutMs: Number.NaN }), DEFAULT_HOLDER_TIMEOUT_MS);
    const restore = setDefaultHolderTimeout(300);
    try {
      assert.equal(await capOf(query), 300, 'the default tests may raise');
    } finally {
      restore();
    }
    assert.equal(await capOf(query), DEFAULT_HOLDER_TIMEOUT_MS, 'and put back');
  });

  it('returns what was reported when the lookup throws', async () => {
    const holders = await runLookup(
      async (_query, context) => {
        context.report([partial]);
        throw new Error('boom');
      },
      { protocol: 'udp', port: 5432 },
      5000,
    );
    assert.deepEqual(holders, [partial]);
  });

  it('answers [] for invalid queries instead of throwing', async () => {
    assert.deepEqual(await findPortHolders({ protocol: 'tcp', port: 0 }), []);
    assert.deepEqual(await findPortHolders({ protocol: 'tcp', port: 70000 }), []);
    assert.deepEqual(await findPortHolders({ protocol: 'tcp', port: 1.5 }), []);
  });
});

// --- the real lookup on this machine ---------------------------------------------------------

interface ChildPorts {
  readonly tcp4: number;
  readonly tcp6: number | null;
  readonly udp4: number;
}

const MARKER = `porthole-holder-marker-${process.pid}`;

// Fed on stdin (`node - MARKER`) so the marker sits right after the executable in the command
// line instead of behind a long `-e` script that the command-line cap would cut. CommonJS because
// that is what node evaluates from stdin by default.
const CHILD_SCRIPT = `
const net = require('node:net');
const dgram = require('node:dgram');
const withV6 = process.argv.includes('--v6');
const listen = (host) => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.once('error', reject);
  server.listen({ host, port: 0 }, () => resolve(server.address().port));
});
const bindUdp = () => new Promise((resolve, reject) => {
  const socket = dgram.createSocket('udp4');
  socket.once('error', reject);
  socket.bind({ address: '127.0.0.1', port: 0 }, () => resolve(socket.address().port));
});
Promise.all([listen('127.0.0.1'), withV6 ? listen('::1') : null, bindUdp()]).then(
  ([tcp4, tcp6, udp4]) => console.log(JSON.stringify({ tcp4, tcp6, udp4 })),
  (error) => { console.error(error); process.exit(1); },
);
`;

function ipv6LoopbackAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });
}

async function freedPort(protocol: 'tcp' | 'udp'): Promise<number> {
  if (protocol === 'tcp') {
    const { server, port } = await holdPort('127.0.0.1');
    await new Promise((resolve) => server.close(resolve));
    return port;
  }
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind({ address: '127.0.0.1', port: 0 }, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function holderOf(holders: readonly PortHolder[], pid: number | undefined): PortHolder {
  const found = holders.filter((h) => h.pid === pid);
  assert.equal(found.length, 1, `one holder with pid ${pid} in ${JSON.stringify(holders)}`);
  return found[0] as PortHolder;
}

const linuxOnly = process.platform === 'linux' ? false : 'the /proc lookup runs on Linux only';

/**
 * The real lookup is checked for what it finds, not for how fast it finds it: scanning /proc on
 * a busy machine may take longer than the 1.5 s cap, which would leave pids unknown. The cap is
 * tested above on an injected clock; here the lookup gets ample time.
 */
const REAL_LOOKUP_MS = 30_000;
const lookUp = (protocol: 'tcp' | 'udp', port: number): Promise<PortHolder[]> =>
  findPortHolders({ protocol, port, timeoutMs: REAL_LOOKUP_MS });

describe('port holders: real lookup on Linux', { skip: linuxOnly }, () => {
  let child: ChildProcess;
  let ports: ChildPorts;
  let v6 = false;
  // comm is the executable's base name, cut to 15 characters by the kernel.
  const expectedName = basename(process.execPath).slice(0, 15);
  const me = userInfo().username;

  before(async () => {
    v6 = await ipv6LoopbackAvailable();
    child = spawn(process.execPath, ['-', MARKER, ...(v6 ? ['--v6'] : [])], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const { stdin, stdout } = child;
    assert.ok(stdin !== null && stdout !== null);
    stdin.end(CHILD_SCRIPT);
    const lines = createInterface({ input: stdout });
    const exited = new Promise<never>((_resolve, reject) =>
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`))),
    );
    const first = new Promise<string>((resolve) => lines.once('line', resolve));
    ports = JSON.parse(await Promise.race([first, exited])) as ChildPorts;
    lines.close();
  });

  after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exit = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exit;
  });

  it("finds the child's IPv4 TCP listener with pid, name, command line, user and address", async () => {
    const holders = await lookUp('tcp', ports.tcp4);
    assert.equal(holders.length, 1, JSON.stringify(holders));
    const holder = holderOf(holders, child.pid);
    assert.equal(holder.name, expectedName);
    assert.ok(holder.commandLine?.includes(MARKER), `command line: ${holder.commandLine}`);
    assert.equal(holder.commandLine, `${process.execPath} - ${MARKER}${v6 ? ' --v6' : ''}`);
    assert.equal(holder.user, me);
    assert.equal(holder.address, `127.0.0.1:${ports.tcp4}`);
  });

  it("finds the child's IPv6 loopback TCP listener", async (t) => {
    if (!v6 || ports.tcp6 === null) {
      t.skip('no IPv6 loopback on this machine: binding ::1 failed');
      return;
    }
    const holder = holderOf(await lookUp('tcp', ports.tcp6), child.pid);
    assert.equal(holder.address, `[::1]:${ports.tcp6}`);
    assert.ok(holder.commandLine?.includes(MARKER));
  });

  it("finds the child's UDP socket, and only under udp", async () => {
    const holder = holderOf(await lookUp('udp', ports.udp4), child.pid);
    assert.equal(holder.address, `127.0.0.1:${ports.udp4}`);
    assert.equal(holder.name, expectedName);
    const asTcp = await lookUp('tcp', ports.udp4);
    assert.equal(
      asTcp.some((h) => h.pid === child.pid),
      false,
    );
    const asUdp = await lookUp('udp', ports.tcp4);
    assert.equal(
      asUdp.some((h) => h.pid === child.pid),
      false,
    );
  });

  it('finds a port held by this process', async () => {
    const { server, port } = await holdPort('127.0.0.1');
    try {
      const holder = holderOf(await lookUp('tcp', port), process.pid);
      assert.equal(holder.address, `127.0.0.1:${port}`);
      assert.equal(holder.user, me);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers [] for ports nobody holds', async () => {
    assert.deepEqual(await lookUp('tcp', await freedPort('tcp')), []);
    assert.deepEqual(await lookUp('udp', await freedPort('udp')), []);
  });

  // The macOS path runs here too wherever lsof is installed: same tool, same -F fields.
  const lsofMissing = spawnSync('lsof', ['-v']).error !== undefined;
  it(
    'the lsof path finds the child as well',
    { skip: lsofMissing ? 'lsof is not installed' : false },
    async () => {
      const controller = new AbortController();
      const context: LookupContext = {
        signal: controller.signal,
        remainingMs: () => REAL_LOOKUP_MS,
        report: () => undefined,
      };
      const run = (file: string, args: readonly string[]): Promise<string> =>
        runCommand(file, args, { timeoutMs: REAL_LOOKUP_MS, signal: controller.signal });
      const tcp = await macPortHolders({ protocol: 'tcp', port: ports.tcp4 }, context, run);
      const holder = holderOf(tcp, child.pid);
      assert.equal(holder.address, `127.0.0.1:${ports.tcp4}`);
      assert.equal(holder.name, expectedName);
      assert.equal(holder.user, me);
      assert.ok(holder.commandLine?.includes(MARKER), `command line: ${holder.commandLine}`);
      const udp = await macPortHolders({ protocol: 'udp', port: ports.udp4 }, context, run);
      assert.equal(holderOf(udp, child.pid).address, `127.0.0.1:${ports.udp4}`);
    },
  );
});
