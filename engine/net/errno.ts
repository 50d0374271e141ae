// The errno codes Node attaches to system errors, and what they mean in words.

import { getSystemErrorMap } from 'node:util';

/** The errno code Node attaches to system errors ('EADDRINUSE'), if there is one. */
export function errnoCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

let meanings: Map<string, string> | null = null;

/** libuv's own wording for a code ("connection timed out"), or null for codes it does not know. */
function errnoMeaning(code: string): string | null {
  if (meanings === null) {
    meanings = new Map();
    for (const [name, message] of getSystemErrorMap().values()) meanings.set(name, message);
  }
  return meanings.get(code) ?? null;
}

/** "ETIMEDOUT, connection timed out": the code people search for, and what it means. */
export function describeErrno(code: string): string {
  const meaning = errnoMeaning(code);
  return meaning === null ? code : `${code}, ${meaning}`;
}
