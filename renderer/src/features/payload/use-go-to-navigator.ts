// "Go to offset" for a payload view: load chunk records until the offset is covered, scroll
// its item into view once laid out, and highlight it. Failures come back as the message the
// user sees: the real error when loading failed, "beyond" only when the offset truly is.
import {
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type Ref,
  type RefObject,
} from 'react';
import type { Chunk } from '../../../../shared/model';
import type { VirtualController } from '../../virtual/virtual-viewport';
import type { ChunkSource } from './data/chunk-source';
import type { Highlight, PayloadNavigator } from './view-types';

export interface GoToNavigator {
  readonly controller: RefObject<VirtualController | null>;
  readonly highlight: Highlight | null;
}

/** `locate` brings the view's layout up to date and returns the item showing the offset. */
export function useGoToNavigator(
  navigator: Ref<PayloadNavigator>,
  source: ChunkSource,
  locate: (chunk: Chunk, offset: number) => number,
  align: 'start' | 'center',
): GoToNavigator {
  const controller = useRef<VirtualController>(null);
  const [highlight, setHighlight] = useState<Highlight | null>(null);
  const [pendingTick, setPendingTick] = useState(0);
  const pendingRef = useRef<number | null>(null);
  const locateRef = useRef(locate);
  useLayoutEffect(() => {
    locateRef.current = locate;
  });

  // The target is scrolled to once the render that laid out its item has committed.
  useLayoutEffect(() => {
    const target = pendingRef.current;
    if (target === null) return;
    pendingRef.current = null;
    controller.current?.scrollToIndex(target, align);
  }, [pendingTick, align]);

  useImperativeHandle(
    navigator,
    () => ({
      async goTo(direction, offset) {
        const found = await source.loadUntil(direction, offset);
        if (!found.ok) return `${found.error.message} ${found.error.hint}`;
        if (found.value === null) {
          return `Offset ${offset} is beyond what this connection has received.`;
        }
        pendingRef.current = locateRef.current(found.value, offset);
        setHighlight({ direction, offset });
        setPendingTick((t) => t + 1);
        return null;
      },
    }),
    [source],
  );

  return { controller, highlight };
}
