// Names of PostgreSQL protocol v3 message types, authentication requests and error fields.

export const AUTH: Record<number, string> = {
  0: 'AuthenticationOk',
  2: 'AuthenticationKerberosV5',
  3: 'AuthenticationCleartextPassword',
  5: 'AuthenticationMD5Password',
  7: 'AuthenticationGSS',
  8: 'AuthenticationGSSContinue',
  9: 'AuthenticationSSPI',
  10: 'AuthenticationSASL',
  11: 'AuthenticationSASLContinue',
  12: 'AuthenticationSASLFinal',
};

export const ERROR_FIELDS: Record<string, string> = {
  S: 'Severity',
  V: 'Severity (unlocalised)',
  C: 'Code',
  M: 'Message',
  D: 'Detail',
  H: 'Hint',
  P: 'Position',
  p: 'Internal position',
  q: 'Internal query',
  W: 'Where',
  s: 'Schema',
  t: 'Table',
  c: 'Column',
  d: 'Data type',
  n: 'Constraint',
  F: 'File',
  L: 'Line',
  R: 'Routine',
};

export const STATUS: Record<string, string> = {
  I: 'idle',
  T: 'in transaction',
  E: 'failed transaction',
};

const FRONTEND: Record<string, string> = {
  Q: 'Query',
  P: 'Parse',
  B: 'Bind',
  E: 'Execute',
  D: 'Describe',
  C: 'Close',
  S: 'Sync',
  H: 'Flush',
  X: 'Terminate',
  p: 'PasswordMessage',
  F: 'FunctionCall',
  d: 'CopyData',
  c: 'CopyDone',
  f: 'CopyFail',
};

const BACKEND: Record<string, string> = {
  R: 'Authentication',
  S: 'ParameterStatus',
  K: 'BackendKeyData',
  Z: 'ReadyForQuery',
  T: 'RowDescription',
  D: 'DataRow',
  C: 'CommandComplete',
  E: 'ErrorResponse',
  N: 'NoticeResponse',
  '1': 'ParseComplete',
  '2': 'BindComplete',
  '3': 'CloseComplete',
  n: 'NoData',
  s: 'PortalSuspended',
  I: 'EmptyQueryResponse',
  t: 'ParameterDescription',
  A: 'NotificationResponse',
  G: 'CopyInResponse',
  H: 'CopyOutResponse',
  W: 'CopyBothResponse',
  d: 'CopyData',
  c: 'CopyDone',
  v: 'NegotiateProtocolVersion',
};

export function messageName(type: string, frontend: boolean): string | undefined {
  return (frontend ? FRONTEND : BACKEND)[type];
}
