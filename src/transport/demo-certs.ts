// Demo certificates, so the server runs (and the real clients connect) with no PKI of one's own:
// a demo CA, a server certificate valid for 127.0.0.1, ::1 and localhost (Percona and Arsenal
// check the server's host name), and two client certificates with the clientAuth extended key
// usage (CN demo-client and demo-client-2, two owners for isolation tests). Made on first run,
// reused untouched afterwards. RSA 2048, SHA-256, ten years. Keys are written mode 0600.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS, generateRsaKeyPair, issueCertificate } from './x509-build.js';
import type { CertificateSpec, ExtendedKeyUsage, IssuedCertificate, KeyPairPem } from './x509-build.js';

export interface CertKeyPaths {
  readonly cert: string;
  readonly key: string;
}

export interface DemoCertificates {
  readonly dir: string;
  readonly ca: CertKeyPaths;
  readonly server: CertKeyPaths;
  readonly client: CertKeyPaths;
  readonly client2: CertKeyPaths;
  /** The files this call wrote; [] when every one was already there. */
  readonly created: readonly string[];
}

export const DEMO_CLIENT_CN = 'demo-client';
export const DEMO_CLIENT2_CN = 'demo-client-2';
const VALIDITY_DAYS = 3650;

type Spec = Omit<CertificateSpec, 'notBefore' | 'notAfter'>;

export const DEMO_SPECS = Object.freeze({
  ca: { commonNames: ['kmip-ts demo CA'], organization: 'kmip-ts demo', isCa: true },
  server: {
    commonNames: ['localhost'],
    organization: 'kmip-ts demo',
    extKeyUsage: ['serverAuth'],
    ipAddresses: ['127.0.0.1', '::1'],
    dnsNames: ['localhost'],
  },
  client: { commonNames: [DEMO_CLIENT_CN], organization: 'kmip-ts demo', extKeyUsage: ['clientAuth'] },
  client2: { commonNames: [DEMO_CLIENT2_CN], organization: 'kmip-ts demo', extKeyUsage: ['clientAuth'] },
} as const satisfies Record<string, Spec>);

export function pairPaths(dir: string, name: string): CertKeyPaths {
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

const hasPair = (p: CertKeyPaths): boolean => existsSync(p.cert) && existsSync(p.key);

/** Validity from an hour ago (clock skew) for `days` days. */
export function validity(days: number, now = Date.now()): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now - 3_600_000), notAfter: new Date(now + days * DAY_MS) };
}

export async function writePair(paths: CertKeyPaths, issued: IssuedCertificate): Promise<void> {
  await writeFile(paths.key, issued.keyPem, { mode: 0o600 });
  await chmod(paths.key, 0o600); // writeFile's mode only applies to a new file
  await writeFile(paths.cert, issued.certPem, { mode: 0o644 });
}

export async function readPair(paths: CertKeyPaths): Promise<IssuedCertificate> {
  const [certPem, keyPem] = await Promise.all([readFile(paths.cert, 'utf8'), readFile(paths.key, 'utf8')]);
  return { certPem, keyPem };
}

/**
 * Makes the demo certificates in `dir` that are not there yet, signed by the demo CA (made too
 * when absent). Refuses to replace a missing CA while certificates it signed remain.
 */
export async function ensureDemoCertificates(dir: string): Promise<DemoCertificates> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths = {
    ca: pairPaths(dir, 'ca'),
    server: pairPaths(dir, 'server'),
    client: pairPaths(dir, 'client'),
    client2: pairPaths(dir, 'client2'),
  };
  const leaves = (['server', 'client', 'client2'] as const).filter((n) => !hasPair(paths[n]));
  const created: string[] = [];
  let ca: IssuedCertificate;
  if (hasPair(paths.ca)) {
    if (leaves.length === 0) return { dir, ...paths, created };
    ca = await readPair(paths.ca);
  } else {
    const orphans = [paths.ca, paths.server, paths.client, paths.client2]
      .flatMap((p) => [p.cert, p.key])
      .filter((f) => existsSync(f));
    if (orphans.length > 0) {
      throw new Error(
        `${dir}: the demo CA (ca.crt, ca.key) is missing but ${orphans.join(', ')} remain; ` +
          'remove them to make a new set of demo certificates',
      );
    }
    ca = issueCertificate({ ...DEMO_SPECS.ca, ...validity(VALIDITY_DAYS) }, await generateRsaKeyPair());
    await writePair(paths.ca, ca);
    created.push(paths.ca.cert, paths.ca.key);
  }
  const keys = await Promise.all(leaves.map(() => generateRsaKeyPair()));
  for (const [i, name] of leaves.entries()) {
    const key = keys[i];
    if (key === undefined) continue;
    const issued = issueCertificate({ ...DEMO_SPECS[name], ...validity(VALIDITY_DAYS) }, key, ca);
    await writePair(paths[name], issued);
    created.push(paths[name].cert, paths[name].key);
  }
  return { dir, ...paths, created };
}

export interface ServerCertificatePaths {
  readonly certificatePath: string;
  readonly keyPath: string;
  readonly caPath: string;
  /** Set when the demo certificates stand in for unconfigured ones. */
  readonly demo: DemoCertificates | undefined;
}

/**
 * The server's certificate, key and CA: the configured files when all three are given, else the
 * demo certificates in `demoDir` (made on first use).
 */
export async function resolveServerCertificates(
  configured: {
    readonly certificatePath: string | undefined;
    readonly keyPath: string | undefined;
    readonly caPath: string | undefined;
  },
  demoDir: string,
): Promise<ServerCertificatePaths> {
  const { certificatePath, keyPath, caPath } = configured;
  if (certificatePath !== undefined && keyPath !== undefined && caPath !== undefined) {
    return { certificatePath, keyPath, caPath, demo: undefined };
  }
  if (certificatePath !== undefined || keyPath !== undefined || caPath !== undefined) {
    throw new Error('certificate_path, key_path and ca_path go together: set all three, or none');
  }
  const demo = await ensureDemoCertificates(demoDir);
  return { certificatePath: demo.server.cert, keyPath: demo.server.key, caPath: demo.ca.cert, demo };
}

export interface TestCertSpec {
  /** File name stem (`<name>.crt`, `<name>.key`) and key in TestPki.extra. */
  readonly name: string;
  /** Default: [name]. */
  readonly commonNames?: readonly string[];
  /** Default: ['clientAuth']; null = no extended key usage extension. */
  readonly extKeyUsage?: readonly ExtendedKeyUsage[] | null;
  /** Valid until yesterday. */
  readonly expired?: boolean;
  /** Signed by the other CA rather than the main one. */
  readonly otherCa?: boolean;
}

export interface TestPkiOptions {
  /** Sign with the demo CA (and reuse its server and client) instead of a fresh test CA. */
  readonly issuer?: DemoCertificates;
  /** More client certificates. */
  readonly extra?: readonly TestCertSpec[];
}

export interface TestPki {
  readonly dir: string;
  readonly ca: CertKeyPaths;
  readonly server: CertKeyPaths;
  /** clientAuth, CN 'test-client' (the demo client when an issuer is given). */
  readonly client: CertKeyPaths;
  /** No extended key usage extension at all: passes the handshake, refused by the identity rule. */
  readonly noEku: CertKeyPaths;
  /** Extended key usage serverAuth only: refused by OpenSSL's purpose check in the handshake. */
  readonly serverAuthOnly: CertKeyPaths;
  /** clientAuth, expired yesterday. */
  readonly expired: CertKeyPaths;
  /** A second, unrelated CA and a clientAuth client it signed. */
  readonly otherCa: CertKeyPaths;
  readonly otherCaClient: CertKeyPaths;
  readonly extra: Readonly<Record<string, CertKeyPaths>>;
}

/** Certificates for tests that need more than the demo set. Writes into `dir`, every call anew. */
export async function makeTestPki(dir: string, opts: TestPkiOptions = {}): Promise<TestPki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const leaves: TestCertSpec[] = [
    { name: 'no-eku', extKeyUsage: null },
    { name: 'server-auth-only', extKeyUsage: ['serverAuth'] },
    { name: 'expired', expired: true },
    { name: 'other-ca-client', otherCa: true },
    ...(opts.issuer === undefined ? [{ name: 'test-client' }] : []),
    ...(opts.extra ?? []),
  ];
  // The test leaves share one key (RSA key generation is what takes the time); the CAs and the
  // server have their own.
  const [leafKey, ...keys] = await Promise.all(
    Array.from({ length: opts.issuer === undefined ? 4 : 2 }, () => generateRsaKeyPair()),
  );
  if (leafKey === undefined) throw new Error('makeTestPki: no key');
  const nextKey = (): KeyPairPem => {
    const key = keys.pop();
    if (key === undefined) throw new Error('makeTestPki: ran out of keys');
    return key;
  };
  const years = validity(VALIDITY_DAYS);
  const otherCa = issueCertificate(
    { ...DEMO_SPECS.ca, commonNames: ['kmip-ts other test CA'], ...years },
    nextKey(),
  );
  await writePair(pairPaths(dir, 'other-ca'), otherCa);

  let ca: IssuedCertificate;
  let base: { ca: CertKeyPaths; server: CertKeyPaths; client: CertKeyPaths };
  if (opts.issuer === undefined) {
    ca = issueCertificate({ ...DEMO_SPECS.ca, commonNames: ['kmip-ts test CA'], ...years }, nextKey());
    const server = issueCertificate({ ...DEMO_SPECS.server, ...years }, nextKey(), ca);
    await writePair(pairPaths(dir, 'ca'), ca);
    await writePair(pairPaths(dir, 'server'), server);
    base = {
      ca: pairPaths(dir, 'ca'),
      server: pairPaths(dir, 'server'),
      client: pairPaths(dir, 'test-client'),
    };
  } else {
    ca = await readPair(opts.issuer.ca);
    base = { ca: opts.issuer.ca, server: opts.issuer.server, client: opts.issuer.client };
  }

  const extra: Record<string, CertKeyPaths> = {};
  for (const leaf of leaves) {
    const when =
      leaf.expired === true
        ? { notBefore: new Date(Date.now() - 2 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) }
        : years;
    const spec: CertificateSpec = {
      commonNames: leaf.commonNames ?? [leaf.name],
      organization: 'kmip-ts test',
      extKeyUsage: leaf.extKeyUsage === undefined ? ['clientAuth'] : leaf.extKeyUsage,
      ...when,
    };
    const paths = pairPaths(dir, leaf.name);
    await writePair(paths, issueCertificate(spec, leafKey, leaf.otherCa === true ? otherCa : ca));
    extra[leaf.name] = paths;
  }
  const at = (name: string): CertKeyPaths => extra[name] ?? pairPaths(dir, name);
  return {
    dir,
    ...base,
    noEku: at('no-eku'),
    serverAuthOnly: at('server-auth-only'),
    expired: at('expired'),
    otherCa: pairPaths(dir, 'other-ca'),
    otherCaClient: at('other-ca-client'),
    extra,
  };
}
