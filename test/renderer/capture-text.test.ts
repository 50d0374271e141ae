// What the Captures view and the banner say about a capture, and the retention size field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CAPTURE_SETTINGS } from '../../shared/model';
import {
  captureTitle,
  deleteText,
  endedText,
  expiringNote,
  formatGiB,
  parseGiB,
  viewingText,
} from '../../renderer/src/features/captures/capture-text';
import { retentionVictims } from '../../renderer/src/features/captures/retention';
import { formatWhen } from '../../renderer/src/lib/format-when';
import { captureSummary } from './support/fixtures';

const at = (h: number, m: number, day = 7) => new Date(2026, 11, day, h, m, 5).getTime();

describe('formatWhen', () => {
  it('names today and yesterday, and dates anything older', () => {
    const now = at(15, 0);
    assert.equal(formatWhen(at(9, 3), now), 'today at 09:03');
    assert.equal(formatWhen(at(23, 59, 6), now), 'yesterday at 23:59');
    assert.equal(formatWhen(at(8, 0, 1), now), '2026-12-01 at 08:00');
  });
});

describe('capture texts', () => {
  const started = at(9, 30);
  const c = captureSummary('c1', { startedAt: started, endedAt: at(10, 0) });

  it('calls a capture by its name, else by when it started', () => {
    assert.equal(captureTitle({ ...c, name: 'login flow' }), 'login flow');
    assert.equal(captureTitle(c), '2026-12-07 09:30:05');
    assert.equal(captureTitle({ ...c, name: '' }), '2026-12-07 09:30:05');
  });

  it('says how a capture ended, or why it has no end', () => {
    const now = at(12, 0);
    assert.equal(endedText({ ...c, current: true, endedAt: null }, now), 'recording');
    assert.equal(
      endedText({ ...c, interrupted: true, endedAt: null }, now),
      'interrupted (Porthole stopped)',
    );
    assert.equal(endedText({ ...c, endedAt: null }, now), 'finishing');
    assert.equal(endedText(c, now), 'today at 10:00');
  });

  it('says exactly what a delete takes, and that it is for good', () => {
    assert.equal(
      deleteText({ ...c, name: 'checkout', connections: 12, fileBytes: 3 * 1024 * 1024 }),
      'This deletes the capture checkout: 12 connections and 3.0 MiB on disk. It cannot be undone.',
    );
    assert.match(deleteText({ ...c, connections: 1 }), /: 1 connection and /);
  });

  it('says what retention keeps before it deletes', () => {
    assert.equal(
      expiringNote({ ...DEFAULT_CAPTURE_SETTINGS, keepCaptures: 5 }),
      'will be deleted when the next capture starts (keeps the last 5 / 20 GiB)',
    );
  });

  it('names the capture on screen in the banner', () => {
    const now = at(12, 0);
    assert.equal(
      viewingText({ ...c, name: 'checkout' }, now),
      'Viewing capture checkout, started today at 09:30 — read-only',
    );
    assert.equal(viewingText(c, now), 'Viewing the capture started today at 09:30 — read-only');
  });

  it('reads and writes the retention size in GiB, never below the contract’s 1 MiB', () => {
    assert.equal(formatGiB(20 * 1024 ** 3), '20 GiB');
    assert.equal(formatGiB(1.5 * 1024 ** 3), '1.5 GiB');
    assert.equal(parseGiB(' 2.5 '), 2.5 * 1024 ** 3);
    assert.equal(parseGiB('0.001'), Math.round(0.001 * 1024 ** 3));
    assert.equal(parseGiB('0.0000001'), null);
    for (const bad of ['', '0', '-1', 'ten', 'Infinity']) assert.equal(parseGiB(bad), null, bad);
  });
});

describe('retentionVictims (what saving settings would delete)', () => {
  const mib = 1024 * 1024;
  const list = [
    captureSummary('c4', { current: true, endedAt: null, fileBytes: mib }),
    captureSummary('c3', { endedAt: null, fileBytes: mib }),
    captureSummary('c2', { fileBytes: 5 * mib }),
    captureSummary('c1', { interrupted: true, endedAt: null, fileBytes: mib }),
  ];
  const ids = (keepCaptures: number, keepBytes: number, startingNext = false) =>
    retentionVictims(list, { keepCaptures, keepBytes }, startingNext).map((c) => c.id);

  it('deletes the oldest first, down to the count kept', () => {
    assert.deepEqual(ids(4, 100 * mib), []);
    assert.deepEqual(ids(3, 100 * mib), ['c1']);
    assert.deepEqual(ids(3, 100 * mib, true), ['c1', 'c2']);
  });

  it('never deletes a capture still being written, even past the limits', () => {
    assert.deepEqual(ids(1, 100 * mib), ['c1', 'c2']);
  });

  it('deletes down to the bytes kept', () => {
    assert.deepEqual(ids(20, 3 * mib), ['c1', 'c2']);
    assert.deepEqual(ids(20, 7 * mib), ['c1']);
  });
});
