// In scaled mode (content taller than the DOM allows) a native wheel notch would move `scale`
// times too far; the wheel is then applied in exact virtual pixels instead.
import { useEffect, type RefObject } from 'react';
import { LINE_STEP } from './keyboard-scroll';
import type { ScrollMetrics } from './scroll-metrics';

export function useScaledWheel(
  scrollRef: RefObject<HTMLElement | null>,
  metricsRef: RefObject<ScrollMetrics>,
  scrollBy: (deltaVirtual: number) => void,
): void {
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      const m = metricsRef.current;
      if (m.scale === 1 || event.ctrlKey) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? LINE_STEP : event.deltaMode === 2 ? m.viewport : 1;
      scrollBy(event.deltaY * unit);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scrollRef, metricsRef, scrollBy]);
}
