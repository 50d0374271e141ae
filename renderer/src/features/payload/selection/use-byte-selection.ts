// The current selection of bytes inside `root`, updated on selectionchange (at most once per
// frame: dragging a selection fires it for every pixel).
import { useEffect, useState, type RefObject } from 'react';
import type { ByteSelection } from './byte-range';
import { selectionBytes } from './dom-selection';

function same(a: ByteSelection | null, b: ByteSelection | null): boolean {
  return (
    a === b || (!!a && !!b && a.direction === b.direction && a.start === b.start && a.end === b.end)
  );
}

export function useByteSelection(root: RefObject<HTMLElement | null>): ByteSelection | null {
  const [selection, setSelection] = useState<ByteSelection | null>(null);
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = root.current;
      const next = el ? selectionBytes(el, document.getSelection()) : null;
      setSelection((prev) => (same(prev, next) ? prev : next));
    };
    const onChange = () => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      cancelAnimationFrame(frame);
    };
  }, [root]);
  return selection;
}
