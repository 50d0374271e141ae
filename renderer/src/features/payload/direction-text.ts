import type { Direction } from '../../../../shared/model';

export const DIRECTION_LABEL: Record<Direction, string> = {
  in: 'client → port',
  out: 'port → client',
};
