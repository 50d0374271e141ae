// The layout the window remembers: a damaged localStorage entry costs only what is damaged,
// pane sizes are kept per window size class, and column changes keep every column exactly once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  withColumnMoved,
  withColumnShown,
  withColumnWidth,
  withDefaultWidth,
} from '../../renderer/src/features/connections/column-layout';
import {
  COLUMNS,
  gridGeometry,
  MAX_COLUMN_WIDTH,
  shownColumns,
} from '../../renderer/src/features/connections/grid-columns';
import { splitterKey } from '../../renderer/src/components/splitter/splitter-keys';
import {
  DEFAULT_COLUMNS,
  DEFAULT_LAYOUT,
  DEFAULT_PANES,
  parseLayout,
  sizeClassOf,
} from '../../renderer/src/store/layout-model';
import { freshStore } from './support/fixtures';

const keys = (layout = DEFAULT_COLUMNS) => shownColumns(layout).map((c) => c.key);

describe('layout model', () => {
  test('size classes: narrow below 1100 px, wide from 1800 px', () => {
    assert.equal(sizeClassOf(720), 'narrow');
    assert.equal(sizeClassOf(1099), 'narrow');
    assert.equal(sizeClassOf(1100), 'normal');
    assert.equal(sizeClassOf(1799), 'normal');
    assert.equal(sizeClassOf(1800), 'wide');
  });

  test('parseLayout keeps what is valid and drops the rest', () => {
    assert.deepEqual(parseLayout(null), DEFAULT_LAYOUT);
    assert.deepEqual(parseLayout('not json'), DEFAULT_LAYOUT);
    assert.deepEqual(parseLayout('[]'), DEFAULT_LAYOUT);
    const parsed = parseLayout(
      JSON.stringify({
        panes: { narrow: { side: 240, grid: 0.5 }, wide: { side: -1, grid: 0.5 }, odd: {} },
        columns: { order: ['state', 3], hidden: ['client'], widths: { state: 300, in: 'x' } },
        portFormOpen: false,
        trafficOpen: 'yes',
      }),
    );
    assert.deepEqual(parsed, {
      panes: { narrow: { side: 240, grid: 0.5 } },
      columns: { order: ['state'], hidden: ['client'], widths: { state: 300 } },
      portFormOpen: false,
      trafficOpen: false,
    });
    assert.equal(parseLayout(JSON.stringify({ trafficOpen: true })).trafficOpen, true);
  });
});

describe('layout slice', () => {
  test('pane sizes are kept per size class; reset forgets them and the columns', () => {
    const store = freshStore();
    const s = () => store.getState();
    s().setSizeClass('narrow');
    s().setPaneSizes({ side: 280 });
    assert.deepEqual(s().layout.panes.narrow, { side: 280, grid: DEFAULT_PANES.narrow.grid });
    s().setSizeClass('wide');
    s().setPaneSizes({ grid: 0.6 });
    assert.deepEqual(s().layout.panes.wide, { side: DEFAULT_PANES.wide.side, grid: 0.6 });
    assert.deepEqual(s().layout.panes.narrow, { side: 280, grid: DEFAULT_PANES.narrow.grid });
    s().setColumns(withColumnShown(DEFAULT_COLUMNS, 'client', false));
    s().setPortFormOpen(false);
    s().resetLayout();
    assert.deepEqual(s().layout, DEFAULT_LAYOUT);
  });
});

describe('grid columns', () => {
  test('hiding, moving and resizing keep every column once, pinned ones first', () => {
    let layout = withColumnShown(DEFAULT_COLUMNS, 'client', false);
    assert.ok(!keys(layout).includes('client'));
    // Pinned columns cannot be hidden or moved.
    assert.equal(withColumnShown(layout, 'id', false), layout);
    assert.equal(withColumnMoved(layout, 'port', 1), layout);
    layout = withColumnMoved(layout, 'state', -100);
    assert.deepEqual(keys(layout).slice(0, 3), ['id', 'port', 'state']);
    layout = withColumnMoved(layout, 'proto', 1);
    assert.deepEqual(keys(layout).slice(0, 5), ['id', 'port', 'state', 'detected', 'proto']);
    layout = withColumnShown(layout, 'client', true);
    assert.equal(new Set(keys(layout)).size, COLUMNS.length);
    layout = withColumnWidth(layout, 'state', 5);
    assert.equal(shownColumns(layout).find((c) => c.key === 'state')?.size, 80);
    layout = withColumnWidth(layout, 'state', 10_000);
    assert.equal(shownColumns(layout).find((c) => c.key === 'state')?.size, MAX_COLUMN_WIDTH);
    layout = withDefaultWidth(layout, 'state');
    assert.equal(shownColumns(layout).find((c) => c.key === 'state')?.size, 160);
  });

  test('saved keys the grid no longer has are ignored; new columns appear', () => {
    const layout = { order: ['gone', 'state'], hidden: ['gone'], widths: { gone: 50 } };
    assert.deepEqual(keys(layout).slice(0, 3), ['id', 'port', 'state']);
    assert.equal(keys(layout).length, COLUMNS.length);
  });

  test('geometry: fixed tracks, the last one filling, the total for sideways scrolling', () => {
    const columns = shownColumns(withColumnShown(DEFAULT_COLUMNS, 'client', false));
    const { template, width, portLeft } = gridGeometry(columns);
    assert.match(template, /^48px 58px .* minmax\(160px, 1fr\)$/);
    assert.equal(
      width,
      columns.reduce((sum, c) => sum + c.size, 8),
    );
    assert.equal(portLeft, 48);
  });
});

describe('splitter keys', () => {
  const range = { value: 300, min: 200, max: 600, step: 16, bigStep: 64 };
  test('arrows along the axis move by a step, Shift by a bigger one, within the limits', () => {
    assert.deepEqual(splitterKey('ArrowRight', false, 'vertical', range), {
      kind: 'set',
      value: 316,
    });
    assert.deepEqual(splitterKey('ArrowLeft', true, 'vertical', range), {
      kind: 'set',
      value: 236,
    });
    assert.deepEqual(splitterKey('ArrowDown', false, 'horizontal', range), {
      kind: 'set',
      value: 316,
    });
    assert.equal(splitterKey('ArrowDown', false, 'vertical', range), undefined);
    assert.deepEqual(splitterKey('ArrowLeft', true, 'vertical', { ...range, value: 210 }), {
      kind: 'set',
      value: 200,
    });
  });

  test('Home and End go to the limits; Enter resets', () => {
    assert.deepEqual(splitterKey('Home', false, 'vertical', range), { kind: 'set', value: 200 });
    assert.deepEqual(splitterKey('End', false, 'horizontal', range), { kind: 'set', value: 600 });
    assert.deepEqual(splitterKey('Enter', false, 'vertical', range), { kind: 'reset' });
    assert.equal(splitterKey('a', false, 'vertical', range), undefined);
  });
});
