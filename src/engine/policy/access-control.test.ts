// The engine adapter: the object's Operation Policy Name, type and owner feed the decision, and the
// cryptographic operations are checked under Get as PyKMIP's engine does.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ManagedObject } from '../managed-object.js';
import { textItem } from '../managed-object.js';
import { policyAccessControl, policyOperationFor } from './access-control.js';
import { BUILTIN_POLICIES } from './builtin.js';
import { PolicyObjectType as T, PolicyOperation as Op } from './names.js';

const access = policyAccessControl({
  get: (name) => BUILTIN_POLICIES.get(name),
  names: () => [...BUILTIN_POLICIES.keys()],
});

function obj(objectType: number, owner: string, policyName?: string): ManagedObject {
  const attributes =
    policyName === undefined
      ? []
      : [{ name: 'Operation Policy Name', index: 0, value: textItem('Operation Policy Name', policyName) }];
  return { uid: '1', objectType, owner, attributes, body: undefined, revision: 0 };
}

describe('policyAccessControl', () => {
  it('decides with the object policy name, type and owner', () => {
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), Op.GET, 'alice', undefined), true);
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), Op.GET, 'bob', undefined), false);
    assert.equal(access.allowed(obj(T.TEMPLATE, 'alice', 'public'), Op.GET, 'bob', undefined), true);
    assert.equal(access.allowed(obj(T.TEMPLATE, 'alice', 'public'), Op.DESTROY, 'alice', undefined), false);
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice', 'gone'), Op.GET, 'alice', undefined), false);
  });

  it('engine.py: Encrypt, Decrypt, Sign, Signature Verify, MAC, Derive Key and Create/Join Split Key are checked as Get', () => {
    for (const op of [
      Op.ENCRYPT,
      Op.DECRYPT,
      Op.SIGN,
      Op.SIGNATURE_VERIFY,
      Op.MAC,
      Op.MAC_VERIFY,
      Op.DERIVE_KEY,
      Op.CREATE_SPLIT_KEY,
      Op.JOIN_SPLIT_KEY,
    ]) {
      assert.equal(policyOperationFor(op), Op.GET);
    }
    assert.equal(policyOperationFor(Op.DESTROY), Op.DESTROY);
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), Op.ENCRYPT, 'alice', undefined), true);
    assert.equal(access.allowed(obj(T.SYMMETRIC_KEY, 'alice'), Op.ENCRYPT, 'bob', undefined), false);
    assert.equal(access.allowed(obj(T.PUBLIC_KEY, 'alice'), Op.SIGNATURE_VERIFY, 'bob', undefined), true);
  });

  it('names default for new objects, knows the built-ins, and lets everyone create (docs "Create", "Register")', () => {
    assert.equal(access.defaultPolicyName, 'default');
    assert.equal(access.policyExists('public'), true);
    assert.equal(access.policyExists('nope'), false);
    assert.equal(access.mayCreate('default', T.SYMMETRIC_KEY, Op.CREATE, 'anyone', undefined), true);
  });
});
