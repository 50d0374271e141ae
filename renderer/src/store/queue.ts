// The page's single frame queue feeding the store.
import { createFrameQueue } from './frame-queue';
import { useStore } from './store';

export const frameQueue = createFrameQueue((ops) => useStore.getState().applyOps(ops));
