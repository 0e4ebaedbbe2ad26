// What an OASIS test-case file name says: 'SKLC-M-1-14' is profile SKLC (Symmetric Key
// Lifecycle), Mandatory, case 1, KMIP 1.4; 'CS-BC-M-GCM-1-21' is profile CS-BC, KMIP 2.1.
// The KMIP Profiles v1.0 cases end in -10, -11 or -12 (KMIP 1.0, 1.1, 1.2).

/** The profile prefix: 'SKLC-M-1-14' -> 'SKLC', 'CS-BC-M-GCM-1-21' -> 'CS-BC'. */
export function profileOf(name: string): string {
  const m = /^(.*?)-[MO]-/.exec(name);
  return m?.[1] ?? name;
}

/** The KMIP version a case speaks: 'SKLC-M-1-14' -> '1.4', 'AKLC-O-1-10' -> '1.0'. */
export function kmipVersionOf(name: string): string {
  const m = /-(\d)(\d)$/.exec(name);
  return m === null ? '?' : `${m[1]}.${m[2]}`;
}

/** The case number: 'TL-M-3-14' -> 3. */
export function caseNumberOf(name: string): number {
  const m = /-(\d+)-\d+$/.exec(name);
  return m === null ? 0 : Number(m[1]);
}
