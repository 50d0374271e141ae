// The capture limits as the form shows them (byte caps in MiB, history as a count) and the
// checks a typed value must pass before it is sent to the engine.
import type { CaptureLimits } from '../../../../shared/model';

const MIB = 1024 * 1024;
const MAX_MIB = Math.floor(Number.MAX_SAFE_INTEGER / MIB);

export type LimitField = keyof CaptureLimits;

export type Parsed =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/** 67108864 → "64", 1572864 → "1.5"; up to six decimals, trailing zeros dropped. */
export function formatMiB(bytes: number): string {
  return String(Number((bytes / MIB).toFixed(6)));
}

/** "64", "0.5", " 1,024 " → bytes; anything else → a message saying what to type. */
export function parseMiB(text: string): Parsed {
  const t = text.trim().replace(/[_,\s]/g, '');
  const bad = {
    ok: false,
    message: 'Enter a size in MiB greater than 0, e.g. 64 or 0.5.',
  } as const;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(t)) return bad;
  const mib = Number(t);
  if (!(mib > 0)) return bad;
  if (mib > MAX_MIB) return { ok: false, message: `Enter at most ${MAX_MIB} MiB.` };
  const bytes = Math.round(mib * MIB);
  return bytes >= 1 ? { ok: true, value: bytes } : bad;
}

/** "200000", "200,000" → 200000; a whole number of connections, at least 1. */
export function parseCount(text: string): Parsed {
  const t = text.trim().replace(/[_,\s]/g, '');
  const value = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(value) || value < 1) {
    return { ok: false, message: 'Enter a whole number of connections, 1 or more.' };
  }
  return { ok: true, value };
}

function formatLimit(field: LimitField, value: number): string {
  return field === 'maxConnections' ? String(value) : formatMiB(value);
}

function parseLimit(field: LimitField, text: string): Parsed {
  return field === 'maxConnections' ? parseCount(text) : parseMiB(text);
}

export type LimitDrafts = Partial<Record<LimitField, string>>;
export type LimitErrors = Partial<Record<LimitField, string>>;

const LIMIT_FIELDS: readonly LimitField[] = ['perConnectionBytes', 'totalBytes', 'maxConnections'];

/** What a field shows: the user's edit, else the engine's current value, else nothing. */
export function limitText(
  field: LimitField,
  drafts: LimitDrafts,
  current: CaptureLimits | null,
): string {
  return drafts[field] ?? (current ? formatLimit(field, current[field]) : '');
}

/**
 * Check every field; on success, the edited fields whose value differs from `current`, so an
 * untouched field never overwrites a value changed elsewhere meanwhile.
 */
export function limitsPatch(
  drafts: LimitDrafts,
  current: CaptureLimits | null,
):
  | { readonly ok: true; readonly patch: Partial<CaptureLimits> }
  | { readonly ok: false; readonly errors: LimitErrors } {
  const errors: LimitErrors = {};
  const patch: { -readonly [K in LimitField]?: number } = {};
  for (const field of LIMIT_FIELDS) {
    const parsed = parseLimit(field, limitText(field, drafts, current));
    if (!parsed.ok) errors[field] = parsed.message;
    else if (drafts[field] !== undefined && parsed.value !== current?.[field]) {
      patch[field] = parsed.value;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}
