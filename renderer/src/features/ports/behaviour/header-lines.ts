// HTTP response headers as a person types them: one "Name: value" per line. Parsed here so a bad
// line is pointed out as it is typed, with its line number, before anything is sent.

import { HEADER_NAME } from '../../../../../shared/behaviours';

type HeaderPair = readonly [name: string, value: string];

export type HeaderParse =
  | { readonly ok: true; readonly headers: readonly HeaderPair[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

// The engine checks the same rule (HEADER_NAME, RFC 9110 token characters); checking here too
// lets the form name the line instead of the whole field.

/** The limits the contract enforces, so the form refuses what the engine would. */
const MAX_HEADERS = 100;
const MAX_NAME = 256;
const MAX_VALUE = 8192;

function bad(line: number, message: string): HeaderParse {
  return { ok: false, line, message: `Line ${line}: ${message}` };
}

/** Blank lines are skipped; whitespace around the name and the value is trimmed. */
export function parseHeaderLines(text: string): HeaderParse {
  const headers: HeaderPair[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const n = i + 1;
    if (raw.trim() === '') continue;
    // Obsolete line folding would silently glue two lines into one value; refuse it instead.
    if (/^[ \t]/.test(raw)) return bad(n, 'starts with a space; write each header on one line.');
    const colon = raw.indexOf(':');
    if (colon < 0) return bad(n, 'no colon; write it as Name: value.');
    const name = raw.slice(0, colon).trim();
    const value = raw.slice(colon + 1).trim();
    if (name === '') return bad(n, 'the header name before the colon is missing.');
    if (!HEADER_NAME.test(name)) {
      return bad(
        n,
        `"${name}" is not a valid header name (letters, digits and - only, no spaces).`,
      );
    }
    if (name.length > MAX_NAME) return bad(n, `the name is longer than ${MAX_NAME} characters.`);
    if (value.length > MAX_VALUE)
      return bad(n, `the value is longer than ${MAX_VALUE} characters.`);
    if (value.includes('\0')) return bad(n, 'the value contains a NUL character.');
    headers.push([name, value]);
    if (headers.length > MAX_HEADERS) return bad(n, `more than ${MAX_HEADERS} headers.`);
  }
  return { ok: true, headers };
}

export function formatHeaderLines(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}
