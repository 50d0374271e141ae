import type { StateCreator } from 'zustand';
import type { ConnectionsSlice, PortholeState } from './store-types';

export const createConnectionsSlice: StateCreator<PortholeState, [], [], ConnectionsSlice> = () => {
  const connectionIds: number[] = [];
  return {
    connections: new Map(),
    connectionIds,
    visibleIds: connectionIds,
    connectionsVersion: 0,
    stats: null,
    loading: true,
    unconfirmed: null,
  };
};
