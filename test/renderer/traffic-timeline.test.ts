// The timeline's pure parts: time ↔ pixel scale, row packing, the incremental index (new,
// closing and removed connections), visible ranges and hit testing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionInfo } from '../../shared/model';
import {
  barStateOf,
  BAR_STATES,
  thicknessOf,
} from '../../renderer/src/features/traffic/timeline/bar-state';
import { packRgb } from '../../renderer/src/features/traffic/palette';
import { fromRgb } from '../../renderer/src/features/traffic/timeline/timeline-palette';
import { LanePacker } from '../../renderer/src/features/traffic/timeline/lane-packing';
import { TimelineIndex } from '../../renderer/src/features/traffic/timeline/timeline-index';
import {
  barAt,
  LANE_GAP,
  LANE_HEADER,
  layoutLanes,
  ROW_PITCH,
  rowAt,
  visibleRange,
} from '../../renderer/src/features/traffic/timeline/timeline-layout';
import {
  fitRange,
  panBy,
  tickStep,
  ticks,
  timeToX,
  xToTime,
  zoomAt,
} from '../../renderer/src/features/traffic/time-scale';
import { closed, conn } from './support/fixtures';

function mapOf(list: readonly ConnectionInfo[]): Map<number, ConnectionInfo> {
  return new Map(list.map((c) => [c.id, c]));
}

describe('time scale', () => {
  it('maps time to pixels and back', () => {
    const s = { start: 1000, msPerPx: 2 };
    assert.equal(timeToX(s, 1100), 50);
    assert.equal(xToTime(s, 50), 1100);
  });

  it('zooms around the pointer, keeping the time under it in place', () => {
    const s = { start: 0, msPerPx: 10 };
    const z = zoomAt(s, 200, 4);
    assert.equal(z.msPerPx, 2.5);
    assert.equal(xToTime(z, 200), xToTime(s, 200));
    const back = zoomAt(z, 200, 1 / 4);
    assert.ok(Math.abs(back.start - s.start) < 1e-9);
  });

  it('pans by pixels and fits a range with margins', () => {
    assert.deepEqual(panBy({ start: 0, msPerPx: 3 }, 10), { start: 30, msPerPx: 3 });
    const f = fitRange(1000, 2000, 116, 8);
    assert.equal(f.msPerPx, 10);
    assert.equal(timeToX(f, 1000), 8);
    assert.equal(timeToX(f, 2000), 108);
  });

  it('puts ticks on round steps at least the asked distance apart', () => {
    const step = tickStep(12, 80);
    assert.equal(step, 1000);
    assert.deepEqual(ticks(1500, 4200, 1000), [2000, 3000, 4000]);
  });
});

describe('lane packing', () => {
  it('stacks concurrent connections and reuses rows once free (first fit)', () => {
    const p = new LanePacker();
    assert.equal(p.place(0, 10), 0);
    assert.equal(p.place(5, 20), 1);
    assert.equal(p.place(6, Infinity), 2);
    assert.equal(p.place(10, 12), 0, 'row 0 is free from 10');
    assert.equal(p.place(11, 30), 3, 'rows 0..2 busy at 11');
    assert.equal(p.place(12, 40), 0);
    p.setEnd(2, 15);
    assert.equal(p.place(16, 17), 2, 'the lowest free row wins');
    assert.equal(p.rowCount, 4);
  });

  it('places thousands of open connections in as many rows', () => {
    const p = new LanePacker();
    for (let i = 0; i < 5000; i++) assert.equal(p.place(i, Infinity), i);
    p.setEnd(1234, 5000);
    assert.equal(p.place(6000, 6001), 1234);
  });
});

describe('bar state and thickness', () => {
  it('tells open, half-closed, closed, reset and error apart', () => {
    const names = [
      conn(1),
      conn(2, { state: 'half-closed' }),
      closed(3),
      closed(4, { endReason: 'client-reset' }),
      closed(5, { endReason: 'upstream-failed' }),
    ].map((c) => BAR_STATES[barStateOf(c)]);
    assert.deepEqual(names, ['open', 'half-closed', 'closed', 'reset', 'error']);
  });

  it('grows with bytes on a log scale, within the row', () => {
    assert.equal(thicknessOf(0), 0.3);
    assert.ok(thicknessOf(1024) < thicknessOf(1024 * 1024));
    assert.ok(thicknessOf(2 ** 40) <= 1);
  });
});

describe('timeline palette', () => {
  it('packs colours for a little-endian view of ImageData, with a darker start edge', () => {
    assert.equal(packRgb({ r: 1, g: 2, b: 3 }), 0xff030201);
    const rgb = (r: number, g: number, b: number) => ({ r, g, b });
    const white = rgb(255, 255, 255);
    const p = fromRgb(white, white, rgb(0, 0, 0), white, white, white, [rgb(200, 100, 0)]);
    assert.equal(p.states[0], packRgb(rgb(200, 100, 0)));
    assert.equal(p.edges[0], packRgb(rgb(110, 55, 0)));
    assert.equal(p.css.states[0], 'rgb(200 100 0)');
  });
});

describe('timeline index', () => {
  it('appends new connections, lanes per port, rows per overlap', () => {
    const index = new TimelineIndex();
    const list = [
      closed(1, { openedAt: 0, closedAt: 10 }),
      closed(2, { openedAt: 5, closedAt: 8 }),
      conn(3, { openedAt: 9, listenerId: 'L2' }),
      closed(4, { openedAt: 11, closedAt: 12 }),
    ];
    index.sync(
      mapOf(list),
      list.map((c) => c.id),
    );
    assert.equal(index.live, 4);
    assert.deepEqual([...index.row.subarray(0, 4)], [0, 1, 0, 0]);
    assert.deepEqual([...index.lane.subarray(0, 4)], [0, 0, 1, 0]);
    assert.equal(index.openCount, 1);
  });

  it('updates only what changed: a connection closing frees its row', () => {
    const index = new TimelineIndex();
    const a = conn(1, { openedAt: 0 });
    index.sync(mapOf([a]), [1]);
    const b = conn(2, { openedAt: 5 });
    index.sync(mapOf([a, b]), [1, 2]);
    assert.equal(index.row[1], 1, 'row 0 is held by the open #1');
    const aClosed = closed(1, { openedAt: 0, closedAt: 6, endReason: 'client-reset' });
    const c = closed(3, { openedAt: 7, closedAt: 8 });
    index.sync(mapOf([aClosed, b, c]), [1, 2, 3]);
    assert.equal(index.end[0], 6);
    assert.equal(BAR_STATES[index.state[0] ?? 0], 'reset');
    assert.equal(index.row[2], 0, '#3 reuses the row #1 left');
    assert.equal(index.openCount, 1);
  });

  it('leaves holes for removed connections and forgets everything on reset', () => {
    const index = new TimelineIndex();
    const list = [closed(1), closed(2), closed(3)];
    index.sync(mapOf(list), [1, 2, 3]);
    index.sync(mapOf([list[2] as ConnectionInfo]), [3]);
    assert.equal(index.live, 1);
    assert.equal(index.indexOf(1), undefined);
    assert.equal(index.indexOf(3), 2);
    index.sync(new Map(), []);
    assert.equal(index.live, 0);
    assert.equal(index.count, 0);
  });

  it('indexes a large history in slices, never all in one frame', () => {
    const index = new TimelineIndex();
    const list = Array.from({ length: 5 }, (_, i) => closed(i + 1));
    const map = mapOf(list);
    const ids = list.map((c) => c.id);
    assert.equal(index.sync(map, ids, 2), true);
    assert.equal(index.live, 2);
    assert.equal(index.sync(map, ids, 2), true);
    assert.equal(index.sync(map, ids, 2), false);
    assert.equal(index.live, 5);
  });

  it('compacts once most of the index is holes', () => {
    const index = new TimelineIndex();
    const list = Array.from({ length: 3000 }, (_, i) =>
      closed(i + 1, { openedAt: i, closedAt: i + 0.5 }),
    );
    index.sync(
      mapOf(list),
      list.map((c) => c.id),
    );
    const kept = list.slice(2500);
    index.sync(
      mapOf(kept),
      kept.map((c) => c.id),
    );
    assert.equal(index.count, 500, 'rebuilt without holes');
    assert.equal(index.indexOf(2501), 0);
  });
});

describe('layout, visible ranges and hit testing', () => {
  const index = new TimelineIndex();
  const list = [
    closed(1, { openedAt: 0, closedAt: 100 }),
    closed(2, { openedAt: 50, closedAt: 60 }),
    closed(3, { openedAt: 200, closedAt: 300 }),
    closed(4, { openedAt: 400, closedAt: 401 }),
    closed(5, { openedAt: 0, closedAt: 1000, listenerId: 'L2' }),
  ];
  index.sync(
    mapOf(list),
    list.map((c) => c.id),
  );

  it('stacks lanes in the ports panel order', () => {
    const layout = layoutLanes(index, ['L2', 'L1']);
    assert.deepEqual(
      layout.lanes.map((l) => [index.lanes[l.lane]?.key, l.top, l.rows]),
      [
        ['L2', 0, 1],
        ['L1', LANE_HEADER + ROW_PITCH + LANE_GAP, 2],
      ],
    );
    const second = LANE_HEADER + ROW_PITCH + LANE_GAP;
    assert.equal(rowAt(layout, 2), null, 'a label band is no row');
    assert.deepEqual(rowAt(layout, second + LANE_HEADER + ROW_PITCH + 1), { lane: 0, row: 1 });
  });

  it('finds the bars of a row in a time range by binary search', () => {
    const row0 = index.lanes[0]?.rows[0] ?? [];
    assert.deepEqual(
      row0.map((i) => index.ids[i]),
      [1, 3, 4],
    );
    assert.deepEqual(visibleRange(index, row0, 150, 250), [1, 2]);
    assert.deepEqual(visibleRange(index, row0, 101, 199), [1, 1], 'nothing between #1 and #3');
    assert.deepEqual(visibleRange(index, row0, 0, 1000), [0, 3]);
  });

  it('hits the bar under the pointer, or a thin one within the slack', () => {
    const row0 = index.lanes[0]?.rows[0] ?? [];
    const id = (i: number) => (i < 0 ? null : index.ids[i]);
    assert.equal(id(barAt(index, row0, 250, 0, 5000)), 3);
    assert.equal(id(barAt(index, row0, 150, 0, 5000)), null);
    assert.equal(id(barAt(index, row0, 404, 5, 5000)), 4, 'a 1 ms bar within 5 ms of slack');
    assert.equal(id(barAt(index, row0, 350, 30, 5000)), null);
  });
});
