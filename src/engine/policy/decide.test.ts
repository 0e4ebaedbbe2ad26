// The access decision rules R1–R8 (see decide.ts), each named with its source in the PyKMIP docs.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BUILTIN_POLICIES } from './builtin.js';
import type { AccessQuery } from './decide.js';
import { isAllowed } from './decide.js';
import type { OperationPolicy, PolicyLookup } from './model.js';
import { PolicyObjectType as T } from './names.js';
import { Operation } from '../../spec/generated/enums.js';
import { parsePolicyFile } from './parse.js';

function lookup(extra: Record<string, unknown> = {}): PolicyLookup {
  const file = parsePolicyFile(JSON.stringify(extra));
  return { get: (name: string): OperationPolicy | undefined => BUILTIN_POLICIES.get(name) ?? file.get(name) };
}

const policies = lookup({
  example: {
    preset: { CERTIFICATE: { DESTROY: 'DISALLOW_ALL', GET: 'ALLOW_OWNER' } },
    groups: {
      group_A: { CERTIFICATE: { GET: 'ALLOW_ALL', DESTROY: 'ALLOW_ALL' } },
      group_B: { CERTIFICATE: { GET: 'ALLOW_ALL', DESTROY: 'DISALLOW_ALL' } },
      group_C: { CERTIFICATE: { GET: 'ALLOW_OWNER' } },
    },
  },
  groups_only: { groups: { group_A: { SYMMETRIC_KEY: { GET: 'ALLOW_ALL' } } } },
  preset_only: { preset: { SYMMETRIC_KEY: { GET: 'ALLOW_ALL' } } },
  hollow: { preset: {} },
});

function check(over: Partial<AccessQuery>): boolean {
  return isAllowed({
    policies,
    policyName: 'default',
    objectType: T.SYMMETRIC_KEY,
    operation: Operation.Get,
    identity: 'alice',
    owner: 'alice',
    ...over,
  });
}

describe('isAllowed', () => {
  it('R1 docs "Access Control": an object naming no policy is under `default`', () => {
    assert.equal(check({ policyName: undefined, owner: 'alice' }), true);
    assert.equal(check({ policyName: undefined, owner: 'bob' }), false);
    assert.equal(check({ policyName: undefined, objectType: T.CERTIFICATE, owner: 'bob' }), true);
  });

  it('R2 engine get_relevant_policy_section: an unknown policy name denies, even the owner', () => {
    const warnings: string[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      warn: (m: string) => warnings.push(m),
      error: () => {},
    };
    assert.equal(check({ policyName: 'no-such-policy', logger }), false);
    assert.equal(check({ policyName: '' }), false);
    assert.deepEqual(warnings, ['operation policy does not exist']);
  });

  it('R3 docs "Policy Files": without group information the preset collection decides', () => {
    const q = { policyName: 'example', objectType: T.CERTIFICATE };
    assert.equal(check({ ...q, operation: Operation.Destroy }), false); // preset Disallow, group_A would allow
    assert.equal(check({ ...q, operation: Operation.Get, owner: 'bob' }), false); // preset Allow Owner
    assert.equal(check({ ...q, operation: Operation.Get, owner: 'alice' }), true);
  });

  it('R4 docs "Policy Files": a groups-only policy without group information is Disallow All', () => {
    assert.equal(check({ policyName: 'groups_only', groups: undefined }), false);
    assert.equal(check({ policyName: 'groups_only', groups: ['group_A'] }), true);
    assert.equal(check({ policyName: 'hollow' }), false);
  });

  it('R5 docs "Policy Files": with group information the groups collection decides, not the preset', () => {
    const q = { policyName: 'example', objectType: T.CERTIFICATE, operation: Operation.Destroy };
    assert.equal(check({ ...q, groups: ['group_A'] }), true);
    assert.equal(check({ ...q, groups: ['group_B'] }), false);
  });

  it('R5 docs "Policy Files": a user in several groups gets the most permissive permission', () => {
    const q = { policyName: 'example', objectType: T.CERTIFICATE, operation: Operation.Destroy };
    assert.equal(check({ ...q, groups: ['group_B', 'group_A'] }), true);
    assert.equal(check({ ...q, groups: ['group_A', 'group_B'] }), true);
    const get = { policyName: 'example', objectType: T.CERTIFICATE, operation: Operation.Get, owner: 'bob' };
    assert.equal(check({ ...get, groups: ['group_C'] }), false); // Allow Owner, not the owner
    assert.equal(check({ ...get, groups: ['group_C', 'group_B'] }), true); // Allow All wins
  });

  it('R5 engine is_allowed: groups the policy does not name grant nothing (no fallback to the preset)', () => {
    const q = { policyName: 'example', objectType: T.CERTIFICATE, operation: Operation.Get, owner: 'alice' };
    assert.equal(check({ ...q, groups: ['group_Z'] }), false);
    assert.equal(check({ ...q, groups: [] }), false);
  });

  it('R6 docs "Policy Files": with group information and only a preset, the preset decides', () => {
    assert.equal(check({ policyName: 'preset_only', groups: ['group_A'], owner: 'bob' }), true);
    assert.equal(check({ policyName: 'default', groups: ['group_A'], owner: 'alice' }), true);
    assert.equal(check({ policyName: 'default', groups: ['group_A'], owner: 'bob' }), false);
    assert.equal(check({ policyName: 'default', groups: [], owner: 'alice' }), true);
  });

  it('R7 docs "Access Control": an uncovered object type is Disallow All', () => {
    assert.equal(check({ objectType: T.CERTIFICATE_REQUEST }), false);
    assert.equal(check({ policyName: 'public', objectType: T.SYMMETRIC_KEY }), false);
  });

  it('R7 docs "Access Control": an uncovered operation is Disallow All, even for the owner', () => {
    assert.equal(check({ operation: Operation.Encrypt }), false);
    assert.equal(check({ objectType: T.TEMPLATE, operation: Operation.Check }), false);
  });

  it('R8 docs "Access Control": Allow All allows any client regardless of identity', () => {
    assert.equal(check({ objectType: T.PUBLIC_KEY, identity: 'mallory', owner: 'alice' }), true);
    assert.equal(
      check({ policyName: 'public', objectType: T.TEMPLATE, identity: 'x', owner: undefined }),
      true,
    );
  });

  it('R8 docs "Access Control": Allow Owner allows only the client whose identity is the owner', () => {
    assert.equal(check({ identity: 'alice', owner: 'alice' }), true);
    assert.equal(check({ identity: 'bob', owner: 'alice' }), false);
    assert.equal(check({ identity: 'Alice', owner: 'alice' }), false);
    assert.equal(check({ identity: '', owner: undefined }), false);
  });

  it('R8 docs "Access Control": Disallow All refuses everyone, the owner included', () => {
    const q = { policyName: 'public', objectType: T.TEMPLATE, operation: Operation.Destroy };
    assert.equal(check({ ...q, identity: 'alice', owner: 'alice' }), false);
    assert.equal(check({ ...q, groups: ['group_A'] }), false);
  });
});
