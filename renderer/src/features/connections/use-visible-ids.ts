// The ids the grid shows: the store's id array itself when no filter is active (no copy, so
// 100,000 rows cost nothing per frame), a filtered copy otherwise.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectConnectionsVersion } from '../../store/selectors';
import { useStore } from '../../store/store';

export interface VisibleIds {
  readonly ids: readonly number[];
  /** Changes whenever `ids` or any listed connection changed. */
  readonly version: number;
  readonly filtered: boolean;
}

export function useVisibleIds(): VisibleIds {
  const version = useStore(selectConnectionsVersion);
  const { listenerId, openOnly } = useStore(
    useShallow((s) => ({ listenerId: s.filter.listenerId, openOnly: s.filter.openOnly })),
  );
  return useMemo(() => {
    const { connectionIds, connections } = useStore.getState();
    if (listenerId === null && !openOnly) {
      return { ids: connectionIds, version, filtered: false };
    }
    const ids = connectionIds.filter((id) => {
      const c = connections.get(id);
      return (
        c !== undefined &&
        (listenerId === null || c.listenerId === listenerId) &&
        (!openOnly || c.state !== 'closed')
      );
    });
    return { ids, version, filtered: true };
  }, [version, listenerId, openOnly]);
}
