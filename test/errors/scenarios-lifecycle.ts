// Result Reasons about finding, seeing and handing out objects: existence, access, lifecycle state,
// archiving, Get's format and extraction rules, usage limits and object types (KMIP 2.1 §6.1 error
// tables of Get, Destroy, Check; 1.4 §11 Tables 327–345).
import type { Harness } from '../helpers/engine-harness.js';
import { attr1x, createKey, uidXml } from '../helpers/object-fixtures.js';
import {
  type Provoked,
  type ScenarioTable,
  activeKey,
  harnessWithPolicies,
  succeeded,
  uidOf,
} from './scenarios.js';

/** A policy file letting a Template's owner Activate and Check it (the built-in policies do not). */
export const TEMPLATE_POLICY = {
  'template-ops': {
    preset: { TEMPLATE: { ACTIVATE: 'ALLOW_OWNER', CHECK: 'ALLOW_OWNER', GET: 'ALLOW_OWNER' } },
  },
};

export const templateHarness = (): Promise<Harness> => harnessWithPolicies(TEMPLATE_POLICY);

/** A 1.x Template (KMIP 2.0 dropped them) under the 'template-ops' policy. */
export async function registerTemplate(h: Harness): Promise<string> {
  const r = await h.op(
    'Register',
    `<ObjectType type="Enumeration" value="Template"/>
     <TemplateAttribute>${attr1x('Operation Policy Name', 'TextString', 'template-ops')}</TemplateAttribute>
     <Template>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}</Template>`,
    { version: '1.4' },
  );
  return uidOf(r, 'Register Template');
}

async function getAt(h: Harness, uid: string, version: string, extra = ''): Promise<Provoked> {
  return { result: await h.op('Get', uidXml(uid) + extra, { version }), mentions: uid };
}

export const LIFECYCLE_SCENARIOS: ScenarioTable = {
  ObjectAlreadyExists: {
    does: 'Import under the Unique Identifier of an existing key without Replace Existing',
    at: [['1.4', 'ObjectAlreadyExists']],
    run: async (h, v) => {
      const uid = await createKey(h);
      const exported = succeeded(await h.op('Get', uidXml(uid), { version: v }), 'Get');
      const key = exported.xml.slice(
        exported.xml.indexOf('<SymmetricKey>'),
        exported.xml.indexOf('</SymmetricKey>') + 15,
      );
      return { result: await h.op('Import', uidXml(uid) + key, { version: v }), mentions: uid };
    },
  },
  ObjectNotFound: {
    does: 'Get of a Unique Identifier the server never issued',
    at: [
      ['2.1', 'ObjectNotFound'],
      ['1.4', 'ItemNotFound'],
    ],
    run: (h, v) => getAt(h, 'no-such-object-0001', v),
  },
  ObjectDestroyed: {
    does: 'Get of a destroyed key',
    at: [
      ['2.1', 'ObjectDestroyed'],
      ['1.4', 'ItemNotFound'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      succeeded(await h.op('Destroy', uidXml(uid)), 'Destroy');
      return getAt(h, uid, v);
    },
  },
  ObjectArchived: {
    does: 'Get of an archived key before Recover',
    at: [
      ['2.1', 'ObjectArchived'],
      ['1.4', 'ObjectArchived'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      succeeded(await h.op('Archive', uidXml(uid)), 'Archive');
      return getAt(h, uid, v);
    },
  },
  PermissionDenied: {
    does: "Get of alice's key by bob (default policy: owner only)",
    at: [
      ['2.1', 'PermissionDenied'],
      ['1.4', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h, { identity: 'alice' });
      return { result: await h.op('Get', uidXml(uid), { version: v, identity: 'bob' }), mentions: uid };
    },
  },
  WrongKeyLifecycleState: {
    does: 'Destroy of an Active key that was not revoked (2.0 answers as its cases do)',
    at: [
      ['2.1', 'WrongKeyLifecycleState'],
      ['2.0', 'PermissionDenied'],
      ['1.4', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await activeKey(h);
      return { result: await h.op('Destroy', uidXml(uid), { version: v }), mentions: uid };
    },
  },
  IllegalObjectType: {
    does: 'Check of a Template (policy file allows Check on Templates)',
    at: [
      ['2.1', 'IllegalObjectType'],
      ['1.4', 'IllegalOperation'],
    ],
    harness: templateHarness,
    run: async (h, v) => {
      const uid = await registerTemplate(h);
      return { result: await h.op('Check', uidXml(uid), { version: v }), mentions: /Template/ };
    },
  },
  Sensitive: {
    // Sensitive and Not Extractable are KMIP 1.4 reasons; 1.3 has Permission Denied for them.
    does: 'Get, unwrapped, of a key made with Sensitive = true',
    at: [
      ['2.1', 'Sensitive'],
      ['1.4', 'Sensitive'],
      ['1.3', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h, { version: '2.1', extra: '<Sensitive type="Boolean" value="true"/>' });
      return getAt(h, uid, v);
    },
  },
  NotExtractable: {
    does: 'Get of a key made with Extractable = false',
    at: [
      ['2.1', 'NotExtractable'],
      ['1.4', 'NotExtractable'],
      ['1.3', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h, {
        version: '2.1',
        extra: '<Extractable type="Boolean" value="false"/>',
      });
      return getAt(h, uid, v);
    },
  },
  KeyFormatTypeNotSupported: {
    does: 'Get of an AES key as PKCS#1',
    at: [
      ['2.1', 'KeyFormatTypeNotSupported'],
      ['1.4', 'KeyFormatTypeNotSupported'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const r = await getAt(h, uid, v, '<KeyFormatType type="Enumeration" value="PKCS_1"/>');
      return { ...r, mentions: /PKCS_1/ };
    },
  },
  KeyCompressionTypeNotSupported: {
    does: 'Get with a Key Compression Type',
    at: [
      ['2.1', 'KeyCompressionTypeNotSupported'],
      ['1.4', 'KeyCompressionTypeNotSupported'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const compression = '<KeyCompressionType type="Enumeration" value="ECPublicKeyTypeUncompressed"/>';
      return { ...(await getAt(h, uid, v, compression)), mentions: /compression/i };
    },
  },
  UsageLimitExceeded: {
    does: 'Check asking for 11 uses of a key limited to 10',
    at: [
      ['2.1', 'UsageLimitExceeded'],
      ['1.4', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h, { version: '2.1' });
      const limits = `<UsageLimits><UsageLimitsTotal type="LongInteger" value="10"/>
        <UsageLimitsUnit type="Enumeration" value="Object"/></UsageLimits>`;
      succeeded(
        await h.op('AddAttribute', `${uidXml(uid)}<NewAttribute>${limits}</NewAttribute>`, {
          version: '2.1',
        }),
        'Add Usage Limits',
      );
      const count = '<UsageLimitsCount type="LongInteger" value="11"/>';
      return { result: await h.op('Check', uidXml(uid) + count, { version: v }), mentions: uid };
    },
  },
};
