// Where the desktop window reopens, proven without Electron: saved bounds are kept while they
// are on a display, pulled inside its work area when they stick out, and centred on the
// primary display when their display is gone.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  parseWindowState,
  placeWindow,
  readWindowState,
  writeWindowState,
  type WindowState,
} from '../../electron/main/window-state';

// A 1920×1080 primary with a 25 px menu bar, and a 2560×1440 monitor to its right.
const primary = { x: 0, y: 25, width: 1920, height: 1055 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };
const displays = [primary, right];
const saved = (s: Partial<WindowState>): WindowState => ({
  x: 100,
  y: 100,
  width: 1280,
  height: 800,
  maximized: false,
  ...s,
});

describe('placeWindow', () => {
  test('first start: the default size, centred on the primary display', () => {
    assert.deepEqual(placeWindow(null, displays, primary), {
      x: 320,
      y: 153,
      width: 1280,
      height: 800,
      maximized: false,
    });
  });

  test('keeps a window that is on a display where it was, maximised or not', () => {
    assert.deepEqual(placeWindow(saved({}), displays, primary), saved({}));
    const onRight = saved({ x: 2400, y: 200, width: 1600, height: 1000, maximized: true });
    assert.deepEqual(placeWindow(onRight, displays, primary), onRight);
  });

  test('pulls a window that sticks out back inside the work area it is mostly on', () => {
    // Off the bottom-right corner of the right-hand monitor.
    const placed = placeWindow(saved({ x: 4000, y: 1000 }), displays, primary);
    assert.deepEqual(placed, saved({ x: 4480 - 1280, y: 1400 - 800 }));
    // Above the primary's menu bar: moved down below it.
    assert.equal(placeWindow(saved({ y: 0, x: 50 }), [primary], primary).y, 25);
  });

  test('centres on the primary display when the saved display is gone', () => {
    const gone = saved({ x: 2400, y: 200 });
    assert.deepEqual(placeWindow(gone, [primary], primary), {
      x: 320,
      y: 153,
      width: 1280,
      height: 800,
      maximized: false,
    });
    // A sliver on screen (less than a title bar's worth) counts as gone too.
    assert.equal(placeWindow(saved({ x: 1900 }), [primary], primary).x, 320);
  });

  test('never larger than the work area, never smaller than the window minimum', () => {
    const small = { x: 0, y: 0, width: 1024, height: 640 };
    assert.deepEqual(
      placeWindow(saved({ x: 0, y: 0, width: 3000, height: 2000 }), [small], small),
      {
        x: 0,
        y: 0,
        width: 1024,
        height: 640,
        maximized: false,
      },
    );
    const tiny = placeWindow(saved({ width: 200, height: 100 }), displays, primary);
    assert.equal(tiny.width, 720);
    assert.equal(tiny.height, 480);
  });
});

describe('window state file', () => {
  test('round-trips, and a damaged or missing file means "no saved state"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-window-'));
    try {
      const file = join(dir, 'window-state.json');
      assert.equal(readWindowState(file), null);
      writeWindowState(file, saved({ maximized: true }));
      assert.deepEqual(readWindowState(file), saved({ maximized: true }));
      assert.match(readFileSync(file, 'utf8'), /"maximized":true/);
      writeFileSync(file, '{"x":1,');
      assert.equal(readWindowState(file), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(parseWindowState('{"x":1,"y":2,"width":0,"height":3}'), null);
    assert.equal(parseWindowState('[1,2]'), null);
    assert.equal(parseWindowState('{"x":"1","y":2,"width":3,"height":3}'), null);
  });
});
