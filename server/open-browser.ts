// Hands the UI to the user's browser. The URL given here carries a one-time launch code, not the
// token: a browser launcher's command line is visible to every local user.

import { spawn } from 'node:child_process';

function launcher(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/** Best effort: on failure `onFailure` is told, and the printed URL still works. */
export function openBrowser(url: string, onFailure: () => void): void {
  const [command, args] = launcher(url);
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
