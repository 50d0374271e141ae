import type { Direction } from '../../../../../shared/model';

/** Switch to the Text or Hex tab at a direction's stream offset. */
export type ShowRaw = (mode: 'text' | 'hex', direction: Direction, offset: number) => void;
