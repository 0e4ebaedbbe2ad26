// What a client may do with each attribute after the object exists: the "Attribute Rules" table of
// every attribute in KMIP 2.1 §4 (1.4 §3), rows "Initially set by", "Modifiable by client",
// "Deletable by client" and "Multiple instances permitted". Add/Set/Modify/Delete/Adjust Attribute
// consult it; Create and Register have their own checks (new-object.ts).
import { State } from '../spec/generated/enums.js';
import { isCustomName } from '../messages/attributes.js';

export interface AttributeRule {
  /** Multiple instances permitted. */
  readonly multi: boolean;
  /** The client may give it a value when it has none (Add Attribute, Set Attribute). */
  readonly clientAdds: boolean;
  /** The client may change an existing value (Modify, Set, Adjust Attribute). */
  readonly clientModifies: boolean;
  readonly clientDeletes: boolean;
  /** States in which the client may set or change it (the lifecycle dates). */
  readonly states?: readonly number[];
}

// Flags: m = multiple instances, a = client may add, c = client may change, d = client may delete.
const FLAGS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'Activation Date': 'ac',
    'Alternative Name': 'macd',
    'Application Specific Information': 'macd',
    Comment: 'acd',
    'Contact Information': 'acd',
    'Cryptographic Domain Parameters': 'a',
    'Cryptographic Parameters': 'macd',
    'Cryptographic Usage Mask': 'a',
    'Deactivation Date': 'ac',
    Description: 'acd',
    Extractable: 'ac',
    'Key Value Location': 'macd',
    Link: 'macd',
    Name: 'macd',
    'NIST Key Type': 'ma',
    'Object Group': 'macd',
    'PKCS#12 Friendly Name': 'acd',
    'Process Start Date': 'ac',
    'Protect Stop Date': 'ac',
    'Protection Level': 'acd',
    'Protection Period': 'acd',
    'Quantum Safe': 'acd',
    'Random Number Generator': 'a',
    'Rotate Automatic': 'a',
    'Rotate Interval': 'a',
    'Rotate Name': 'acd',
    'Rotate Offset': 'a',
    Sensitive: 'ac',
    'Usage Limits': 'acd',
    // Read-only for clients: set by the server, or by the client only when the object is made.
    'Always Sensitive': '',
    'Archive Date': '',
    'Certificate Identifier': '',
    'Certificate Length': '',
    'Certificate Type': '',
    'Compromise Date': '',
    'Compromise Occurrence Date': '',
    'Cryptographic Algorithm': '',
    'Cryptographic Length': '',
    'Destroy Date': '',
    Digest: 'm',
    'Digital Signature Algorithm': 'm',
    Fresh: '',
    'Initial Date': '',
    'Key Format Type': '',
    'Key Value Present': '',
    'Last Change Date': '',
    'Lease Time': '',
    'Never Extractable': '',
    'Object Type': '',
    'Opaque Data Type': '',
    // 1.4 §3.18: "Modifiable by client: No"; changing it would also change who may use the object.
    'Operation Policy Name': '',
    'Original Creation Date': '',
    'Protection Storage Mask': '',
    'Revocation Reason': '',
    'Rotate Date': '',
    'Rotate Generation': '',
    'Rotate Latest': '',
    'Short Unique Identifier': '',
    State: '',
    'Unique Identifier': '',
    'X.509 Certificate Identifier': '',
    'X.509 Certificate Issuer': '',
    'X.509 Certificate Subject': '',
  }),
);

/** "Yes, only while in Pre-Active state" / "… Pre-Active or Active state" (2.1 §4.1, 4.18, 4.40, 4.41). */
const STATES: ReadonlyMap<string, readonly number[]> = new Map([
  ['Activation Date', [State.PreActive]],
  ['Deactivation Date', [State.PreActive, State.Active]],
  ['Process Start Date', [State.PreActive, State.Active]],
  ['Protect Stop Date', [State.PreActive, State.Active]],
]);

/** 2.1 §4.6 Certificate Attributes (Certificate Subject CN …) and 1.x Certificate Subject/Issuer: the server's. */
const CERTIFICATE_FIELD = /^Certificate (Subject|Issuer)\b/;

function fromFlags(flags: string, states: readonly number[] | undefined): AttributeRule {
  return {
    multi: flags.includes('m'),
    clientAdds: flags.includes('a'),
    clientModifies: flags.includes('c'),
    clientDeletes: flags.includes('d'),
    ...(states !== undefined ? { states } : {}),
  };
}

/**
 * The rule for an attribute name; undefined when the name is no attribute. Custom attributes
 * (1.4 §3.39, 2.1 §4.60): client-created 'x-' ones are the client's to add, change and delete, with
 * any number of instances; 'y-' ones are the server's ("The server SHALL NOT accept a
 * client-created or modified attribute" with that prefix).
 */
export function attributeRule(name: string): AttributeRule | undefined {
  if (isCustomName(name)) return fromFlags(name.startsWith('x-') ? 'macd' : 'm', undefined);
  if (CERTIFICATE_FIELD.test(name)) return fromFlags('', undefined);
  const flags = FLAGS.get(name);
  return flags === undefined ? undefined : fromFlags(flags, STATES.get(name));
}
