// The remembered ports on disk: `<data folder>/workspace.json`, in the workspace file format.
// Read once at start (synchronously, so the first listListeners already has them); written
// atomically (a private temp file in the same folder, then rename), so a crash mid-write leaves
// the previous file whole. A file that cannot be used is set aside under a new name, never
// overwritten: it may be the only copy of a setup someone built by hand.

import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkspace, type Workspace } from '../../shared/workspace';
import { writeFileAtomically } from '../persist/atomic-file';
import { ensurePrivateDir } from '../persist/data-dir';

export const WORKSPACE_FILE_NAME = 'workspace.json';
/** Far above any real workspace (1,000 ports with large replies); a bound on what is read. */
const MAX_WORKSPACE_FILE_BYTES = 64 * 1024 * 1024;

export type RememberedLoad =
  | { readonly kind: 'none' }
  | { readonly kind: 'loaded'; readonly workspace: Workspace }
  /** `movedTo` null: it could not even be renamed, so it must not be written over either. */
  | { readonly kind: 'set-aside'; readonly problem: string; readonly movedTo: string | null };

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parse a workspace file's text: the workspace, or what is wrong with it. */
function parseWorkspaceText(
  text: string,
): { ok: true; workspace: Workspace } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    // Hand-edited files from some editors start with a byte order mark.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${describe(error)})` };
  }
  return parseWorkspace(raw);
}

/** The remembered ports in `dataDir`; never throws. */
export function loadRememberedPorts(dataDir: string, at = new Date()): RememberedLoad {
  const file = join(dataDir, WORKSPACE_FILE_NAME);
  let problem: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      problem = 'not a file';
    } else if (stats.size > MAX_WORKSPACE_FILE_BYTES) {
      problem = `larger than ${MAX_WORKSPACE_FILE_BYTES} bytes`;
    } else {
      const parsed = parseWorkspaceText(readFileSync(file, 'utf8'));
      if (parsed.ok) return { kind: 'loaded', workspace: parsed.workspace };
      problem = parsed.problem;
    }
  } catch (error) {
    // No file (or no data folder yet): nothing was remembered.
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
    problem = `unreadable (${describe(error)})`;
  }
  return { kind: 'set-aside', problem, movedTo: setAside(file, at) };
}

/** Rename `file` to `<file>.invalid-<timestamp>` (never replacing another); null if it can't. */
function setAside(file: string, at: Date): string | null {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; n < 100; n++) {
    const target = `${file}.invalid-${stamp}${n === 0 ? '' : `-${n}`}`;
    if (existsSync(target)) continue;
    try {
      renameSync(file, target);
      return target;
    } catch {
      return null;
    }
  }
  return null;
}

/** The file's text: indented, because people read, diff and hand-edit workspace files. */
function workspaceText(workspace: Workspace): string {
  return `${JSON.stringify(workspace, null, 2)}\n`;
}

/** Replace `<dataDir>/workspace.json` with `workspace`, all or nothing (rejects on failure). */
export async function writeRememberedPorts(dataDir: string, workspace: Workspace): Promise<void> {
  await ensurePrivateDir(dataDir);
  await writeFileAtomically(join(dataDir, WORKSPACE_FILE_NAME), workspaceText(workspace));
}
