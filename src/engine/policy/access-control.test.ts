// The engine adapter: the object's Operation Policy Name, type and owner feed the decision; the
// cryptographic operations are checked under Get as PyKMIP's engine does (their records say so).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ManagedObject } from '../../objects/managed-object.js';
import { textItem } from '../../objects/managed-object.js';
import { policyAccessControl } from './access-control.js';
import { OPERATIONS } from '../../operations/dispatch.js';
import { policyOperation } from '../../operations/support/record.js';
import { BUILTIN_POLICIES } from './builtin.js';
import { PolicyObjectType as T } from './names.js';
import { Operation } from '../../spec/generated/enums.js';

const access = policyAccessControl({
  get: (name) => BUILTIN_POLICIES.get(name),
  names: () => [...BUILTIN_POLICIES.keys()],
});

function obj(objectType: number, owner: string, policyName?: string): ManagedObject {
  const attributes =
    policyName === undefined
      ? []
      : [
          {
            name: 'Operation Policy Name' as const,
            index: 0,
            value: textItem('Operation Policy Name', policyName),
          },
        ];
  return { uid: '1', objectType, owner, attributes, body: undefined, revision: 0 };
}

function checkedAs(operation: number): number {
  const record = OPERATIONS.get(operation);
  assert.ok(record, `no record for operation ${operation}`);
  return policyOperation(record);
}

describe('policyAccessControl', () => {
  it('decides with the object policy name, type and owner', () => {
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), Operation.Get, 'alice', undefined), true);
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), Operation.Get, 'bob', undefined), false);
    assert.equal(access.allowed(obj(T.TEMPLATE, 'alice', 'public'), Operation.Get, 'bob', undefined), true);
    assert.equal(
      access.allowed(obj(T.TEMPLATE, 'alice', 'public'), Operation.Destroy, 'alice', undefined),
      false,
    );
    assert.equal(
      access.allowed(obj(T.SYMMETRIC_KEY, 'alice', 'gone'), Operation.Get, 'alice', undefined),
      false,
    );
  });

  it('engine.py: Encrypt, Decrypt, Sign, Signature Verify, MAC, Derive Key and Create/Join Split Key are checked as Get', () => {
    for (const op of [
      Operation.Encrypt,
      Operation.Decrypt,
      Operation.Sign,
      Operation.SignatureVerify,
      Operation.MAC,
      Operation.MACVerify,
      Operation.DeriveKey,
      Operation.CreateSplitKey,
      Operation.JoinSplitKey,
    ]) {
      assert.equal(checkedAs(op), Operation.Get);
    }
    assert.equal(checkedAs(Operation.Destroy), Operation.Destroy);
    assert.equal(
      access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), checkedAs(Operation.Encrypt), 'alice', undefined),
      true,
    );
    assert.equal(
      access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), checkedAs(Operation.Encrypt), 'bob', undefined),
      false,
    );
    assert.equal(
      access.allowed(obj(T.PUBLIC_KEY, 'alice'), checkedAs(Operation.SignatureVerify), 'bob', undefined),
      true,
    );
  });

  it('names default for new objects, knows the built-ins, and lets everyone create (docs "Create", "Register")', () => {
    assert.equal(access.defaultPolicyName, 'default');
    assert.equal(access.policyExists('public'), true);
    assert.equal(access.policyExists('nope'), false);
    assert.equal(access.mayCreate('default', T.SYMMETRIC_KEY, Operation.Create, 'anyone', undefined), true);
  });
});
