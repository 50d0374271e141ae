import type { Protocol } from '../../../../../shared/model';
import type { DraftErrors, DraftField } from './behaviour-draft';

/** What each kind's group of fields gets: its part of the draft, and where edits go. */
export interface SectionProps<D> {
  readonly draft: D;
  readonly errors: DraftErrors;
  readonly protocol: Protocol;
  /** `field` tells the form which error the edit makes stale. */
  readonly onChange: (next: D, field: DraftField) => void;
}
