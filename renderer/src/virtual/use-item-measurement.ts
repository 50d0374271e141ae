// Measures the viewport's rendered items (elements with data-index) with one ResizeObserver,
// observing items as they mount and forgetting them as they unmount, and reports sizes that
// the browser laid out.
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

export type SizeReport = (sizes: readonly (readonly [index: number, size: number])[]) => void;

export function useItemMeasurement(
  enabled: boolean,
  contentRef: RefObject<HTMLElement | null>,
  onSizes: SizeReport,
): void {
  const reportRef = useRef(onSizes);
  const observerRef = useRef<ResizeObserver | null>(null);
  const observedRef = useRef(new Set<Element>());

  useLayoutEffect(() => {
    reportRef.current = onSizes;
  });

  useEffect(() => {
    if (!enabled) return;
    const observer = new ResizeObserver((entries) => {
      const sizes: [number, number][] = [];
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        if (!el.isConnected) continue;
        const index = Number(el.dataset.index);
        const size = entry.borderBoxSize[0]?.blockSize ?? el.offsetHeight;
        if (Number.isInteger(index)) sizes.push([index, size]);
      }
      if (sizes.length > 0) reportRef.current(sizes);
    });
    observerRef.current = observer;
    const observed = observedRef.current;
    return () => {
      observer.disconnect();
      observed.clear();
      observerRef.current = null;
    };
  }, [enabled]);

  // After every render: observe new items, stop observing removed ones.
  useLayoutEffect(() => {
    const observer = observerRef.current;
    const content = contentRef.current;
    if (!observer || !content) return;
    const observed = observedRef.current;
    for (const el of observed) {
      if (!el.isConnected) {
        observer.unobserve(el);
        observed.delete(el);
      }
    }
    for (const el of content.children) {
      if (!observed.has(el) && el instanceof HTMLElement && el.dataset.index !== undefined) {
        observer.observe(el);
        observed.add(el);
      }
    }
  });
}
