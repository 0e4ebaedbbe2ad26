// The Result Reason each protocol version answers for a fault the handlers raise as in 2.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultReason } from '../spec/generated/enums.js';
import { KMIP_VERSIONS } from '../spec/registry.js';
import { reasonForVersion } from './result-reason-version.js';

test('Wrong Key Lifecycle State is answered from 2.1; 1.0 to 2.0 answer Permission Denied', () => {
  const answered = Object.fromEntries(
    KMIP_VERSIONS.map((v) => [v, reasonForVersion(ResultReason.WrongKeyLifecycleState, v)]),
  );
  assert.deepEqual(answered, {
    '1.0': ResultReason.PermissionDenied,
    '1.1': ResultReason.PermissionDenied,
    '1.2': ResultReason.PermissionDenied,
    '1.3': ResultReason.PermissionDenied,
    '1.4': ResultReason.PermissionDenied,
    '2.0': ResultReason.PermissionDenied,
    '2.1': ResultReason.WrongKeyLifecycleState,
  });
});

test('other 2.0 reasons are answered as themselves at 2.0, and by their 1.4 equivalent at 1.x', () => {
  for (const reason of [ResultReason.ObjectNotFound, ResultReason.NonUniqueNameAttribute]) {
    assert.equal(reasonForVersion(reason, '2.0'), reason);
    assert.equal(reasonForVersion(reason, '2.1'), reason);
  }
  assert.equal(reasonForVersion(ResultReason.ObjectNotFound, '1.4'), ResultReason.ItemNotFound);
  assert.equal(reasonForVersion(ResultReason.NonUniqueNameAttribute, '1.2'), ResultReason.InvalidField);
});

test('a reason every version defines passes unchanged', () => {
  for (const v of KMIP_VERSIONS)
    assert.equal(reasonForVersion(ResultReason.ItemNotFound, v), ResultReason.ItemNotFound);
});
