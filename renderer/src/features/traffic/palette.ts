// Canvas colours from the theme's CSS variables. Custom properties hold `light-dark(…)` token
// lists, not colours, so each is resolved by letting a probe element compute it as `color`.
// Read again whenever the theme changes.

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

function parseRgb(value: string): Rgb {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(value);
  if (!m) return { r: 128, g: 128, b: 128 };
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) };
}

/** Opaque RGBA packed for a little-endian Uint32Array view of ImageData. */
export function packRgb({ r, g, b }: Rgb): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return {
    r: Math.round(a.r + (b.r - a.r) * t),
    g: Math.round(a.g + (b.g - a.g) * t),
    b: Math.round(a.b + (b.b - a.b) * t),
  };
}

export const cssRgb = ({ r, g, b }: Rgb): string => `rgb(${r} ${g} ${b})`;

/** Resolve CSS variables (names without `--`) as seen from `host`. */
export function resolveColors<K extends string>(
  host: HTMLElement,
  names: readonly K[],
): Record<K, Rgb> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.appendChild(probe);
  const out = {} as Record<K, Rgb>;
  for (const name of names) {
    probe.style.color = `var(--${name})`;
    out[name] = parseRgb(getComputedStyle(probe).color);
  }
  probe.remove();
  return out;
}
