import './connections.css';
import { ConnectionsGrid } from './connections-grid';
import { ConnectionsToolbar } from './connections-toolbar';
import { useVisibleIds } from './use-visible-ids';

export function ConnectionsPanel() {
  const { ids } = useVisibleIds();
  return (
    <section className="conn-panel" aria-label="Connections list">
      <ConnectionsToolbar shown={ids.length} />
      <ConnectionsGrid />
    </section>
  );
}
