// What the Export dialog offers for the capture on screen, and the request a choice makes.
// Pure, so the rules (what is allowed when) are testable without a page.
import {
  MAX_EXPORT_CONNECTIONS,
  type ExportFormat,
  type ExportRequest,
} from '../../../../shared/transfer';

export type ExportScope = 'all' | 'shown' | 'selected';

export interface ExportContext {
  /** A past capture's id; null for the one being recorded. */
  readonly capture: string | null;
  readonly total: number;
  /** The ids the filter shows, or null when nothing is filtered. */
  readonly shownIds: readonly number[] | null;
  readonly selectedId: number | null;
}

export interface ExportChoice {
  readonly format: ExportFormat;
  readonly scope: ExportScope;
  readonly direction: 'in' | 'out';
}

/** Why a scope cannot be used now, or null when it can. */
export function scopeUnavailable(
  context: ExportContext,
  format: ExportFormat,
  scope: ExportScope,
): string | null {
  if (format === 'raw' && scope !== 'selected') return 'Raw bytes are one connection’s';
  if (scope === 'selected' && context.selectedId === null) return 'Select a connection first';
  if (scope === 'shown') {
    if (context.shownIds === null) return 'No filter is set';
    if (context.shownIds.length === 0) return 'The filter shows no connection';
    if (context.shownIds.length > MAX_EXPORT_CONNECTIONS) {
      return `More than ${MAX_EXPORT_CONNECTIONS.toLocaleString('en-US')} shown: narrow the filter`;
    }
  }
  if (scope === 'all' && context.total === 0) return 'There are no connections yet';
  return null;
}

/** The first scope that works for a format, preferring what the person is looking at. */
export function defaultScope(context: ExportContext, format: ExportFormat): ExportScope {
  const order: ExportScope[] = format === 'raw' ? ['selected'] : ['shown', 'all', 'selected'];
  return (
    order.find((scope) => scopeUnavailable(context, format, scope) === null) ?? order[0] ?? 'all'
  );
}

export function exportRequestFor(context: ExportContext, choice: ExportChoice): ExportRequest {
  const capture = context.capture === null ? {} : { capture: context.capture };
  const ids =
    choice.scope === 'selected' && context.selectedId !== null
      ? { connectionIds: [context.selectedId] }
      : choice.scope === 'shown' && context.shownIds !== null
        ? { connectionIds: [...context.shownIds] }
        : {};
  const direction = choice.format === 'raw' ? { direction: choice.direction } : {};
  return { ...capture, format: choice.format, ...ids, ...direction };
}
