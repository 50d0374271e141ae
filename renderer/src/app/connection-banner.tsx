// While the engine is unreachable, or this browser tab is not signed in, say so once, plainly,
// with the next step.
import { appError } from '../../../shared/errors';
import { useStore } from '../store/store';
import { selectBridgeStatus } from '../store/selectors';

const lost = appError('TRANSPORT_CLOSED');

export function ConnectionBanner() {
  const status = useStore(selectBridgeStatus);
  if (status === 'signed-out') {
    return (
      <div className="banner" role="alert">
        <strong>This tab is not signed in to Porthole.</strong>{' '}
        <span>
          Each link Porthole prints opens one tab, once. Press Enter in the terminal where Porthole
          runs for a new link, and open it.
        </span>
      </div>
    );
  }
  if (status !== 'closed') return null;
  return (
    <div className="banner" role="alert">
      <strong>{lost.message}</strong>{' '}
      <span>
        Reconnecting automatically. Check that Porthole is still running; if it was restarted, open
        the new link it printed (a restart starts a new session).
      </span>
    </div>
  );
}
