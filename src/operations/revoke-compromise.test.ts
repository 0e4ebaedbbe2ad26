// Revoke for Key Compromise or CA Compromise (KMIP 2.1 §6.1.45 Table 295, 1.4 §4.20): the
// Compromise Occurrence Date SHOULD be given; when it is not, the object is still revoked and the
// date recorded is the object's Initial Date (2.1 §4.11, 1.4 §3.29: "If it is not possible to
// estimate when the compromise occurred, then this value SHOULD be set to the Initial Date").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHarness } from '../../test/helpers/engine-harness.js';
import { createKey, stored, uidXml } from '../../test/helpers/object-fixtures.js';
import { State } from '../spec/generated/enums.js';

const revoke = (code: string, date = ''): string =>
  `<RevocationReason><RevocationReasonCode type="Enumeration" value="${code}"/></RevocationReason>${date}`;

for (const version of ['1.2', '2.1']) {
  for (const code of ['KeyCompromise', 'CACompromise']) {
    test(`KMIP ${version}: ${code} without a Compromise Occurrence Date compromises the key, dated at its Initial Date`, async () => {
      await withHarness(async (h) => {
        const uid = await createKey(h, { version });
        const r = await h.op('Revoke', uidXml(uid) + revoke(code), { version });
        assert.equal(r.status, 'Success', r.xml);
        assert.equal((await stored(h, uid, 'State'))[0]?.value.value, State.Compromised);
        const initial = (await stored(h, uid, 'Initial Date'))[0]?.value.value;
        assert.notEqual(initial, undefined);
        assert.equal((await stored(h, uid, 'Compromise Occurrence Date'))[0]?.value.value, initial);
      });
    });
  }
}

test('a Compromise Occurrence Date given is the one recorded', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    const date = '<CompromiseOccurrenceDate type="DateTime" value="2020-01-02T03:04:05+00:00"/>';
    const r = await h.op('Revoke', uidXml(uid) + revoke('KeyCompromise', date), { version: '2.1' });
    assert.equal(r.status, 'Success', r.xml);
    const recorded = (await stored(h, uid, 'Compromise Occurrence Date'))[0]?.value.value;
    assert.equal(recorded, BigInt(Date.UTC(2020, 0, 2, 3, 4, 5) / 1000));
  });
});
