import type { PayloadFormat } from '../../../../shared/payload-spec';

/** A payload as typed: text with escapes or hex, not yet parsed (it may not parse). */
export interface PayloadDraft {
  readonly format: PayloadFormat;
  readonly value: string;
}
