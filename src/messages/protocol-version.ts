// Protocol Version handling: the versions this implementation speaks, newest first, and the
// mapping between the wire pair (major, minor) and the registry's version names.
import type { KmipVersion } from '../spec/registry.js';

export interface ProtocolVersion {
  readonly major: number;
  readonly minor: number;
}

/** Newest first, as DiscoverVersions lists them (KMIP 2.1 §6.1.19). */
export const SUPPORTED_VERSIONS: readonly ProtocolVersion[] = Object.freeze([
  { major: 2, minor: 1 },
  { major: 2, minor: 0 },
  { major: 1, minor: 4 },
  { major: 1, minor: 3 },
  { major: 1, minor: 2 },
  { major: 1, minor: 1 },
  { major: 1, minor: 0 },
]);

export function versionName(v: ProtocolVersion): KmipVersion | undefined {
  const name = `${v.major}.${v.minor}`;
  return SUPPORTED_VERSIONS.some((s) => s.major === v.major && s.minor === v.minor)
    ? (name as KmipVersion)
    : undefined;
}

export function isKmip2(v: ProtocolVersion): boolean {
  return v.major >= 2;
}

export function compareVersions(a: ProtocolVersion, b: ProtocolVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}
