// Draft and field errors of one behaviour form. An edit clears the error it makes stale; a
// change of kind clears them all, since they belonged to the other kind's fields.
import { useCallback, useState, type RefObject } from 'react';
import type { Protocol } from '../../../../../shared/model';
import {
  draftToConfig,
  type BehaviourDraft,
  type DraftErrors,
  type DraftField,
  type DraftResult,
} from './behaviour-draft';

export interface BehaviourForm {
  readonly draft: BehaviourDraft;
  readonly errors: DraftErrors;
  readonly change: (next: BehaviourDraft, field: DraftField) => void;
  /** Convert the draft; on failure show the errors and move focus to the first one. */
  readonly check: (protocol: Protocol) => DraftResult;
}

export function useBehaviourForm(
  initial: () => BehaviourDraft,
  container: RefObject<HTMLElement | null>,
): BehaviourForm {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<DraftErrors>({});

  const change = useCallback((next: BehaviourDraft, field: DraftField) => {
    setDraft(next);
    setErrors((current) => {
      if (field === 'kind') return Object.keys(current).length > 0 ? {} : current;
      if (!(field in current)) return current;
      const { [field]: _fixed, ...rest } = current;
      return rest;
    });
  }, []);

  const check = (protocol: Protocol): DraftResult => {
    const result = draftToConfig(draft, protocol);
    setErrors(result.ok ? {} : result.errors);
    if (!result.ok) {
      // After React has rendered the messages, so the field is found and its error announced.
      requestAnimationFrame(() =>
        container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
    }
    return result;
  };

  return { draft, errors, change, check };
}
