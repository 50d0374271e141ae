// Who may call the engine over IPC: only the top frame of Porthole's own window, showing
// Porthole's own page. Pure (no electron import) so node tests can prove it refuses strangers.

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  readonly frameUrl: string;
  /** True only for the top-level frame of its WebContents. */
  readonly isMainFrame: boolean;
  readonly webContentsId: number;
}

export interface ExpectedSender {
  /** The main window's WebContents id. */
  readonly webContentsId: number;
  /** file:// URL of the bundled index.html. */
  readonly indexUrl: string;
}

export function isTrustedSender(
  sender: SenderInfo | null,
  expected: ExpectedSender | null,
): boolean {
  if (!sender || !expected) return false;
  if (!sender.isMainFrame) return false;
  if (sender.webContentsId !== expected.webContentsId) return false;
  return sameFileDocument(sender.frameUrl, expected.indexUrl);
}

/**
 * Same file:// document, ignoring only the #fragment (in-page state). Paths are compared
 * decoded segment by segment (encoded separators are refused), and a Windows drive letter case-insensitively, because Chromium and Node may spell
 * the same path differently.
 */
export function sameFileDocument(actual: string, expected: string): boolean {
  const a = parseFileUrl(actual);
  const b = parseFileUrl(expected);
  return a !== null && b !== null && a.path === b.path && a.search === b.search;
}

function parseFileUrl(raw: string): { path: string; search: string } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'file:' || url.host !== '') return null;
  let segments: string[];
  try {
    segments = url.pathname.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  // An encoded separator would let one path pose as another.
  if (segments.some((segment) => /[/\\]/.test(segment))) return null;
  let path = segments.join('/');
  path = path.replace(/^\/([a-zA-Z]):\//, (_m, drive: string) => `/${drive.toLowerCase()}:/`);
  return { path, search: url.search };
}
