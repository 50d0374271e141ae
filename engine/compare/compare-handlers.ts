// The compare commands: start a job next to the bytes, page through what it finds, cancel it.

import { MAX_COMPARE_BYTES } from '../../shared/compare/compare-page';
import type { CommandHandlers } from '../../shared/contract';
import { appError, fail, ok } from '../../shared/errors';
import type { EngineCore } from '../core/engine-core';
import { byteSources } from './byte-source';
import { CompareJobs } from './compare-jobs';

type CompareHandlers = Pick<
  CommandHandlers,
  'compareConnections' | 'compareChanges' | 'cancelCompare'
>;

/** Longest a compareChanges call waits for news before answering as things are. */
const MAX_WAIT_MS = 1000;

export function createCompareHandlers(core: EngineCore): CompareHandlers {
  const jobs = new CompareJobs();
  // A closing engine stops its compare workers rather than leaving them to finish on their own.
  core.onClose(() => jobs.cancelAll());
  const notFound = (job: string) => fail(appError('COMPARE_NOT_FOUND', { detail: job }));
  return {
    compareConnections: async ({ capture, a, b, decoder }) => {
      if (core.closed) return fail(appError('TRANSPORT_CLOSED'));
      const sources = await byteSources(core, capture, [a, b]);
      if (!sources.ok) return sources;
      const job = jobs.start(sources.value, decoder);
      const cut = sources.value.some(
        ({ info }) => Math.max(info.in.captured, info.out.captured) > MAX_COMPARE_BYTES,
      );
      return ok({ job: job.id, cut });
    },

    compareChanges: async ({ job, direction, from, seen }) => {
      const found = jobs.get(job);
      if (found === undefined) return notFound(job);
      const page = await found.next(direction, from, seen, MAX_WAIT_MS);
      return 'code' in page ? fail(page) : ok(page);
    },

    cancelCompare: ({ job }) => (jobs.cancel(job) ? ok(null) : notFound(job)),
  };
}
