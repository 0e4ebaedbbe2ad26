// Fixtures for the Create/Join Split Key tests: request payloads in either protocol's form and
// readers for the answers.
import assert from 'node:assert/strict';
import { type BatchResult, type Harness } from './engine-harness.js';
import { attr1x, uidXml } from './object-fixtures.js';
import { Tag } from '../../src/spec/generated/tags.js';

export { withHarness } from './engine-harness.js';

export function material(r: BatchResult): Buffer {
  const m = /KeyMaterial type="ByteString" value="([0-9a-f]*)"/.exec(r.xml);
  assert.ok(m, r.xml);
  return Buffer.from(m[1] ?? '', 'hex');
}

export function uids(r: BatchResult): string[] {
  return (r.payload?.value ?? []).flatMap((c) =>
    c.tag === Tag.UniqueIdentifier && c.type === 'TextString' ? [c.value] : [],
  );
}

/** A Big Integer in KMIP XML: two's complement hex, whole 8-byte words. */
export function bigXml(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1 || /^[89a-f]/.test(hex)) hex = '0' + hex;
  const padded = hex.padStart(Math.ceil(hex.length / 16) * 16, '0');
  return `<PrimeFieldSize type="BigInteger" value="${padded}"/>`;
}

export const PRIME_130 = (1n << 130n) - 5n;

export function splitFields(method: string, parts: number, threshold: number, extra = ''): string {
  return `<SplitKeyParts type="Integer" value="${parts}"/><SplitKeyThreshold type="Integer" value="${threshold}"/>
    <SplitKeyMethod type="Enumeration" value="${method}"/>${extra}`;
}

/** Create Split Key of a new AES key in the version's payload form. */
export function newSplitXml(version: string, fields: string, bits = 256, more = ''): string {
  const attrs = version.startsWith('2.')
    ? `<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="${bits}"/>
       <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>${more}</Attributes>`
    : `<TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', String(bits))}
       ${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt Decrypt')}${more}</TemplateAttribute>`;
  return `<ObjectType type="Enumeration" value="SplitKey"/>${fields}${attrs}`;
}

export function existingSplitXml(version: string, uid: string, fields: string): string {
  const attrs = version.startsWith('2.') ? '<Attributes/>' : '<TemplateAttribute/>';
  return `<ObjectType type="Enumeration" value="SplitKey"/>${uidXml(uid)}${fields}${attrs}`;
}

export async function join(
  h: Harness,
  version: string,
  parts: readonly string[],
  type = 'SymmetricKey',
  extra = '',
) {
  return h.op(
    'JoinSplitKey',
    `<ObjectType type="Enumeration" value="${type}"/>${parts.map(uidXml).join('')}${extra}`,
    {
      version,
    },
  );
}

export async function keyOf(h: Harness, version: string, uid: string): Promise<Buffer> {
  const r = await h.op('Get', uidXml(uid), { version });
  assert.equal(r.status, 'Success', r.xml);
  return material(r);
}
