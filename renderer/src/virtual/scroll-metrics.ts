// Browsers cap an element's height (~33.5M px in Chromium). Content taller than MAX_DOM_HEIGHT
// is mapped onto a DOM scroll range of that height: the scrollbar moves proportionally, and
// wheel/keyboard scrolling is applied in exact virtual pixels by the viewport itself.

export const MAX_DOM_HEIGHT = 12_000_000;

export interface ScrollMetrics {
  /** Full content height in virtual pixels. */
  readonly total: number;
  /** Height of the DOM scroll content. */
  readonly domTotal: number;
  /** Virtual pixels per DOM pixel of scrollTop (1 unless the content is too tall). */
  readonly scale: number;
  readonly viewport: number;
}

export function scrollMetrics(total: number, viewport: number): ScrollMetrics {
  if (total <= MAX_DOM_HEIGHT || MAX_DOM_HEIGHT <= viewport) {
    return { total, domTotal: total, scale: 1, viewport };
  }
  return {
    total,
    domTotal: MAX_DOM_HEIGHT,
    scale: (total - viewport) / (MAX_DOM_HEIGHT - viewport),
    viewport,
  };
}

export function maxVirtualTop(m: ScrollMetrics): number {
  return Math.max(0, m.total - m.viewport);
}
