/** Pixels per arrow key press (and per wheel "line" in scaled mode). */
export const LINE_STEP = 40;

/** Where a scrolling key moves the view (virtual pixels), or undefined for other keys. */
export function keyScrollTarget(
  key: string,
  shiftKey: boolean,
  top: number,
  viewport: number,
  total: number,
): number | undefined {
  const page = Math.max(LINE_STEP, viewport - LINE_STEP);
  switch (key) {
    case 'ArrowDown':
      return top + LINE_STEP;
    case 'ArrowUp':
      return top - LINE_STEP;
    case 'PageDown':
      return top + page;
    case 'PageUp':
      return top - page;
    case ' ':
      return shiftKey ? top - page : top + page;
    case 'Home':
      return 0;
    case 'End':
      return total;
    default:
      return undefined;
  }
}
