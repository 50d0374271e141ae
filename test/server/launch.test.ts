// Handing Porthole to a browser: one-time codes (with a clock), and the launch file that keeps
// the code off every command line — readable by this user only, redirecting to the link.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { createLaunchCodes } from '../../server/launch-codes';
import { launcherFor, writeLaunchFile } from '../../server/open-browser';

describe('launch codes', () => {
  test('each code works once; a code past its lifetime never works', () => {
    let now = 1_000;
    const codes = createLaunchCodes(() => now);
    const forever = codes.issue();
    const minute = codes.issue(60_000);
    const soon = codes.issue(60_000);
    assert.notEqual(forever, minute);
    now += 59_000;
    assert.equal(codes.redeem(minute), true);
    assert.equal(codes.redeem(minute), false);
    now += 2_000;
    assert.equal(codes.redeem(soon), false);
    now += 10 * 24 * 3600_000;
    assert.equal(codes.redeem(forever), true);
    assert.equal(codes.redeem(null), false);
    assert.equal(codes.redeem(''), false);
  });

  test('outstanding codes are bounded: the oldest unused go first', () => {
    const codes = createLaunchCodes();
    const issued = Array.from({ length: 10 }, () => codes.issue());
    assert.equal(codes.redeem(issued[0] ?? ''), false);
    assert.equal(codes.redeem(issued[1] ?? ''), false);
    for (const code of issued.slice(2)) assert.equal(codes.redeem(code), true);
  });
});

describe('launch file', () => {
  const link = 'http://127.0.0.1:4321/#code=abcDEF_-123';

  test('only this user can read it; it redirects to the link, which no launcher argument holds', () => {
    const file = writeLaunchFile(link);
    try {
      if (process.platform !== 'win32') {
        assert.equal(statSync(file.path).mode & 0o777, 0o600);
        assert.equal(statSync(dirname(file.path)).mode & 0o777, 0o700);
      }
      const html = readFileSync(file.path, 'utf8');
      assert.ok(html.includes(`<meta http-equiv="refresh" content="0;url=${link}">`), html);
      assert.ok(html.includes('content="no-referrer"'));
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        const [command, args] = launcherFor(file.path, platform);
        assert.ok(![command, ...args].some((a) => a.includes('code=')), platform);
        assert.ok(args.includes(file.path), platform);
      }
    } finally {
      file.dispose();
    }
    assert.equal(existsSync(file.path), false);
    assert.equal(existsSync(dirname(file.path)), false);
  });

  test('text in the link cannot break out of the attribute', () => {
    const file = writeLaunchFile('http://127.0.0.1:1/#code="><script>x</script>');
    try {
      const html = readFileSync(file.path, 'utf8');
      assert.ok(!html.includes('<script>'), html);
      assert.ok(html.includes('#code=&quot;'), html);
    } finally {
      file.dispose();
    }
  });
});
