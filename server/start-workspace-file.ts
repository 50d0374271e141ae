// `porthole serve --workspace FILE`: the file is read and checked before anything starts, so a
// script that brings up its fake services learns at once (exit code 2) which file and which
// field is wrong, instead of finding half of its ports missing later.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseWorkspace, type Workspace } from '../shared/workspace';

/** Far above any real workspace; a bound on what is read into memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type StartWorkspace =
  | { readonly ok: true; readonly workspace: Workspace }
  | { readonly ok: false; readonly message: string };

export function readStartWorkspace(file: string): StartWorkspace {
  const path = resolve(file);
  const refuse = (why: string): StartWorkspace => ({
    ok: false,
    message:
      `The workspace file ${path} cannot be used: ${why}.\n` +
      'Nothing was started. Fix the file (export a workspace from Porthole to see the expected shape), or leave --workspace out.',
  });
  let text: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return refuse(`larger than ${MAX_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT') return refuse('there is no such file');
    if (code === 'EISDIR') return refuse('it is a folder, not a file');
    return refuse(`it cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  let raw: unknown;
  try {
    // Hand-edited files from some editors start with a byte order mark.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return refuse(
      `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = parseWorkspace(raw);
  return parsed.ok ? parsed : refuse(parsed.problem);
}
