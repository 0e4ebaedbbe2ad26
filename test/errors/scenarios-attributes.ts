// Result Reasons of the attribute operations and of the attributes given to Create (KMIP 2.1 Tables
// 169, 172, 204, 267, 324; 1.4 Tables 328, 341–343): unknown, read-only, single- and multi-valued
// attributes, missing instances, wrong value types, Adjust Attribute's type and range, and Names.
import type { BatchResult, Harness } from '../helpers/engine-harness.js';
import { attr1x, createKey, name1x, name2x, uidXml, vendor2x } from '../helpers/object-fixtures.js';
import { type ScenarioTable, succeeded } from './scenarios.js';

const is2x = (version: string): boolean => version.startsWith('2.');

/** Create of an AES key with the given attributes, in the version's form. */
function createWith(h: Harness, version: string, attrs1x: string, attrs2x: string): Promise<BatchResult> {
  const body = is2x(version)
    ? `<Attributes>${attrs2x}</Attributes>`
    : `<TemplateAttribute>${attrs1x}</TemplateAttribute>`;
  return h.op('Create', `<ObjectType type="Enumeration" value="SymmetricKey"/>${body}`, { version });
}

/** Add Attribute in the version's form: 1.x Attribute structure, 2.x New Attribute. */
/** Set Attribute at 2.x (`a2x`, the attribute's own element), Add Attribute of `a1x` at 1.x. */
function setOrAddAttribute(
  h: Harness,
  uid: string,
  version: string,
  a1x: string,
  a2x: string,
): Promise<BatchResult> {
  return is2x(version)
    ? h.op('SetAttribute', `${uidXml(uid)}<NewAttribute>${a2x}</NewAttribute>`, { version })
    : addAttribute(h, uid, version, a1x, '');
}

function addAttribute(
  h: Harness,
  uid: string,
  version: string,
  a1x: string,
  a2x: string,
): Promise<BatchResult> {
  const attr = is2x(version) ? `<NewAttribute>${a2x}</NewAttribute>` : a1x;
  return h.op('AddAttribute', uidXml(uid) + attr, { version });
}

const xRef = (name: string): string =>
  `<AttributeReference><VendorIdentification type="TextString" value="x"/><AttributeName type="TextString" value="${name}"/></AttributeReference>`;

function adjust(h: Harness, uid: string, reference: string): Promise<BatchResult> {
  return h.op(
    'AdjustAttribute',
    `${uidXml(uid)}${reference}<AdjustmentType type="Enumeration" value="Increment"/>`,
    {
      version: '2.1',
    },
  );
}

const contact1x = (value: string): string => attr1x('Contact Information', 'TextString', value);
const contact2x = (value: string): string => `<ContactInformation type="TextString" value="${value}"/>`;

export const ATTRIBUTE_SCENARIOS: ScenarioTable = {
  ConstraintViolation: {
    does: 'Create of a 128-bit AES key after Set Constraints asked 256 bits of every symmetric key',
    at: [
      ['2.1', 'ConstraintViolation'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const constraints = `<Constraints><Constraint><ObjectTypes><ObjectType type="Enumeration" value="SymmetricKey"/></ObjectTypes>
        <Attributes><CryptographicLength type="Integer" value="256"/></Attributes></Constraint></Constraints>`;
      succeeded(await h.op('SetConstraints', constraints, { version: '2.1' }), 'Set Constraints');
      return {
        result: await createWith(
          h,
          v,
          attr1x('Cryptographic Algorithm', 'Enumeration', 'AES') +
            attr1x('Cryptographic Length', 'Integer', '128') +
            attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt'),
          '<CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/><CryptographicUsageMask type="Integer" value="Encrypt"/>',
        ),
        mentions: /Cryptographic Length/,
      };
    },
  },
  InvalidField: {
    does: 'Create of a symmetric key without a Cryptographic Algorithm',
    at: [
      ['1.4', 'InvalidField'],
      ['2.1', 'InvalidField'],
    ],
    run: async (h, v) => ({
      result: await createWith(
        h,
        v,
        attr1x('Cryptographic Length', 'Integer', '256') +
          attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt'),
        '<CryptographicLength type="Integer" value="256"/><CryptographicUsageMask type="Integer" value="Encrypt"/>',
      ),
      mentions: /Cryptographic Algorithm/,
    }),
  },
  NonUniqueNameAttribute: {
    does: 'Create at 2.x of a second key with a Name already in use (1.x allows it, as pykmip-server)',
    at: [['2.1', 'NonUniqueNameAttribute']],
    run: async (h, v) => {
      await createKey(h, { version: v, name: 'payroll-key' });
      const aes =
        '<CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>' +
        '<CryptographicUsageMask type="Integer" value="Encrypt"/>';
      const aes1x =
        attr1x('Cryptographic Algorithm', 'Enumeration', 'AES') +
        attr1x('Cryptographic Length', 'Integer', '256') +
        attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt');
      return {
        result: await createWith(h, v, aes1x + name1x('payroll-key'), aes + name2x('payroll-key')),
        mentions: /payroll-key/,
      };
    },
  },
  IllegalOperation: {
    does: 'Add Attribute at 1.4 of a Name the key already has (1.4 Table 341; 2.x: Non Unique Name)',
    at: [['1.4', 'IllegalOperation']],
    run: async (h, v) => {
      const uid = await createKey(h, { name: 'taken-name' });
      return { result: await addAttribute(h, uid, v, name1x('taken-name'), ''), mentions: /taken-name/ };
    },
  },
  AttributeSingleValued: {
    does: 'Add Attribute of a second Contact Information',
    at: [
      ['2.1', 'AttributeSingleValued'],
      ['1.4', 'IllegalOperation'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      succeeded(await addAttribute(h, uid, v, contact1x('ops'), contact2x('ops')), 'Add Contact Information');
      return {
        result: await addAttribute(h, uid, v, contact1x('dev'), contact2x('dev')),
        mentions: /Contact Information/,
      };
    },
  },
  ReadOnlyAttribute: {
    does: 'Set Attribute (2.1) / Add Attribute (1.4) of the server-set Initial Date',
    at: [
      ['2.1', 'ReadOnlyAttribute'],
      ['1.4', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const date = '2030-01-01T00:00:00+00:00';
      const result = await setOrAddAttribute(
        h,
        uid,
        v,
        attr1x('Initial Date', 'DateTime', date),
        `<InitialDate type="DateTime" value="${date}"/>`,
      );
      return { result, mentions: /Initial Date/ };
    },
  },
  AttributeReadOnly: {
    does: 'Delete Attribute of the REQUIRED Cryptographic Algorithm',
    at: [
      ['2.1', 'AttributeReadOnly'],
      ['1.4', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const which = is2x(v)
        ? '<AttributeReference type="Enumeration" value="CryptographicAlgorithm"/>'
        : '<AttributeName type="TextString" value="Cryptographic Algorithm"/>';
      return {
        result: await h.op('DeleteAttribute', uidXml(uid) + which, { version: v }),
        mentions: /Cryptographic Algorithm/,
      };
    },
  },
  AttributeNotFound: {
    does: 'Modify Attribute of a Contact Information the key does not have',
    at: [
      ['2.1', 'AttributeNotFound'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const attr = is2x(v) ? `<NewAttribute>${contact2x('ops')}</NewAttribute>` : contact1x('ops');
      return {
        result: await h.op('ModifyAttribute', uidXml(uid) + attr, { version: v }),
        mentions: /Contact Information/,
      };
    },
  },
  AttributeInstanceNotFound: {
    does: 'Delete Attribute of a Name instance the key does not have (2.1 by value, 1.4 by index)',
    at: [
      ['2.1', 'AttributeInstanceNotFound'],
      ['1.4', 'ItemNotFound'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h, { version: v, name: 'only-name' });
      const which = is2x(v)
        ? `<CurrentAttribute>${name2x('other-name')}</CurrentAttribute>`
        : '<AttributeName type="TextString" value="Name"/><AttributeIndex type="Integer" value="3"/>';
      return {
        result: await h.op('DeleteAttribute', uidXml(uid) + which, { version: v }),
        mentions: /'Name'/,
      };
    },
  },
  MultiValuedAttribute: {
    does: 'Set Attribute of Name on a key with two Names',
    at: [['2.1', 'MultiValuedAttribute']],
    run: async (h, v) => {
      const uid = await createKey(h, { version: v, name: 'first-name' });
      succeeded(await addAttribute(h, uid, v, '', name2x('second-name')), 'Add second Name');
      return {
        result: await h.op(
          'SetAttribute',
          `${uidXml(uid)}<NewAttribute>${name2x('third-name')}</NewAttribute>`,
          {
            version: v,
          },
        ),
        mentions: /'Name'/,
      };
    },
  },
  InvalidAttribute: {
    does: 'Set Attribute (2.1) / Add Attribute (1.4) of Block Cipher Mode, which is no attribute',
    at: [
      ['2.1', 'InvalidAttribute'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const result = await setOrAddAttribute(
        h,
        uid,
        v,
        attr1x('Block Cipher Mode', 'Enumeration', 'CBC'),
        `<BlockCipherMode type="Enumeration" value="CBC"/>`,
      );
      return { result, mentions: /Block Cipher Mode/ };
    },
  },
  InvalidAttributeValue: {
    does: 'Set Attribute (2.1) / Add Attribute (1.4) of Contact Information as an Integer',
    at: [
      ['2.1', 'InvalidAttributeValue'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const result = await setOrAddAttribute(
        h,
        uid,
        v,
        attr1x('Contact Information', 'Integer', '5'),
        `<ContactInformation type="Integer" value="5"/>`,
      );
      return { result, mentions: /Contact Information/ };
    },
  },
  InvalidDataType: {
    does: 'Adjust Attribute Increment of a Text String attribute',
    at: [['2.1', 'InvalidDataType']],
    run: async (h) => {
      const uid = await createKey(h, { version: '2.1', extra: vendor2x('label', 'TextString', 'blue') });
      return { result: await adjust(h, uid, xRef('label')), mentions: /TextString/ };
    },
  },
  NumericRange: {
    does: 'Adjust Attribute Increment of an Integer attribute at 2^31 - 1',
    at: [['2.1', 'NumericRange']],
    run: async (h) => {
      const uid = await createKey(h, { version: '2.1', extra: vendor2x('counter', 'Integer', '2147483647') });
      return { result: await adjust(h, uid, xRef('counter')), mentions: /Integer/ };
    },
  },
  ItemNotFound: {
    does: 'Adjust Attribute Increment of a Name the key does not have (no starting value for a Structure)',
    at: [['2.1', 'ItemNotFound']],
    run: async (h) => {
      const uid = await createKey(h, { version: '2.1' });
      return {
        result: await adjust(h, uid, '<AttributeReference type="Enumeration" value="Name"/>'),
        mentions: /'Name'/,
      };
    },
  },
};
