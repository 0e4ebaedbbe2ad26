// One test per Result Reason in scenarios-lifecycle.ts (and per 1.x version it maps to), then the
// Template paths the built-in policies hide behind Permission Denied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness } from '../helpers/engine-harness.js';
import { attr1x, uidXml } from '../helpers/object-fixtures.js';
import { assertHelpful, testScenarios, uidOf, withHarness } from './scenarios.js';
import { LIFECYCLE_SCENARIOS, registerTemplate, templateHarness } from './scenarios-lifecycle.js';

testScenarios(LIFECYCLE_SCENARIOS);

test('Activate of a Template is Invalid Object Type (1.4: Invalid Field) once a policy allows it; the built-in policy refuses first', async () => {
  await withHarness(templateHarness, async (h) => {
    const uid = await registerTemplate(h);
    const v2 = await h.op('Activate', uidXml(uid), { version: '2.1' });
    assert.equal(v2.reason, 'InvalidObjectType', v2.xml);
    assertHelpful(v2, uid);
    const v1 = await h.op('Activate', uidXml(uid), { version: '1.4' });
    assert.equal(v1.reason, 'InvalidField', v1.xml);
  });
  await withHarness(createHarness, async (h) => {
    const r = await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="Template"/><Template>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}</Template>`,
    );
    const uid = uidOf(r, 'Register Template');
    const refused = await h.op('Activate', uidXml(uid), { version: '2.1' });
    assert.equal(refused.reason, 'PermissionDenied', refused.xml);
  });
});
