// Result envelopes for transport failures: callers always get a value, never an exception.
import { appError, fail, type ErrorInfo, type Result } from '../../../shared/errors';

export function transportClosed(): Result<never> {
  return fail(appError('TRANSPORT_CLOSED'));
}

export function internalFailure(error: unknown): Result<never> {
  const detail = error instanceof Error ? error.message : String(error);
  return fail(appError('INTERNAL', { detail }));
}

/** A result envelope from the wire, checked just enough to be safe to hand to callers. */
export function asResult(value: unknown): Result<unknown> {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const v = value as { ok: unknown; value?: unknown; error?: unknown };
    if (v.ok === true) return { ok: true, value: v.value };
    if (v.ok === false && isErrorInfo(v.error)) return { ok: false, error: v.error };
  }
  return internalFailure(new Error('malformed reply from the engine'));
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string' && typeof e.hint === 'string';
}
