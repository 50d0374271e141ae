import type { Chunk } from '../../../../shared/model';
import { formatCount } from '../../../../shared/format-bytes';
import { formatClock, formatDateTime } from '../../lib/format-time';
import { DIRECTION_LABEL } from './direction-text';

/**
 * Direction, arrival time and byte range of one chunk, as a conversation turn's caption. For UDP
 * each chunk is exactly one datagram, so it is called one.
 */
export function ChunkHeaderContent({
  chunk,
  datagram = false,
}: {
  readonly chunk: Chunk;
  readonly datagram?: boolean;
}) {
  const kept = chunk.captured < chunk.length;
  return (
    <>
      <span className={`dir-label dir-label-${chunk.direction}`}>
        {DIRECTION_LABEL[chunk.direction]}
      </span>
      <span className="chunk-meta" title={formatDateTime(chunk.at)}>
        {formatClock(chunk.at)}
      </span>
      <span className="chunk-meta">
        offset {formatCount(chunk.offset)} · {datagram ? 'datagram, ' : ''}
        {formatCount(chunk.length)} {chunk.length === 1 ? 'byte' : 'bytes'}
        {kept ? ` (${formatCount(chunk.captured)} kept)` : ''}
      </span>
    </>
  );
}
