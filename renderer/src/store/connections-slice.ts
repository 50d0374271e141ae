import type { StateCreator } from 'zustand';
import type { ConnectionsSlice, PortholeState } from './store-types';

export const createConnectionsSlice: StateCreator<
  PortholeState,
  [],
  [],
  ConnectionsSlice
> = () => ({
  connections: new Map(),
  connectionIds: [],
  connectionsVersion: 0,
  stats: null,
  loading: true,
  unconfirmed: null,
});
