// Over every view while a past capture is shown: which one, that it is read-only, and the way
// back. Opening a capture from the connections' empty state removes the button that did it, so
// focus then moves here rather than being lost.
import './captures.css';
import { useEffect, useRef } from 'react';
import { selectShownCapture } from '../../store/selectors';
import { useStore } from '../../store/store';
import { viewingText } from './capture-text';

export function PastCaptureBanner() {
  const shown = useStore(selectShownCapture);
  const showLive = useStore((s) => s.showLive);
  const back = useRef<HTMLButtonElement>(null);
  const shownId = shown?.id ?? null;
  useEffect(() => {
    if (shownId !== null && document.activeElement === document.body) back.current?.focus();
  }, [shownId]);
  if (shown === null) return null;
  return (
    <section className="capture-banner" aria-label="Past capture">
      <span className="capture-banner-mark" aria-hidden="true" />
      <p className="capture-banner-text">
        <strong>{viewingText(shown)}</strong>
        {shown.interrupted ? (
          <span className="muted"> · Porthole stopped while recording it</span>
        ) : null}
        {shown.damaged ? <span className="muted"> · damaged: shown up to the damage</span> : null}
      </p>
      <button ref={back} type="button" className="btn btn-small" onClick={showLive}>
        Back to live capture
      </button>
    </section>
  );
}
