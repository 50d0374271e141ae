// What a key does to a splitter: the pure part of the ARIA window-splitter pattern, so it can
// be tested without a DOM. Arrow keys along the splitter's axis move it by a step (Shift: a
// bigger step), Home and End go to the limits, Enter asks for the default size.

export type SplitterOrientation = 'vertical' | 'horizontal';

export interface SplitterRange {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly bigStep: number;
}

export type KeyOutcome =
  { readonly kind: 'set'; readonly value: number } | { readonly kind: 'reset' };

/**
 * `vertical` is a separator between side-by-side panes (it moves left and right), as ARIA's
 * aria-orientation names it; `horizontal` separates stacked panes.
 */
export function splitterKey(
  key: string,
  shift: boolean,
  orientation: SplitterOrientation,
  range: SplitterRange,
): KeyOutcome | undefined {
  const step = shift ? range.bigStep : range.step;
  const less = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
  const more = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
  const set = (value: number): KeyOutcome => ({
    kind: 'set',
    value: Math.min(range.max, Math.max(range.min, value)),
  });
  switch (key) {
    case less:
      return set(range.value - step);
    case more:
      return set(range.value + step);
    case 'Home':
      return set(range.min);
    case 'End':
      return set(range.max);
    case 'Enter':
      return { kind: 'reset' };
    default:
      return undefined;
  }
}
