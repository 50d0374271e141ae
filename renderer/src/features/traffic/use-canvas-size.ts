import { useEffect, useState, type RefObject } from 'react';

export interface CanvasSize {
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
}

/** The canvas's CSS size and device pixel ratio; its backing store is sized to match. */
export function useCanvasSize(ref: RefObject<HTMLCanvasElement | null>): CanvasSize {
  const [size, setSize] = useState<CanvasSize>({ width: 0, height: 0, dpr: 1 });
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const measure = () => {
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(rect.width * dpr);
      canvas.height = Math.round(rect.height * dpr);
      setSize((s) =>
        s.width === rect.width && s.height === rect.height && s.dpr === dpr
          ? s
          : { width: rect.width, height: rect.height, dpr },
      );
    };
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    measure();
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** Run `draw` at most once per animation frame, however often it is asked for. */
export function frameThrottle(draw: () => void): { request(): void; cancel(): void } {
  let frame = 0;
  return {
    request() {
      if (frame === 0) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          draw();
        });
      }
    },
    cancel() {
      cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
