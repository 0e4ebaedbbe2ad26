// Test support: the tag and value names an OASIS XML test case uses, so the tests can check that
// every one of them resolves in the registry (KMIP Profiles XML encoding: element name = tag
// xmlName, Enumeration value = value xmlName, Integer mask value = space-separated bit names).

export interface TestcaseNames {
  /** Element names: 'UniqueIdentifier' */
  readonly tags: string[];
  /** Attribute names given as text (1.x Attribute Name): 'Cryptographic Algorithm' */
  readonly attributeNames: string[];
  /** [tag xmlName or attribute name, value name]: ['ObjectType', 'SymmetricKey'] */
  readonly values: [string, string][];
}

const ELEMENT = /<([A-Za-z_][\w]*)((?:\s+\w+="[^"]*")*)\s*\/?>/g;
const ATTR = /(\w+)="([^"]*)"/g;

/** Names used by one test case file; attribute values (1.x) are keyed by their Attribute Name. */
export function testcaseNames(xml: string): TestcaseNames {
  const out: TestcaseNames = { tags: [], attributeNames: [], values: [] };
  let attributeName: string | undefined;
  let previous = '';
  for (const m of xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(ELEMENT)) {
    const element = m[1]!;
    const attrs = new Map([...(m[2] ?? '').matchAll(ATTR)].map((a) => [a[1]!, a[2]!]));
    out.tags.push(element);
    const vendorDefined = previous === 'VendorIdentification';
    previous = element;
    const type = attrs.get('type');
    const value = attrs.get('value');
    if (value === undefined) continue;
    if (element === 'AttributeName') {
      // A vendor attribute (2.x: Vendor Identification, then Attribute Name) is no spec name.
      attributeName = vendorDefined ? undefined : value;
      if (!vendorDefined && !/^[xy]-/.test(value)) out.attributeNames.push(value);
      continue;
    }
    const owner = element === 'AttributeValue' ? attributeName : element;
    if (owner === undefined || /^[xy]-/.test(owner)) continue;
    if (type === 'Enumeration' && !/^0x/i.test(value) && !value.startsWith('$'))
      out.values.push([owner, value]);
    if (type === 'Integer' && /^[A-Za-z]/.test(value)) {
      for (const bit of value.split(/\s+/)) out.values.push([owner, bit]);
    }
  }
  return out;
}
