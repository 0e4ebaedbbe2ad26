// Which attributes a protocol version defines. Tag existence covers most; a few tags existed in
// 1.x as fields but became attributes only in KMIP 2.0.
import { tagByName, tagExistsIn, type KmipVersion } from '../spec/registry.js';
import { isCustomName } from './attributes.js';

const ATTRIBUTES_SINCE_2_0: ReadonlySet<string> = new Set(['Key Format Type', 'Short Unique Identifier']);

export function attributeExistsIn(name: string, version: KmipVersion): boolean {
  if (isCustomName(name)) return true;
  if (ATTRIBUTES_SINCE_2_0.has(name) && version.startsWith('1.')) return false;
  const info = tagByName(name);
  return info !== undefined && tagExistsIn(info.tag, version);
}
