// The attribute part of the client suite: Get Attributes / Get Attribute List and the Add, Set,
// Modify and Delete Attribute operations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whenSupported, type SuiteContext } from './kmip-client-suite-context.js';

export function attributeTests(ctx: SuiteContext, version: string): void {
  test('get attributes (all and named) and the attribute list', async () => {
    const c = ctx.client(version);
    const name = ctx.name('attrs');
    const { uid } = await c.create({ algorithm: 'AES', length: 192, name });
    const all = await c.getAttributes(uid);
    const byName = new Map(all.attributes.map((a) => [a.name, a.value]));
    assert.equal(byName.get('Cryptographic Algorithm'), 'AES');
    assert.equal(byName.get('Cryptographic Length'), 192);
    assert.equal(byName.get('Object Type'), 'SymmetricKey');
    assert.deepEqual(byName.get('Name'), { NameValue: name, NameType: 'UninterpretedTextString' });
    const named = await c.getAttributes(uid, ['Cryptographic Length', 'State']);
    assert.deepEqual(named.attributes.map((a) => a.name).sort(), ['Cryptographic Length', 'State']);
    const list = await c.getAttributeList(uid);
    for (const n of ['Cryptographic Algorithm', 'Cryptographic Length', 'Name', 'State']) {
      assert.ok(list.names.includes(n), `${n} not in ${JSON.stringify(list.names)}`);
    }
    await c.destroy(uid);
  });

  test('add attribute: a second Name', async (t) => {
    const c = ctx.client(version);
    const { uid } = await c.create({ algorithm: 'AES', length: 128, name: ctx.name('add') });
    const second = ctx.name('add-second');
    const added = await whenSupported(t, c, () => c.addAttribute(uid, 'Name', second));
    if (added !== undefined) {
      assert.equal(added.uid, uid);
      assert.deepEqual((await c.locate({ name: second })).uids, [uid]);
    }
    await c.destroy(uid);
  });

  test('set attribute (2.x): Sensitive becomes true', async (t) => {
    const c = ctx.client(version);
    const { uid } = await c.create({ algorithm: 'AES', length: 128, name: ctx.name('set') });
    const set = await whenSupported(t, c, () => c.setAttribute(uid, 'Sensitive', true));
    if (set !== undefined) {
      assert.equal(set.uid, uid);
      const got = await c.getAttributes(uid, ['Sensitive']);
      assert.deepEqual(
        got.attributes.map((a) => [a.name, a.value]),
        [['Sensitive', true]],
      );
    }
    await c.destroy(uid);
  });

  test('modify attribute: a new Name value', async (t) => {
    const c = ctx.client(version);
    const first = ctx.name('modify');
    const { uid } = await c.create({ algorithm: 'AES', length: 128, name: first });
    const renamed = ctx.name('modify-renamed');
    const mod = await whenSupported(t, c, () => c.modifyAttribute(uid, 'Name', renamed, { current: first }));
    if (mod !== undefined) {
      assert.equal(mod.uid, uid);
      assert.deepEqual((await c.locate({ name: renamed })).uids, [uid]);
    }
    await c.destroy(uid);
  });

  test('delete attribute: an Object Group instance goes', async (t) => {
    const c = ctx.client(version);
    // Object Group, not Name: pykmip-server fails (General Failure) deleting a Name by value.
    const group = ctx.name('group');
    const { uid } = await c.create({
      algorithm: 'AES',
      length: 128,
      name: ctx.name('delete'),
      attributes: { 'Object Group': group },
    });
    const before = await c.getAttributes(uid, ['Object Group']);
    assert.deepEqual(
      before.attributes.map((a) => a.value),
      [group],
    );
    const del = await whenSupported(t, c, () => c.deleteAttribute(uid, 'Object Group', { current: group }));
    if (del !== undefined) {
      assert.equal(del.uid, uid);
      // Checked with the attribute list: pykmip-server 2.0 cannot encode an empty Get Attributes reply.
      assert.ok(!(await c.getAttributeList(uid)).names.includes('Object Group'));
    }
    await c.destroy(uid);
  });
}
