// The capture commands: list, rename, delete, start a new capture, settings. Without a data
// folder (memory only) they say so — except "new capture", which then just starts the view over.

import type { CommandHandlers } from '../../shared/contract';
import { appError, fail, ok, type Result } from '../../shared/errors';
import type { CaptureSummary } from '../../shared/model';
import type { EngineCore } from '../core/engine-core';

type CaptureHandlers = Pick<
  CommandHandlers,
  'listCaptures' | 'renameCapture' | 'deleteCapture' | 'newCapture' | 'getSettings' | 'setSettings'
>;

const unavailable = () => fail(appError('PERSIST_UNAVAILABLE'));

export function createCaptureHandlers(core: EngineCore): CaptureHandlers {
  const summaryOf = async (id: string | null): Promise<CaptureSummary | null> => {
    if (id === null || core.captures === null) return null;
    return (await core.captures.list()).find((s) => s.id === id) ?? null;
  };

  return {
    listCaptures: async () =>
      core.captures === null ? unavailable() : ok(await core.captures.list()),

    renameCapture: async ({ capture, name }) => {
      if (core.captures === null) return unavailable();
      const renamed = await core.captures.library.rename(capture, name);
      if (!renamed.ok) return renamed;
      const summary = await summaryOf(capture);
      return summary === null
        ? fail(appError('CAPTURE_NOT_FOUND', { detail: capture }))
        : ok(summary);
    },

    deleteCapture: ({ capture }) => {
      if (core.captures === null) return unavailable();
      return core.captures.library.delete(capture, core.captures.activeIds());
    },

    newCapture: async (): Promise<Result<{ capture: CaptureSummary | null }>> => {
      if (core.closed) return fail(appError('TRANSPORT_CLOSED'));
      core.newCapture();
      return ok({ capture: await summaryOf(core.captures?.currentId ?? null) });
    },

    getSettings: () => (core.captures === null ? unavailable() : ok(core.captures.settings)),

    setSettings: (patch) => {
      if (core.captures === null) return unavailable();
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      );
      return core.captures.setSettings(defined);
    },
  };
}
