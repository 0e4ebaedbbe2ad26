// The built-in policies against the PyKMIP docs' tables ("Reserved Operation Policies"), row for
// row. The rows below are the docs' tables as printed, except the docs' "Secret Data | Modify",
// which PyKMIP's code (kmip/core/policy.py) has as Modify Attribute. The code also gives Set
// Attribute the permission of Add Attribute for every object type; the test adds those rows.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BUILTIN_POLICIES, DEFAULT_POLICY, PUBLIC_POLICY } from './builtin.js';
import type { OperationPolicy } from './model.js';
import { Permission, objectTypeByName, operationByName, permissionByName } from './names.js';
import { ObjectType, Operation } from '../../spec/generated/enums.js';
import { DEFAULT_POLICY_SHARED_TYPES } from '../../store/attribute-index.js';

const DEFAULT_TABLE = `
  Certificate | Locate | Allow All
  Certificate | Check | Allow All
  Certificate | Get | Allow All
  Certificate | Get Attributes | Allow All
  Certificate | Get Attribute List | Allow All
  Certificate | Add Attribute | Allow Owner
  Certificate | Modify Attribute | Allow Owner
  Certificate | Delete Attribute | Allow Owner
  Certificate | Obtain Lease | Allow All
  Certificate | Activate | Allow Owner
  Certificate | Revoke | Allow Owner
  Certificate | Destroy | Allow Owner
  Certificate | Archive | Allow Owner
  Certificate | Recover | Allow Owner
  Symmetric Key | Rekey | Allow Owner
  Symmetric Key | Rekey Key Pair | Allow Owner
  Symmetric Key | Derive Key | Allow Owner
  Symmetric Key | Locate | Allow Owner
  Symmetric Key | Check | Allow Owner
  Symmetric Key | Get | Allow Owner
  Symmetric Key | Get Attributes | Allow Owner
  Symmetric Key | Get Attribute List | Allow Owner
  Symmetric Key | Add Attribute | Allow Owner
  Symmetric Key | Modify Attribute | Allow Owner
  Symmetric Key | Delete Attribute | Allow Owner
  Symmetric Key | Obtain Lease | Allow Owner
  Symmetric Key | Get Usage Allocation | Allow Owner
  Symmetric Key | Activate | Allow Owner
  Symmetric Key | Revoke | Allow Owner
  Symmetric Key | Destroy | Allow Owner
  Symmetric Key | Archive | Allow Owner
  Symmetric Key | Recover | Allow Owner
  Public Key | Locate | Allow All
  Public Key | Check | Allow All
  Public Key | Get | Allow All
  Public Key | Get Attributes | Allow All
  Public Key | Get Attribute List | Allow All
  Public Key | Add Attribute | Allow Owner
  Public Key | Modify Attribute | Allow Owner
  Public Key | Delete Attribute | Allow Owner
  Public Key | Obtain Lease | Allow All
  Public Key | Activate | Allow Owner
  Public Key | Revoke | Allow Owner
  Public Key | Destroy | Allow Owner
  Public Key | Archive | Allow Owner
  Public Key | Recover | Allow Owner
  Private Key | Rekey | Allow Owner
  Private Key | Rekey Key Pair | Allow Owner
  Private Key | Derive Key | Allow Owner
  Private Key | Locate | Allow Owner
  Private Key | Check | Allow Owner
  Private Key | Get | Allow Owner
  Private Key | Get Attributes | Allow Owner
  Private Key | Get Attribute List | Allow Owner
  Private Key | Add Attribute | Allow Owner
  Private Key | Modify Attribute | Allow Owner
  Private Key | Delete Attribute | Allow Owner
  Private Key | Obtain Lease | Allow Owner
  Private Key | Get Usage Allocation | Allow Owner
  Private Key | Activate | Allow Owner
  Private Key | Revoke | Allow Owner
  Private Key | Destroy | Allow Owner
  Private Key | Archive | Allow Owner
  Private Key | Recover | Allow Owner
  Split Key | Rekey | Allow Owner
  Split Key | Rekey Key Pair | Allow Owner
  Split Key | Derive Key | Allow Owner
  Split Key | Locate | Allow Owner
  Split Key | Check | Allow Owner
  Split Key | Get | Allow Owner
  Split Key | Get Attributes | Allow Owner
  Split Key | Get Attribute List | Allow Owner
  Split Key | Add Attribute | Allow Owner
  Split Key | Modify Attribute | Allow Owner
  Split Key | Delete Attribute | Allow Owner
  Split Key | Obtain Lease | Allow Owner
  Split Key | Get Usage Allocation | Allow Owner
  Split Key | Activate | Allow Owner
  Split Key | Revoke | Allow Owner
  Split Key | Destroy | Allow Owner
  Split Key | Archive | Allow Owner
  Split Key | Recover | Allow Owner
  Template | Locate | Allow Owner
  Template | Get | Allow Owner
  Template | Get Attributes | Allow Owner
  Template | Get Attribute List | Allow Owner
  Template | Add Attribute | Allow Owner
  Template | Modify Attribute | Allow Owner
  Template | Delete Attribute | Allow Owner
  Template | Destroy | Allow Owner
  Secret Data | Rekey | Allow Owner
  Secret Data | Rekey Key Pair | Allow Owner
  Secret Data | Derive Key | Allow Owner
  Secret Data | Locate | Allow Owner
  Secret Data | Check | Allow Owner
  Secret Data | Get | Allow Owner
  Secret Data | Get Attributes | Allow Owner
  Secret Data | Get Attribute List | Allow Owner
  Secret Data | Add Attribute | Allow Owner
  Secret Data | Modify Attribute | Allow Owner
  Secret Data | Delete Attribute | Allow Owner
  Secret Data | Obtain Lease | Allow Owner
  Secret Data | Get Usage Allocation | Allow Owner
  Secret Data | Activate | Allow Owner
  Secret Data | Revoke | Allow Owner
  Secret Data | Destroy | Allow Owner
  Secret Data | Archive | Allow Owner
  Secret Data | Recover | Allow Owner
  Opaque Data | Rekey | Allow Owner
  Opaque Data | Rekey Key Pair | Allow Owner
  Opaque Data | Derive Key | Allow Owner
  Opaque Data | Locate | Allow Owner
  Opaque Data | Check | Allow Owner
  Opaque Data | Get | Allow Owner
  Opaque Data | Get Attributes | Allow Owner
  Opaque Data | Get Attribute List | Allow Owner
  Opaque Data | Add Attribute | Allow Owner
  Opaque Data | Modify Attribute | Allow Owner
  Opaque Data | Delete Attribute | Allow Owner
  Opaque Data | Obtain Lease | Allow Owner
  Opaque Data | Get Usage Allocation | Allow Owner
  Opaque Data | Activate | Allow Owner
  Opaque Data | Revoke | Allow Owner
  Opaque Data | Destroy | Allow Owner
  Opaque Data | Archive | Allow Owner
  Opaque Data | Recover | Allow Owner
  PGP Key | Rekey | Allow Owner
  PGP Key | Rekey Key Pair | Allow Owner
  PGP Key | Derive Key | Allow Owner
  PGP Key | Locate | Allow Owner
  PGP Key | Check | Allow Owner
  PGP Key | Get | Allow Owner
  PGP Key | Get Attributes | Allow Owner
  PGP Key | Get Attribute List | Allow Owner
  PGP Key | Add Attribute | Allow Owner
  PGP Key | Modify Attribute | Allow Owner
  PGP Key | Delete Attribute | Allow Owner
  PGP Key | Obtain Lease | Allow Owner
  PGP Key | Get Usage Allocation | Allow Owner
  PGP Key | Activate | Allow Owner
  PGP Key | Revoke | Allow Owner
  PGP Key | Destroy | Allow Owner
  PGP Key | Archive | Allow Owner
  PGP Key | Recover | Allow Owner
`;

const PUBLIC_TABLE = `
  Template | Locate | Allow All
  Template | Get | Allow All
  Template | Get Attributes | Allow All
  Template | Get Attribute List | Allow All
  Template | Add Attribute | Disallow All
  Template | Modify Attribute | Disallow All
  Template | Delete Attribute | Disallow All
  Template | Destroy | Disallow All
`;

/** "Get Attribute List" -> "GET_ATTRIBUTE_LIST"; "Rekey Key Pair" -> "REKEY_KEY_PAIR". */
const constant = (s: string): string => s.trim().toUpperCase().replace(/ /g, '_');

function expectedEntries(table: string): Set<string> {
  const out = new Set<string>();
  for (const line of table.split('\n')) {
    if (line.trim() === '') continue;
    const [type, op, perm] = line.split('|').map(constant);
    const t = objectTypeByName(type!);
    const o = operationByName(op!);
    const p = permissionByName(perm!);
    assert.ok(t !== undefined && o !== undefined && p !== undefined, `bad row: ${line}`);
    out.add(`${t}/${o}/${p}`);
    if (op === 'ADD_ATTRIBUTE') out.add(`${t}/${operationByName('SET_ATTRIBUTE')}/${p}`);
  }
  return out;
}

function actualEntries(policy: OperationPolicy): Set<string> {
  const out = new Set<string>();
  for (const [t, ops] of policy.preset ?? new Map()) for (const [o, p] of ops) out.add(`${t}/${o}/${p}`);
  return out;
}

describe('built-in policies (PyKMIP docs "Reserved Operation Policies")', () => {
  it('default equals the docs\' "default policy" table plus Set Attribute rows', () => {
    const expected = expectedEntries(DEFAULT_TABLE);
    assert.equal(expected.size, 144 + 9);
    assert.deepEqual(actualEntries(DEFAULT_POLICY), expected);
  });

  it('public equals the docs\' "public policy" table plus Set Attribute', () => {
    const expected = expectedEntries(PUBLIC_TABLE);
    assert.equal(expected.size, 9);
    assert.deepEqual(actualEntries(PUBLIC_POLICY), expected);
  });

  it('both are preset-only and registered under their reserved names', () => {
    assert.equal(DEFAULT_POLICY.groups, undefined);
    assert.equal(PUBLIC_POLICY.groups, undefined);
    assert.equal(BUILTIN_POLICIES.get('default'), DEFAULT_POLICY);
    assert.equal(BUILTIN_POLICIES.get('public'), PUBLIC_POLICY);
    assert.deepEqual([...BUILTIN_POLICIES.keys()], ['default', 'public']);
  });

  it('a sample per object type: readable public material, owner-only secrets, no Certificate Request', () => {
    const perm = (type: string, op: string) =>
      DEFAULT_POLICY.preset?.get(objectTypeByName(type)!)?.get(operationByName(op)!);
    assert.equal(perm('CERTIFICATE', 'GET'), 'ALLOW_ALL');
    assert.equal(perm('SYMMETRIC_KEY', 'GET'), 'ALLOW_OWNER');
    assert.equal(perm('PUBLIC_KEY', 'OBTAIN_LEASE'), 'ALLOW_ALL');
    assert.equal(perm('PRIVATE_KEY', 'LOCATE'), 'ALLOW_OWNER');
    assert.equal(perm('SPLIT_KEY', 'DESTROY'), 'ALLOW_OWNER');
    assert.equal(perm('TEMPLATE', 'CHECK'), undefined);
    assert.equal(perm('SECRET_DATA', 'GET_USAGE_ALLOCATION'), 'ALLOW_OWNER');
    assert.equal(perm('OPAQUE_DATA', 'SET_ATTRIBUTE'), 'ALLOW_OWNER');
    assert.equal(perm('PGP_KEY', 'REKEY_KEY_PAIR'), 'ALLOW_OWNER');
    assert.equal(DEFAULT_POLICY.preset?.get(objectTypeByName('CERTIFICATE_REQUEST')!), undefined);
    assert.equal(perm('SYMMETRIC_KEY', 'ENCRYPT'), undefined);
  });
});

describe('the store files default-policy objects by who may locate them', () => {
  it('DEFAULT_POLICY_SHARED_TYPES are exactly the types `default` lets anyone Locate', () => {
    // The store keeps every other type under `default` in an index keyed by owner alone
    // (store/attribute-index.ts); a type the table shared with others would be missed there.
    const preset = DEFAULT_POLICY.preset;
    assert.ok(preset !== undefined);
    const shared = Object.values(ObjectType).filter(
      (t) => preset.get(t)?.get(Operation.Locate) === Permission.ALLOW_ALL,
    );
    assert.deepEqual([...shared].sort(), [...DEFAULT_POLICY_SHARED_TYPES].sort());
    assert.equal(DEFAULT_POLICY.groups, undefined, '`default` has no groups that could share more');
  });
});
