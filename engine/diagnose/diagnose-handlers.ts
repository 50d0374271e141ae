// The contract's diagnoseConnection command, spread into the engine's handlers.

import type { EngineHandlers } from '../../shared/contract';
import { appError, fail } from '../../shared/errors';
import type { EngineCore } from '../core/engine-core';
import { diagnoseConnection } from './diagnose-connection';

export function createDiagnoseHandlers(
  core: EngineCore,
): Pick<EngineHandlers, 'diagnoseConnection'> {
  return {
    diagnoseConnection: (request) =>
      core.closed ? fail(appError('TRANSPORT_CLOSED')) : diagnoseConnection(request),
  };
}
