// "Which program is the client": each OS's batch lookup on recorded tool output and a made-up
// /proc, for the cases a test machine cannot produce (another user's hidden client, sockets shared
// through SO_REUSEPORT, macOS and Windows tools). The real lookup on real sockets is in
// client-process-real.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientProcess } from '../../../shared/client-process';
import type {
  ClientBatchLookup,
  CommandRunner,
  ToolClientLookup,
} from '../../../engine/port-holder/client-lookup';
import { canonicalQuery, type ClientQuery } from '../../../engine/port-holder/client-query';
import {
  createLinuxClientLookup,
  type LinuxClientScan,
} from '../../../engine/port-holder/linux-client-lookup';
import { macClientLookup } from '../../../engine/port-holder/mac-client-lookup';
import { windowsClientLookup } from '../../../engine/port-holder/windows-client-lookup';
import {
  LSOF_CLIENTS,
  NETSTAT_ALL,
  PASSWD,
  PROC_TCP,
  PROC_TCP6,
  PROC_UDP,
  PROC_UDP6,
  PS_COMMANDS,
  TASKLIST_ALL,
} from '../../support/client-process-fixtures';
import { fakeProc as fakeProcWith, sockets, type FakeProcess } from '../../support/fake-proc';

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
const udp = (remoteAddress: string, remotePort: number): ClientQuery => ({
  protocol: 'udp',
  localAddress: '127.0.0.1',
  localPort: 5300,
  remoteAddress,
  remotePort,
});

interface BatchResult {
  readonly answers: (ClientProcess | undefined)[];
  readonly hints: (string | null | undefined)[];
}

/** Run one batch the way the resolver does, collecting settled answers and hints by index. */
async function runBatch(
  lookup: ClientBatchLookup,
  queries: readonly ClientQuery[],
  signal = new AbortController().signal,
): Promise<BatchResult> {
  const answers: (ClientProcess | undefined)[] = queries.map(() => undefined);
  const hints: (string | null | undefined)[] = queries.map(() => undefined);
  const canonical = queries.map((q) => {
    const c = canonicalQuery(q);
    assert.ok(c !== null);
    return c;
  });
  await lookup(canonical, {
    signal,
    remainingMs: () => 10_000,
    settle: (index, answer) => {
      assert.equal(answers[index], undefined, `query ${index} settled once`);
      answers[index] = answer;
    },
    hint: (index, user) => {
      hints[index] = user;
    },
  });
  return { answers, hints };
}

// --- Linux, on a made-up /proc -------------------------------------------------------------------

/** /proc with the scene's tables and passwd and the given processes. */
function fakeProc(
  processes: Readonly<Record<number, FakeProcess>>,
  tables: Readonly<Record<string, string>> = {
    '/proc/net/tcp': PROC_TCP,
    '/proc/net/tcp6': PROC_TCP6,
    '/proc/net/udp': PROC_UDP,
    '/proc/net/udp6': PROC_UDP6,
  },
) {
  return fakeProcWith(processes, tables, PASSWD);
}

const PORTHOLE: FakeProcess = {
  comm: 'porthole',
  argv: ['porthole', 'serve'],
  fds: sockets(50001, 50003, 50010, 60000),
};

describe('client process: Linux lookup on /proc', () => {
  it('names the owner of each client socket, IPv4, IPv6 and dual-stack, from one batch', async () => {
    const { fs, reads } = fakeProc({
      1: { comm: 'systemd', argv: ['/sbin/init'], fds: sockets(11) },
      99: PORTHOLE,
      300: { comm: 'curl', argv: ['curl', 'http://127.0.0.1:8080/'], fds: sockets(50002) },
      301: {
        comm: 'python3',
        argv: ['python3', '-c', 'import x\nx.run()'],
        fds: sockets(50011, 50012),
      },
    });
    const { answers } = await runBatch(createLinuxClientLookup({ fs }), [
      tcp('127.0.0.1', 52001),
      tcp('::1', 52005, '::1'),
      tcp('127.0.0.1', 52004),
      tcp('::ffff:127.0.0.1', 52004, '::ffff:127.0.0.1'),
    ]);
    assert.deepEqual(answers[0], {
      kind: 'process',
      pid: 300,
      name: 'curl',
      commandLine: 'curl http://127.0.0.1:8080/',
      user: 'alice',
    });
    const python = {
      kind: 'process',
      pid: 301,
      name: 'python3',
      commandLine: 'python3 -c import x x.run()',
      user: 'alice',
    };
    assert.deepEqual(answers.slice(1), [python, python, python]);
    assert.equal(reads.get('/proc'), 1, 'one process listing for the whole batch');
  });

  it('answers exited for a closed client (TIME_WAIT, or no row at all) without scanning', async () => {
    const { fs, reads } = fakeProc({ 99: PORTHOLE });
    const { answers } = await runBatch(createLinuxClientLookup({ fs }), [
      tcp('127.0.0.1', 52002),
      tcp('127.0.0.1', 52009),
      udp('127.0.0.1', 40003),
    ]);
    assert.deepEqual(answers, [
      // TIME_WAIT rows say uid 0 whoever the client was: no user rather than a wrong one.
      { kind: 'unknown', reason: 'exited', user: null },
      { kind: 'unknown', reason: 'exited', user: null },
      { kind: 'unknown', reason: 'exited', user: null },
    ]);
    assert.equal(reads.get('/proc'), undefined, 'no process scan when no socket is live');
  });

  it("answers hidden with the socket's user when an unreadable process may own it", async () => {
    const { fs } = fakeProc({
      99: PORTHOLE,
      4000: { comm: 'bobs-client', argv: ['x'], fds: sockets(50004), unreadable: true },
    });
    const lookup = createLinuxClientLookup({ fs, ownUid: 1000 });
    const { answers, hints } = await runBatch(lookup, [tcp('127.0.0.1', 52003)]);
    assert.deepEqual(answers, [{ kind: 'unknown', reason: 'hidden', user: 'uid 1001' }]);
    assert.deepEqual(hints, ['uid 1001'], 'the user was known before the scan');
    // Our own user's socket would have been found in a process we can read: it was closed.
    const asBob = createLinuxClientLookup({ fs, ownUid: 1001 });
    const { answers: own } = await runBatch(asBob, [tcp('127.0.0.1', 52003)]);
    assert.deepEqual(own, [{ kind: 'unknown', reason: 'exited', user: 'uid 1001' }]);
  });

  it('answers exited when every process was readable and none holds the socket', async () => {
    const { fs } = fakeProc({ 99: PORTHOLE });
    const { answers } = await runBatch(createLinuxClientLookup({ fs }), [tcp('127.0.0.1', 52003)]);
    assert.deepEqual(answers, [{ kind: 'unknown', reason: 'exited', user: 'uid 1001' }]);
  });

  it('names UDP peers, and refuses to pick among sockets that share a port', async () => {
    const processes = {
      99: PORTHOLE,
      310: {
        comm: 'dig',
        argv: ['dig', '@127.0.0.1', '-p', '5300'],
        fds: sockets(60001, 60002, 60006),
      },
      311: { comm: 'worker-a', argv: ['worker-a'], fds: sockets(60004) },
      312: { comm: 'worker-b', argv: ['worker-b'], fds: sockets(60005) },
    };
    const { fs } = fakeProc(processes);
    const { answers } = await runBatch(createLinuxClientLookup({ fs }), [
      udp('127.0.0.1', 40001),
      udp('127.0.0.1', 40002),
      udp('127.0.0.1', 40006),
      udp('127.0.0.1', 40004),
    ]);
    assert.deepEqual(
      answers.map((a) => (a?.kind === 'process' ? a.pid : a?.kind === 'unknown' ? a.reason : a)),
      [310, 310, 310, 'ambiguous'],
    );
    // Both sockets in one process (a worker with two reuseport sockets): that process.
    const { fs: single } = fakeProc({
      ...processes,
      311: { ...processes[311], fds: sockets(60004, 60005) },
      312: { ...processes[312], fds: {} },
    });
    const [answer] = (
      await runBatch(createLinuxClientLookup({ fs: single }), [udp('127.0.0.1', 40004)])
    ).answers;
    assert.equal(answer?.kind === 'process' && answer.pid, 311);
  });

  it('reads recent clients first and skips the full scan when they own the new sockets', async () => {
    const scans: LinuxClientScan[] = [];
    const processes: Record<number, FakeProcess> = {
      1: { comm: 'systemd', argv: ['/sbin/init'], fds: sockets(11) },
      99: PORTHOLE,
      300: { comm: 'pool', argv: ['pool'], fds: sockets(50002) },
    };
    const { fs, reads } = fakeProc(processes);
    const lookup = createLinuxClientLookup({ fs, onScan: (scan) => scans.push(scan) });
    const first = await runBatch(lookup, [tcp('127.0.0.1', 52001)]);
    assert.equal(first.answers[0]?.kind === 'process' && first.answers[0].pid, 300);
    assert.equal(reads.get('/proc'), 1);

    // The pool opens another connection (52004, in the v6 table) and a stranger's socket is
    // still unowned: the pool's fds answer the first without listing /proc again.
    const { fs: later, reads: laterReads } = fakeProc({
      ...processes,
      300: { comm: 'pool', argv: ['pool'], fds: sockets(50002, 50011) },
    });
    Object.assign(fs, later);
    const second = await runBatch(lookup, [tcp('127.0.0.1', 52004)]);
    assert.equal(second.answers[0]?.kind === 'process' && second.answers[0].pid, 300);
    assert.equal(laterReads.get('/proc'), undefined, 'no full scan');
    assert.equal(laterReads.get('/proc/300/fd'), 1);
    assert.deepEqual(scans, [
      { queries: 1, sockets: 1, fromRecent: 0, fullScan: true },
      { queries: 1, sockets: 1, fromRecent: 1, fullScan: false },
    ]);

    // A socket the recent client does not hold still gets the full scan.
    const third = await runBatch(lookup, [tcp('::1', 52005, '::1')]);
    assert.deepEqual(third.answers, [{ kind: 'unknown', reason: 'exited', user: 'alice' }]);
    assert.equal(scans[2]?.fullScan, true);
  });

  it('stops when the batch is aborted, leaving the rest to the resolver', async () => {
    const { fs, reads } = fakeProc({
      99: PORTHOLE,
      300: { comm: 'c', argv: ['c'], fds: sockets(50002) },
    });
    const controller = new AbortController();
    controller.abort();
    const { answers, hints } = await runBatch(
      createLinuxClientLookup({ fs }),
      [tcp('127.0.0.1', 52001), tcp('127.0.0.1', 52002)],
      controller.signal,
    );
    assert.deepEqual(answers, [undefined, { kind: 'unknown', reason: 'exited', user: null }]);
    assert.deepEqual(hints, ['alice', undefined]);
    assert.equal(reads.get('/proc'), undefined);
  });
});

// --- macOS and Windows, on recorded tool output --------------------------------------------------

/** A runner that answers from fixtures and records every call. */
function fakeTools(outputs: Readonly<Record<string, string>>): {
  run: CommandRunner;
  calls: string[][];
} {
  const calls: string[][] = [];
  return {
    calls,
    run: async (file, args) => {
      calls.push([file, ...args]);
      return outputs[file] ?? '';
    },
  };
}

const withRun =
  (lookup: ToolClientLookup, run: CommandRunner): ClientBatchLookup =>
  (queries, context) =>
    lookup(queries, context, run);

describe('client process: macOS lookup through lsof and ps', () => {
  const queries = [
    tcp('127.0.0.1', 52001),
    tcp('::1', 52005, '::1'),
    tcp('127.0.0.1', 52004),
    tcp('127.0.0.1', 52003),
    udp('127.0.0.1', 40001),
    udp('127.0.0.1', 40004),
  ];

  it('names clients with one lsof and one ps for the whole batch', async () => {
    const tools = fakeTools({ lsof: LSOF_CLIENTS, ps: PS_COMMANDS });
    const { answers } = await runBatch(withRun(macClientLookup(false), tools.run), queries);
    const chrome = {
      kind: 'process',
      pid: 4242,
      name: 'Google Chrome Helper (Renderer)',
      commandLine:
        '/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper (Renderer) --type=renderer',
      user: 'alice',
    };
    assert.deepEqual(answers, [
      chrome,
      chrome,
      {
        kind: 'process',
        pid: 900,
        name: 'python3.11',
        commandLine: '/usr/local/bin/python3.11 client.py',
        user: 'uid 502',
      },
      // bob's client: lsof without root does not list it, nor could it say it exited.
      { kind: 'unknown', reason: 'not-found', user: null },
      {
        kind: 'process',
        pid: 777,
        name: 'dig',
        commandLine: 'dig @127.0.0.1 -p 5300 example.com',
        user: 'alice',
      },
      { kind: 'unknown', reason: 'ambiguous', user: 'alice' },
    ]);
    assert.deepEqual(
      tools.calls.map((c) => c.slice(0, 1).concat(c.slice(-2))),
      [
        ['lsof', '-iUDP:40001,40004', '-FpcuLPtn'],
        ['ps', '-p', '4242,900,777'],
      ],
    );
  });

  it('says exited for an unlisted socket when lsof sees every process (root)', async () => {
    const tools = fakeTools({ lsof: LSOF_CLIENTS, ps: PS_COMMANDS });
    const { answers } = await runBatch(withRun(macClientLookup(true), tools.run), [
      tcp('127.0.0.1', 52003),
    ]);
    assert.deepEqual(answers, [{ kind: 'unknown', reason: 'exited', user: null }]);
    assert.equal(tools.calls.length, 1, 'no ps without a process to name');
  });

  it('still names the process when ps gives nothing (timed out, or the process exited)', async () => {
    const tools = fakeTools({ lsof: LSOF_CLIENTS });
    const { answers } = await runBatch(withRun(macClientLookup(false), tools.run), [
      tcp('127.0.0.1', 52001),
    ]);
    assert.equal(answers[0]?.kind === 'process' && answers[0].commandLine, null);
  });
});

describe('client process: Windows lookup through netstat and tasklist', () => {
  it('names clients with one netstat and one tasklist for the whole batch', async () => {
    const tools = fakeTools({ netstat: NETSTAT_ALL, tasklist: TASKLIST_ALL });
    const { answers } = await runBatch(withRun(windowsClientLookup, tools.run), [
      tcp('127.0.0.1', 52001),
      tcp('::1', 52005, '::1'),
      tcp('127.0.0.1', 52002),
      udp('127.0.0.1', 40001),
      tcp('127.0.0.1', 52009),
    ]);
    const named = (pid: number, name: string) => ({
      kind: 'process',
      pid,
      name,
      commandLine: null,
      user: null,
    });
    assert.deepEqual(answers, [
      named(6236, 'chrome.exe'),
      named(7040, 'Porthole Helper, "beta".exe'),
      // TIME_WAIT rows belong to pid 0 (System Idle Process), never the client.
      { kind: 'unknown', reason: 'exited', user: null },
      named(3312, 'dig.exe'),
      { kind: 'unknown', reason: 'exited', user: null },
    ]);
    assert.deepEqual(tools.calls, [
      ['netstat', '-ano'],
      ['tasklist', '/FO', 'CSV', '/NH'],
    ]);
  });

  it('filters tasklist to the one pid when only one is needed', async () => {
    const tools = fakeTools({
      netstat: NETSTAT_ALL,
      tasklist: `"chrome.exe","6236","Console","1","123,456 K"\r\n`,
    });
    const { answers } = await runBatch(withRun(windowsClientLookup, tools.run), [
      tcp('127.0.0.1', 52001),
    ]);
    assert.equal(answers[0]?.kind === 'process' && answers[0].name, 'chrome.exe');
    assert.deepEqual(tools.calls[1], ['tasklist', '/FI', 'PID eq 6236', '/FO', 'CSV', '/NH']);
  });
});
