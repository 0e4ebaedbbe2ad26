// The x- custom attribute flow across the attribute operations, in both protocol forms: 1.x names
// it 'x-bucket', 2.x as a vendor attribute { Vendor Identification 'x', Attribute Name 'bucket' }.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, uidXml, vendor2x } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

interface Form {
  readonly version: string;
  readonly attr: (value: string) => string;
  readonly locate: (value: string) => string;
  readonly modify: (value: string) => string;
  readonly remove: string;
  readonly shown: (value: string) => RegExp;
}

const FORMS: readonly Form[] = [
  {
    version: '1.4',
    attr: (v) => attr1x('x-bucket', 'TextString', v),
    locate: (v) => attr1x('x-bucket', 'TextString', v),
    modify: (v) => attr1x('x-bucket', 'TextString', v),
    remove: '<AttributeName type="TextString" value="x-bucket"/>',
    shown: (v) =>
      new RegExp(
        `AttributeName type="TextString" value="x-bucket"/>\\s*<AttributeIndex type="Integer" value="0"/>\\s*<AttributeValue type="TextString" value="${v}"`,
      ),
  },
  {
    version: '2.1',
    attr: (v) => vendor2x('bucket', 'TextString', v),
    locate: (v) => `<Attributes>${vendor2x('bucket', 'TextString', v)}</Attributes>`,
    modify: (v) => `<NewAttribute>${vendor2x('bucket', 'TextString', v)}</NewAttribute>`,
    remove:
      '<AttributeReference><VendorIdentification type="TextString" value="x"/><AttributeName type="TextString" value="bucket"/></AttributeReference>',
    shown: (v) =>
      new RegExp(
        `VendorIdentification type="TextString" value="x"/>\\s*<AttributeName type="TextString" value="bucket"/>\\s*<AttributeValue type="TextString" value="${v}"`,
      ),
  },
];

for (const f of FORMS) {
  test(`KMIP ${f.version}: an x-bucket attribute is created, read, located by, modified and deleted`, async () => {
    const h = await createHarness();
    try {
      const uid = await createKey(h, { version: f.version, extra: f.attr('photos') });
      const opts = { version: f.version };
      const read = await h.op('GetAttributes', uidXml(uid), opts);
      assert.match(read.xml, f.shown('photos'));
      const found = await h.op('Locate', f.locate('photos'), opts);
      assert.deepEqual(
        found.payload?.value.filter((c) => c.tag === Tag.UniqueIdentifier).map((c) => c.value),
        [uid],
      );
      const modified = await h.op('ModifyAttribute', uidXml(uid) + f.modify('videos'), opts);
      assert.equal(modified.status, 'Success', modified.xml);
      assert.doesNotMatch((await h.op('Locate', f.locate('photos'), opts)).xml, new RegExp(uid));
      assert.match((await h.op('Locate', f.locate('videos'), opts)).xml, new RegExp(uid));
      const deleted = await h.op('DeleteAttribute', uidXml(uid) + f.remove, opts);
      assert.equal(deleted.status, 'Success', deleted.xml);
      assert.doesNotMatch((await h.op('GetAttributes', uidXml(uid), opts)).xml, /bucket/);
    } finally {
      await h.close();
    }
  });
}
