// The timeline's colours, resolved from the theme once per theme change (not per frame).
import { BAR_STATES } from './bar-state';
import { cssRgb, mixRgb, packRgb, resolveColors, type Rgb } from '../palette';

export interface TimelinePalette {
  readonly background: number;
  readonly band: number;
  readonly states: Uint32Array;
  /** A darker edge marking where each bar starts, so back-to-back connections stay apart. */
  readonly edges: Uint32Array;
  readonly css: {
    readonly axis: string;
    readonly text: string;
    readonly muted: string;
    readonly grid: string;
    readonly accent: string;
    readonly selected: string;
    readonly states: readonly string[];
  };
}

const NAMES = ['surface', 'surface-2', 'text', 'text-muted', 'border', 'accent'] as const;

export function timelinePalette(host: HTMLElement): TimelinePalette {
  const c = resolveColors(host, NAMES);
  const states = resolveColors(
    host,
    BAR_STATES.map((s) => `traffic-${s}` as const),
  );
  const stateRgb = BAR_STATES.map((s) => states[`traffic-${s}`]);
  return fromRgb(c.surface, c['surface-2'], c.text, c['text-muted'], c.border, c.accent, stateRgb);
}

/** Also what the benchmark uses, without a page's stylesheet. */
export function fromRgb(
  surface: Rgb,
  band: Rgb,
  text: Rgb,
  muted: Rgb,
  border: Rgb,
  accent: Rgb,
  states: readonly Rgb[],
): TimelinePalette {
  return {
    background: packRgb(surface),
    band: packRgb(band),
    states: Uint32Array.from(states, packRgb),
    edges: Uint32Array.from(states, (s) => packRgb(mixRgb(s, text, 0.45))),
    css: {
      axis: cssRgb(band),
      text: cssRgb(text),
      muted: cssRgb(muted),
      grid: cssRgb(border),
      accent: cssRgb(accent),
      selected: cssRgb(text),
      states: states.map(cssRgb),
    },
  };
}
