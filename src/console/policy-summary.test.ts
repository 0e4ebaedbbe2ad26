import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PolicyRegistry } from '../engine/policy/index.js';
import { policiesInForce } from './policy-summary.js';

test('the policies in force, spelled as policy files spell them', () => {
  const policies = policiesInForce(new PolicyRegistry());
  const def = policies.find((p) => p.name === 'default');
  assert.equal(def?.builtin, true);
  assert.equal(def?.preset?.SYMMETRIC_KEY?.GET, 'ALLOW_OWNER');
  assert.equal(def?.preset?.CERTIFICATE?.GET, 'ALLOW_ALL');
  assert.equal(policies.find((p) => p.name === 'public')?.preset?.TEMPLATE?.DESTROY, 'DISALLOW_ALL');
});
