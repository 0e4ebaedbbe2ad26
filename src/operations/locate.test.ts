// Locate through the engine (KMIP 1.4 §4.9, 2.1 §6.1.28): what each identity may see under the
// operation policies (owner only, Allow All of the built-in tables and of policy files, groups),
// never anything else, in the results or in Located Items; the matching rules as a client sends
// them (dates, masks, Usage Limits, several Names); Object Group Member; paging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTtlv } from '../ttlv/decode.js';
import { xmlToTtlv } from '../notation/xml.js';
import { Tag } from '../spec/generated/tags.js';
import {
  batchResult,
  requestXml,
  withHarness,
  type BatchResult,
  type Harness,
} from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, name1x, uidXml } from '../../test/helpers/object-fixtures.js';

function uids(r: BatchResult): string[] {
  return (r.payload?.value ?? []).flatMap((c) =>
    c.tag === Tag.UniqueIdentifier && c.type === 'TextString' ? [c.value] : [],
  );
}

function located(r: BatchResult): number | undefined {
  const c = r.payload?.value.find((i) => i.tag === Tag.LocatedItems);
  return c?.type === 'Integer' ? c.value : undefined;
}

/** Locate as `identity` (with `groups`, as SLUGS would give them), at 1.4 with Offset Items 0. */
async function locateAs(
  h: Harness,
  payload: string,
  identity: string,
  groups?: string[],
): Promise<BatchResult> {
  const xml = requestXml('Locate', `<OffsetItems type="Integer" value="0"/>${payload}`, '1.4');
  const bytes = await h.engine.handleMessage(xmlToTtlv(xml), { identity, ...(groups ? { groups } : {}) });
  const decoded = decodeTtlv(bytes);
  if (decoded.type !== 'Structure') throw new Error('not a structure');
  const r = batchResult(decoded);
  assert.equal(r.status, 'Success', r.xml);
  return r;
}

const POLICIES = {
  everyone_reads: { preset: { SYMMETRIC_KEY: { LOCATE: 'ALLOW_ALL', GET: 'ALLOW_ALL' } } },
  owner_reads: { preset: { SYMMETRIC_KEY: { LOCATE: 'ALLOW_OWNER', GET: 'ALLOW_OWNER' } } },
  by_group: {
    preset: { SYMMETRIC_KEY: { LOCATE: 'ALLOW_OWNER' } },
    groups: {
      auditors: { SYMMETRIC_KEY: { LOCATE: 'ALLOW_ALL' } },
      staff: { SYMMETRIC_KEY: { LOCATE: 'ALLOW_OWNER' } },
    },
  },
};

async function withPolicies(fn: (h: Harness) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-locate-policies-'));
  writeFileSync(join(dir, 'policies.json'), JSON.stringify(POLICIES));
  await withHarness(fn, { policyPath: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
}

const policy = (name: string): string => attr1x('Operation Policy Name', 'TextString', name);

test("Locate returns and counts only what the caller may see: its own keys, others' under Allow All", () =>
  withPolicies(async (h) => {
    const shared = attr1x('x-tenant', 'TextString', 'shared');
    const mine = await createKey(h, { identity: 'alice', extra: shared });
    const bobs = await createKey(h, { identity: 'bob', extra: shared });
    const bobsOpen = await createKey(h, { identity: 'bob', extra: `${shared}${policy('everyone_reads')}` });
    const bobsClosed = await createKey(h, { identity: 'bob', extra: `${shared}${policy('owner_reads')}` });
    const bobsGroup = await createKey(h, { identity: 'bob', extra: `${shared}${policy('by_group')}` });
    const bobsUnknown = await createKey(h, { identity: 'bob', extra: shared });
    // A policy that no longer exists denies everything, to its owner too (PyKMIP).
    const obj = await h.store.get(bobsUnknown);
    assert.ok(obj !== undefined);
    await h.store.update({
      ...obj,
      revision: obj.revision + 1,
      attributes: [
        ...obj.attributes.filter((a) => a.name !== 'Operation Policy Name'),
        {
          name: 'Operation Policy Name',
          index: 0,
          value: { tag: Tag.OperationPolicyName, type: 'TextString', value: 'gone' },
        },
      ],
    });

    const alice = await locateAs(h, shared, 'alice');
    assert.deepEqual(uids(alice), [bobsOpen, mine]);
    assert.equal(located(alice), 2);
    const bob = await locateAs(h, shared, 'bob');
    assert.deepEqual(uids(bob), [bobsGroup, bobsClosed, bobsOpen, bobs]);
    assert.equal(located(bob), 4);
    // With groups, a policy's groups decide (auditors may locate every by_group key, staff only
    // their own); preset-only policies still follow their preset.
    assert.deepEqual(uids(await locateAs(h, shared, 'alice', ['auditors'])), [bobsGroup, bobsOpen, mine]);
    assert.deepEqual(uids(await locateAs(h, shared, 'alice', ['staff'])), [bobsOpen, mine]);
    assert.deepEqual(uids(await locateAs(h, shared, 'bob', ['staff'])), [
      bobsGroup,
      bobsClosed,
      bobsOpen,
      bobs,
    ]);
    // Nobody else sees anything, nor counts it.
    const carol = await locateAs(h, shared, 'carol');
    assert.deepEqual(uids(carol), [bobsOpen]);
    assert.equal(located(carol), 1);
    // Without criteria: the same sets.
    assert.deepEqual(uids(await locateAs(h, '', 'alice')), [bobsOpen, mine]);
  }));

test("another owner's public key is visible (default policy: Allow All for Public Key and Certificate)", () =>
  withHarness(async (h) => {
    const pairTag = attr1x('x-pair', 'TextString', 'p1');
    const pair = await h.op(
      'CreateKeyPair',
      `<CommonTemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'RSA')}${attr1x('Cryptographic Length', 'Integer', '1024')}${pairTag}</CommonTemplateAttribute>
       <PrivateKeyTemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'Sign')}</PrivateKeyTemplateAttribute>
       <PublicKeyTemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'Verify')}</PublicKeyTemplateAttribute>`,
      { identity: 'bob' },
    );
    assert.equal(pair.status, 'Success', pair.xml);
    const pub = pair.payload?.value.find((c) => c.tag === Tag.PublicKeyUniqueIdentifier);
    const priv = pair.payload?.value.find((c) => c.tag === Tag.PrivateKeyUniqueIdentifier);
    assert.ok(pub?.type === 'TextString' && priv?.type === 'TextString');
    assert.deepEqual(uids(await locateAs(h, pairTag, 'alice')), [pub.value]);
    assert.deepEqual((await locateAs(h, pairTag, 'bob')).payload?.value.length, 3);
    assert.deepEqual(new Set(uids(await locateAs(h, pairTag, 'bob'))), new Set([pub.value, priv.value]));
  }));

test('Locate matches dates as ranges, usage masks by bits, Usage Limits as at least, several Names all', () =>
  withHarness(async (h) => {
    const limits = (n: number): string =>
      `<Attribute><AttributeName type="TextString" value="Usage Limits"/><AttributeValue>
        <UsageLimitsTotal type="LongInteger" value="${n}"/><UsageLimitsCount type="LongInteger" value="${n}"/>
        <UsageLimitsUnit type="Enumeration" value="Object"/></AttributeValue></Attribute>`;
    const a = await createKey(h, { name: 'a1', extra: `${name1x('a2')}${limits(10)}` });
    const b = await createKey(h, { name: 'b1', extra: limits(3) });
    const byLimit = (n: number): string =>
      `<Attribute><AttributeName type="TextString" value="Usage Limits"/><AttributeValue>
        <UsageLimitsCount type="LongInteger" value="${n}"/></AttributeValue></Attribute>`;
    assert.deepEqual(uids(await locateAs(h, byLimit(3), 'alice')), [b, a]);
    assert.deepEqual(uids(await locateAs(h, byLimit(4), 'alice')), [a]);
    assert.deepEqual(uids(await locateAs(h, `${name1x('a1')}${name1x('a2')}`, 'alice')), [a]);
    assert.deepEqual(uids(await locateAs(h, `${name1x('a1')}${name1x('b1')}`, 'alice')), []);
    const mask = (m: string): string => attr1x('Cryptographic Usage Mask', 'Integer', m);
    assert.deepEqual(uids(await locateAs(h, mask('Encrypt'), 'alice')), [b, a]);
    assert.deepEqual(uids(await locateAs(h, mask('Encrypt Sign'), 'alice')), []);
    const initial = (await h.store.get(a))?.attributes.find((x) => x.name === 'Initial Date')?.value;
    assert.ok(initial?.type === 'DateTime');
    const at = (t: bigint): string =>
      attr1x('Initial Date', 'DateTime', new Date(Number(t) * 1000).toISOString().replace('.000Z', '+00:00'));
    assert.deepEqual(
      uids(await locateAs(h, `${at(initial.value - 100n)}${at(initial.value + 100n)}`, 'alice')),
      [b, a],
    );
    assert.deepEqual(
      uids(await locateAs(h, `${at(initial.value + 100n)}${at(initial.value + 200n)}`, 'alice')),
      [],
    );
  }));

test('Object Group Member: Fresh finds the fresh members of the group, Default its newest member', () =>
  withHarness(async (h) => {
    const group = attr1x('Object Group', 'TextString', 'g1');
    const first = await createKey(h, { extra: group });
    const second = await createKey(h, { extra: group });
    await createKey(h, { extra: attr1x('Object Group', 'TextString', 'g2') });
    assert.equal((await h.op('Activate', uidXml(first))).status, 'Success');
    assert.equal((await h.op('Get', uidXml(first))).status, 'Success'); // served: no longer Fresh
    const member = (m: string): string => `<ObjectGroupMember type="Enumeration" value="${m}"/>${group}`;
    assert.deepEqual(uids(await locateAs(h, member('GroupMemberFresh'), 'alice')), [second]);
    assert.deepEqual(uids(await locateAs(h, member('GroupMemberDefault'), 'alice')), [second]);
    assert.deepEqual(uids(await locateAs(h, group, 'alice')), [second, first]);
  }));

test('Offset and Maximum Items page newest first; Located Items counts every match', () =>
  withHarness(async (h) => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.unshift(await createKey(h));
    const page = (offset: number, max: number): Promise<BatchResult> =>
      h.op(
        'Locate',
        `<MaximumItems type="Integer" value="${max}"/><OffsetItems type="Integer" value="${offset}"/>`,
      );
    const p1 = await page(0, 2);
    assert.deepEqual(uids(p1), made.slice(0, 2));
    assert.equal(located(p1), 5);
    assert.deepEqual(uids(await page(2, 2)), made.slice(2, 4));
    assert.deepEqual(uids(await page(4, 2)), made.slice(4));
    // 1.2 has no Located Items.
    const old = await h.op('Locate', '<OffsetItems type="Integer" value="0"/>', { version: '1.2' });
    assert.equal(located(old), undefined);
    assert.equal(uids(old).length, 5);
  }));
