// Start-up warnings about a server reachable from other machines while it still runs on its
// first-start conveniences: the demo certificates (their CA key sits in the data directory, so
// anyone who reads it can mint client certificates) and the master key kmip-server generated next
// to the database (whoever copies the data directory gets every key). On a loopback address
// these are fine; elsewhere the operator must hear about them. Likewise an admin listener
// (unauthenticated /metrics) on a non-loopback address.
import { isIP } from 'node:net';

export interface ExposureSettings {
  /** Where the KMIP listeners bind. */
  readonly hostname: string;
  /** The demo certificates' directory, when they are in use. */
  readonly demoCertificates: string | undefined;
  /** The master key file kmip-server generated (no master_key_file, KMIP_MASTER_KEY or token). */
  readonly generatedMasterKey: string | undefined;
  /** Where the admin listener binds, when there is one. */
  readonly adminHost: string | undefined;
}

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  // The URL parser writes an IPv6 address in its shortest form: 0:0:…:1 becomes ::1.
  return isIP(h) === 6 && new URL(`http://[${h}]/`).hostname === '[::1]';
}

export function exposureWarnings(s: ExposureSettings): string[] {
  const out: string[] = [];
  if (!isLoopback(s.hostname)) {
    if (s.demoCertificates !== undefined) {
      out.push(
        `the demo certificates (${s.demoCertificates}) are in use on ${s.hostname}, which other machines can ` +
          'reach: their CA key is in the data directory; configure certificate_path, key_path and ca_path',
      );
    }
    if (s.generatedMasterKey !== undefined) {
      out.push(
        `the master key is ${s.generatedMasterKey}, generated next to the database, on ${s.hostname}, which ` +
          'other machines can reach: a copy of the data directory opens every key; keep the key elsewhere ' +
          '(master_key_file, KMIP_MASTER_KEY) or on a token (master_key_pkcs11)',
      );
    }
  }
  if (s.adminHost !== undefined && !isLoopback(s.adminHost)) {
    out.push(
      `the admin listener (/metrics, /healthz, /readyz) is on ${s.adminHost}, which other machines can reach, ` +
        'and asks for no credentials',
    );
  }
  return out;
}
