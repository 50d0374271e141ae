// Hands the UI to the user's browser without putting a secret on a command line: a browser
// launcher's arguments (and the browser's own) are visible to every local user through `ps` and
// /proc. The launcher is given the path of a file only this user can read (0600, in a 0700
// folder), which redirects to a one-time link; the file is deleted a minute later.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEEP_FILE_MS = 60_000;

export interface LaunchFile {
  readonly path: string;
  /** Deletes the file and its folder (also done at exit). */
  readonly dispose: () => void;
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page that sends the browser on to `link`; readable by this user only. */
export function writeLaunchFile(link: string): LaunchFile {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-open-'));
  const path = join(dir, 'open-porthole.html');
  const href = escapeAttribute(link);
  const html =
    '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<meta http-equiv="refresh" content="0;url=${href}"><title>Opening Porthole…</title>` +
    `<p><a href="${href}">Open Porthole</a></p>\n`;
  writeFileSync(path, html, { mode: 0o600, flag: 'wx' });
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    process.off('exit', dispose);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', dispose);
  return { path, dispose };
}

/** The platform's "open this file with the default browser" command. */
export function launcherFor(path: string, platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [path]];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', path]];
  return ['xdg-open', [path]];
}

/** Best effort: on failure `onFailure` is told, and the printed link still works. */
export function openBrowser(link: string, onFailure: () => void): void {
  let file: LaunchFile;
  try {
    file = writeLaunchFile(link);
  } catch {
    onFailure();
    return;
  }
  setTimeout(file.dispose, KEEP_FILE_MS).unref();
  const [command, args] = launcherFor(file.path);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', onFailure);
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) onFailure();
    });
    child.unref();
  } catch {
    onFailure();
  }
}
