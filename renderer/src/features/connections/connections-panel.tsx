import './connections.css';
import { selectConnectionsVersion, selectFiltering, selectVisibleIds } from '../../store/selectors';
import { useStore } from '../../store/store';
import { ConnectionsGrid } from './connections-grid';
import { ConnectionsToolbar } from './connections-toolbar';
import { FilterBar } from './filter-bar';

export function ConnectionsPanel() {
  // The store keeps the filtered ids up to date; `version` changes whenever they (or any
  // listed connection) change, since the array itself is updated in place.
  const ids = useStore(selectVisibleIds);
  const version = useStore(selectConnectionsVersion);
  const filtered = useStore(selectFiltering);
  return (
    <section className="conn-panel" aria-label="Connections list" data-pane="connections">
      <ConnectionsToolbar shown={ids.length} />
      <FilterBar />
      <ConnectionsGrid ids={ids} version={version} filtered={filtered} />
    </section>
  );
}
