// The connection filter: each criterion alone and combined, size parsing, the payload search
// pager, filter edits coalesced through the store's op queue, and a timed 100,000-connection pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandArgs } from '../../shared/contract';
import type { ConnectionInfo } from '../../shared/model';
import {
  EMPTY_FILTER,
  addressKey,
  compileFilter,
  isFiltering,
  type ConnectionFilter,
} from '../../renderer/src/store/connection-filter';
import { filterIds } from '../../renderer/src/store/visible-ids';
import { parseSize } from '../../renderer/src/features/connections/filter-size';
import {
  runPayloadSearch,
  type PayloadSearchProgress,
} from '../../renderer/src/features/connections/filter-payload-search';
import { batch, closed, conn, freshStore } from './support/fixtures';

const bytes = (received: number) => ({ received, captured: received, dropped: 0, chunks: 1 });

const sample: readonly ConnectionInfo[] = [
  conn(1, { remoteAddress: '127.0.0.1', remotePort: 50001, in: bytes(100) }),
  closed(2, { remoteAddress: '::1', remotePort: 50002, family: 'IPv6', in: bytes(20_000) }),
  conn(3, { protocol: 'udp', listenerId: 'U', detected: { in: 'text', out: null } }),
  closed(4, { detected: { in: 'http', out: 'http' }, out: bytes(2 * 1024 * 1024) }),
  conn(5, { detected: { in: 'tls', out: 'tls' }, remoteAddress: '10.0.0.7', remotePort: 443 }),
];

function pass(patch: Partial<ConnectionFilter>): number[] {
  const keep = compileFilter({ ...EMPTY_FILTER, ...patch });
  return sample.filter(keep).map((c) => c.id);
}

describe('connection filter', () => {
  it('passes everything when empty, and says so', () => {
    assert.equal(isFiltering(EMPTY_FILTER), false);
    assert.deepEqual(pass({}), [1, 2, 3, 4, 5]);
    assert.equal(isFiltering({ ...EMPTY_FILTER, minBytes: 1 }), true);
  });

  it('matches the client address as a substring of address:port, IPv6 bracketed', () => {
    assert.equal(addressKey(sample[1] as ConnectionInfo), '[::1]:50002');
    assert.deepEqual(pass({ address: '[::1]' }), [2]);
    assert.deepEqual(pass({ address: ':5000' }), [1, 2]);
    assert.deepEqual(pass({ address: '10.0.0.7:443' }), [5]);
    assert.deepEqual(pass({ address: 'nowhere' }), []);
  });

  it('matches the client program by name or pid; unnamed clients only by what they are', () => {
    const named = [
      conn(1, {
        client: { kind: 'process', pid: 812, name: 'node', commandLine: null, user: null },
      }),
      conn(2, {
        client: { kind: 'process', pid: 4242, name: 'curl', commandLine: null, user: null },
      }),
      conn(3, { client: { kind: 'remote-host' } }),
      conn(4, { client: { kind: 'unknown', reason: 'exited', user: null } }),
      conn(5),
    ];
    const match = (process: string) =>
      named.filter(compileFilter({ ...EMPTY_FILTER, process })).map((c) => c.id);
    assert.deepEqual(match('node'), [1]);
    assert.deepEqual(match('42'), [2]);
    assert.deepEqual(match('remote'), [3]);
    assert.deepEqual(match('unknown'), [4]);
    assert.equal(isFiltering({ ...EMPTY_FILTER, process: 'x' }), true);
  });

  it('filters by transport and by what either direction was detected as', () => {
    assert.deepEqual(pass({ protocol: 'udp' }), [3]);
    assert.deepEqual(pass({ protocol: 'tcp' }), [1, 2, 4, 5]);
    assert.deepEqual(pass({ protocol: 'http' }), [4]);
    assert.deepEqual(pass({ protocol: 'text' }), [3]);
    assert.deepEqual(pass({ protocol: 'redis' }), []);
  });

  it('filters by state, port, size and payload matches, and combines them', () => {
    assert.deepEqual(pass({ state: 'open' }), [1, 3, 5]);
    assert.deepEqual(pass({ state: 'closed' }), [2, 4]);
    assert.deepEqual(pass({ listenerId: 'U' }), [3]);
    assert.deepEqual(pass({ minBytes: 10_000 }), [2, 4]);
    assert.deepEqual(pass({ minBytes: 10_000, state: 'closed', protocol: 'http' }), [4]);
    assert.deepEqual(pass({ payloadIds: new Set([1, 4, 99]) }), [1, 4]);
    assert.deepEqual(pass({ payloadIds: new Set([1, 4]), state: 'open' }), [1]);
  });

  it('parses sizes people type', () => {
    assert.equal(parseSize(''), 0);
    assert.equal(parseSize('1500'), 1500);
    assert.equal(parseSize('10k'), 10_240);
    assert.equal(parseSize('1M'), 1_048_576);
    assert.equal(parseSize('1.5 MiB'), 1_572_864);
    assert.equal(parseSize(' 2gb '), 2 * 1024 ** 3);
    assert.equal(parseSize('1,000'), 1000);
    assert.equal(parseSize('ten'), null);
    assert.equal(parseSize('5x'), null);
    assert.equal(parseSize('-1'), null);
  });
});

describe('filter edits in the store', () => {
  it('coalesce queued edits into one filter pass with the batch of the same frame', () => {
    const store = freshStore();
    store.getState().applyOps([
      { kind: 'batch', batch: batch({ connections: [...sample] }) },
      { kind: 'filter', patch: { address: '127' } },
      { kind: 'filter', patch: { state: 'open' } },
    ]);
    const s = store.getState();
    assert.equal(s.filter.address, '127');
    assert.equal(s.filter.state, 'open');
    assert.deepEqual(s.visibleIds, [1, 3]);
    // An edit that changes nothing leaves the filter object (and the version) alone.
    const version = s.connectionsVersion;
    store.getState().applyOps([{ kind: 'filter', patch: { address: '127' } }]);
    assert.equal(store.getState().connectionsVersion, version);
    store.getState().applyOps([{ kind: 'filter', patch: { address: '', state: 'any' } }]);
    assert.equal(store.getState().visibleIds, store.getState().connectionIds);
  });
});

describe('payload search pager', () => {
  it('pages until nextAfterId is null and reports growing match sets', async () => {
    const calls: number[] = [];
    const pages = new Map([
      [0, { ids: [3], nextAfterId: 10, scannedBytes: 100 }],
      [10, { ids: [12, 15], nextAfterId: 20, scannedBytes: 100 }],
      [20, { ids: [], nextAfterId: null, scannedBytes: 50 }],
    ]);
    const reports: PayloadSearchProgress[] = [];
    await new Promise<void>((resolve) => {
      runPayloadSearch(
        async (args: CommandArgs<'findConnections'>) => {
          const afterId = args.afterId ?? 0;
          calls.push(afterId);
          const value = pages.get(afterId);
          assert.ok(value);
          return { ok: true, value };
        },
        { format: 'text', value: 'x' },
        (progress) => {
          reports.push(progress);
          if (progress.done) resolve();
        },
      );
    });
    assert.deepEqual(calls, [0, 10, 20]);
    assert.deepEqual(
      reports.map((r) => [[...r.matches], r.scannedThrough, r.done]),
      [
        [[3], 10, false],
        [[3, 12, 15], 20, false],
        [[3, 12, 15], Infinity, true],
      ],
    );
    assert.equal(reports[2]?.scannedBytes, 250);
  });

  it('stops after cancel: no further calls or reports', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reports: PayloadSearchProgress[] = [];
    const cancel = runPayloadSearch(
      async () => {
        calls++;
        await gate;
        return { ok: true, value: { ids: [1], nextAfterId: 5, scannedBytes: 1 } };
      },
      { format: 'hex', value: '00' },
      (p) => reports.push(p),
    );
    cancel();
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(calls, 1);
    assert.equal(reports.length, 0);
  });
});

describe('100,000 connections', () => {
  it('one metadata filter pass over the index (timed, printed)', () => {
    const n = 100_000;
    const map = new Map<number, ConnectionInfo>();
    const ids: number[] = [];
    for (let id = 1; id <= n; id++) {
      const c =
        id % 3 === 0
          ? closed(id, { in: bytes(id % 5000), detected: { in: 'http', out: 'http' } })
          : conn(id, { remotePort: 10_000 + (id % 50_000), in: bytes(id % 7000) });
      map.set(id, c);
      ids.push(id);
    }
    const filter: ConnectionFilter = {
      ...EMPTY_FILTER,
      address: '127.0.0.1:1',
      minBytes: 1024,
      state: 'open',
    };
    // First pass builds the cached address strings; later passes are what typing costs.
    const t0 = performance.now();
    const first = filterIds(map, ids, filter);
    const t1 = performance.now();
    const again = filterIds(map, ids, { ...filter, address: '127.0.0.1:12' });
    const t2 = performance.now();
    const byProtocol = filterIds(map, ids, { ...EMPTY_FILTER, protocol: 'http' });
    const t3 = performance.now();
    console.log(
      `# 100k filter pass: first ${(t1 - t0).toFixed(1)} ms (builds address keys), ` +
        `again ${(t2 - t1).toFixed(1)} ms, protocol only ${(t3 - t2).toFixed(1)} ms`,
    );
    const expected = ids.filter((id) => {
      const c = map.get(id);
      return (
        c !== undefined &&
        c.state !== 'closed' &&
        c.in.received >= 1024 &&
        `127.0.0.1:${c.remotePort}`.includes('127.0.0.1:1')
      );
    });
    assert.deepEqual(first, expected);
    assert.ok(again.length > 0 && again.length < first.length);
    assert.equal(byProtocol.length, Math.floor(n / 3));
  });
});
