// While the engine is unreachable, say so once, plainly, with the next step.
import { appError } from '../../../shared/errors';
import { useStore } from '../store/store';
import { selectBridgeStatus } from '../store/selectors';

const lost = appError('TRANSPORT_CLOSED');

export function ConnectionBanner() {
  const status = useStore(selectBridgeStatus);
  if (status !== 'closed') return null;
  return (
    <div className="banner" role="alert">
      <strong>{lost.message}</strong> <span>Reconnecting automatically. {lost.hint}</span>
    </div>
  );
}
