// How many times a picture was drawn and its slowest draw, on the canvas's data attributes:
// bounded (two numbers, unlike Performance entries that would pile up at 60 a second), and what
// the end-to-end tests read to check that drawing stays far from a long task.
// The first draw is left out of the slowest: it sizes the backing store and warms the code up,
// once per mount.
export function recordDraw(canvas: HTMLElement, startedAt: number): void {
  const ms = performance.now() - startedAt;
  const d = canvas.dataset;
  const draws = Number(d.draws ?? 0) + 1;
  d.draws = String(draws);
  if (draws > 1 && ms > Number(d.slowestDraw ?? 0)) d.slowestDraw = ms.toFixed(1);
}
