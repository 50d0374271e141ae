// A warning that does not stop the port (another process holds the other loopback family, IPv6
// is unavailable): shown in the port's item as a note, not as an error.
import type { ErrorInfo } from '../../../../shared/errors';
import { PortHolders } from '../../components/port-holders';

export function NoticeNote({ notice }: { readonly notice: ErrorInfo }) {
  return (
    <div className="warning-note notice" role="note" aria-label="Warning">
      <p className="notice-message">{notice.message}</p>
      <p className="notice-hint">{notice.hint}</p>
      {notice.holders && notice.holders.length > 0 ? (
        <PortHolders holders={notice.holders} />
      ) : null}
    </div>
  );
}
