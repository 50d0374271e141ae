// The contract guard answers every input with a typed envelope: arbitrary JSON for every
// command, nesting deep enough to overflow a recursive walk, huge strings, prototype keys, names
// that are not strings. Never a throw, never silence. The handlers here only say they ran, so
// what is tested is the guard itself.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COMMAND_NAMES, dispatchCommand, type CommandHandlers } from '../../shared/contract';
import { isErrorCode, ok, type Result } from '../../shared/errors';

const ran = ok('ran');
const handlers = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, () => ran]),
) as unknown as CommandHandlers;

function assertEnvelope(result: Result<unknown>, what: string): void {
  assert.equal(typeof result, 'object', what);
  if (result.ok) {
    assert.equal(result.value, 'ran', what);
    return;
  }
  assert.ok(isErrorCode(result.error.code), `${what}: ${result.error.code}`);
  assert.ok(result.error.message.length > 0 && result.error.hint.length > 0, what);
  // Nothing the caller sent is echoed at length.
  assert.ok(
    result.error.message.length < 2000,
    `${what}: message of ${result.error.message.length}`,
  );
}

/** [[[…]]] nested `depth` deep, built without recursion. */
function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { port: value };
  return value;
}

describe('contract guard, property-tested', () => {
  it('arbitrary JSON as the arguments of every command: always an envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMMAND_NAMES), fc.jsonValue(), async (name, args) => {
        assertEnvelope(await dispatchCommand(handlers, name, args), name);
      }),
      { numRuns: 3000 },
    );
  });

  it('arbitrary objects shaped like each command’s arguments, with prototype keys', async () => {
    const keys = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'valueOf',
      'port',
      'id',
      'capture',
      'format',
      'connectionIds',
      'behaviour',
      'faults',
    );
    const value = fc.oneof(fc.jsonValue(), fc.constant(null), fc.integer(), fc.string());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COMMAND_NAMES),
        fc.dictionary(keys, value),
        async (name, args) => {
          // Through JSON, as every transport delivers it: "__proto__" becomes an own key.
          const wire: unknown = JSON.parse(
            JSON.stringify(args).replace(/"__proto__"/g, '"__proto__"'),
          );
          assertEnvelope(await dispatchCommand(handlers, name, wire), name);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('names that are not command names, whatever their type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (name) => {
        const result = await dispatchCommand(handlers, name, {});
        if (typeof name === 'string' && (COMMAND_NAMES as string[]).includes(name)) return;
        assert.equal(!result.ok && result.error.code, 'UNKNOWN_COMMAND');
      }),
      { numRuns: 2000 },
    );
    const hostile = JSON.parse('{"toString": 1, "valueOf": 2}') as unknown;
    assertEnvelope(await dispatchCommand(handlers, hostile, {}), 'an object with bad toString');
  });

  it('200,000-deep nesting, as a port and as the whole arguments, for every command', async () => {
    const deep = deepArray(200_000);
    const nested = deepObject(200_000);
    for (const name of COMMAND_NAMES) {
      assertEnvelope(await dispatchCommand(handlers, name, { port: deep }), `${name} deep port`);
      assertEnvelope(await dispatchCommand(handlers, name, deep), `${name} deep args`);
      assertEnvelope(await dispatchCommand(handlers, name, nested), `${name} deep object`);
    }
  });

  it('huge strings as names and values', async () => {
    const huge = 'x'.repeat(8 * 1024 * 1024);
    assertEnvelope(await dispatchCommand(handlers, huge, {}), 'huge name');
    for (const name of COMMAND_NAMES) {
      const args = { id: huge, port: huge, capture: huge, name: huge, pattern: huge };
      assertEnvelope(await dispatchCommand(handlers, name, args), `${name} huge values`);
    }
  });
});
