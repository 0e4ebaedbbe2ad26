// What a protocol version asks of the server beyond the form of its messages: the rules a handler
// follows without knowing the version (the engine puts the request's rules in its context). Each
// rule says where the versions part.
import type { KmipVersion } from '../spec/registry.js';

export interface VersionRules {
  /**
   * A Name belongs to one live object. KMIP 2.x: Names "SHALL be unique within a given key
   * management server" (2.1 §4.32; Non Unique Name Attribute). At 1.x pykmip-server gives a second
   * object a Name in use and PyKMIP's own integration suite relies on it (two keys of one name,
   * then Locate by that name), so 1.x requests may share Names. One object never repeats a Name.
   */
  readonly namesUniqueAcrossObjects: boolean;
  /**
   * Derive Key takes a Pre-Active base key. 1.4 §4.6 asks no state of the base object and
   * pykmip-server derives from one; 2.1 §6.1.14 lists Wrong Key Lifecycle State.
   */
  readonly derivesFromPreActiveKeys: boolean;
}

const KMIP_1: VersionRules = Object.freeze({
  namesUniqueAcrossObjects: false,
  derivesFromPreActiveKeys: true,
});
const KMIP_2: VersionRules = Object.freeze({
  namesUniqueAcrossObjects: true,
  derivesFromPreActiveKeys: false,
});

export function versionRules(version: KmipVersion): VersionRules {
  return version.startsWith('1.') ? KMIP_1 : KMIP_2;
}
