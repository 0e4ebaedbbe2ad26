// The PKCS#11 operation (KMIP 2.1 §6.1.37), answered by the server itself and by a PKCS#11 module
// (SoftHSM2 through pkcs11js; skipped when either is missing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { payloadBytes, withHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { Tag } from '../spec/generated/tags.js';
import { decodeCkInfo } from '../messages/pkcs11-params.js';
import { SOFTHSM_LIB, softhsmSkip } from '../../test/helpers/softhsm.js';
import { moduleLibrary } from './support/pkcs11-module.js';

const call = (h: Harness, fn: string, extra = '', identity = 'alice'): ReturnType<Harness['op']> =>
  h.op('PKCS_11', `<PKCS_11Function type="Enumeration" value="${fn}"/>${extra}`, {
    version: '2.1',
    identity,
  });
const correlation = (value: Buffer | undefined): string =>
  `<CorrelationValue type="ByteString" value="${value?.toString('hex') ?? ''}"/>`;
const returnCode = (xml: string): string | undefined =>
  /PKCS_11ReturnCode type="Enumeration" value="([^"]+)"/.exec(xml)?.[1];

test('C_Initialize opens a session (a Correlation Value), C_GetInfo answers CK_INFO, C_Finalize closes it', async () => {
  await withHarness(async (h) => {
    const init = await call(h, 'C_Initialize', '<PKCS_11InputParameters type="ByteString" value="01"/>');
    assert.equal(init.status, 'Success', init.xml);
    assert.equal(returnCode(init.xml), 'OK');
    const session = payloadBytes(init, Tag.CorrelationValue);
    assert.equal(session?.length, 16);
    const info = await call(h, 'C_GetInfo', correlation(session));
    assert.equal(returnCode(info.xml), 'OK', info.xml);
    const ck = decodeCkInfo(payloadBytes(info, Tag.PKCS_11OutputParameters) ?? Buffer.alloc(0));
    assert.equal(ck?.manufacturerID.trimEnd(), 'kmip-ts');
    assert.deepEqual(ck?.cryptokiVersion, { major: 3, minor: 0 });
    assert.doesNotMatch(info.xml, /CorrelationValue/, 'only C_Initialize hands one out');
    assert.equal(returnCode((await call(h, 'C_Finalize', correlation(session))).xml), 'OK');
    const after = await call(h, 'C_GetInfo', correlation(session));
    assert.equal(after.status, 'Success');
    assert.equal(returnCode(after.xml), 'CRYPTOKI_NOT_INITIALIZED', 'the session is gone');
  });
});

test('PKCS#11 semantics: a call without C_Initialize, or with another identity’s session, is CKR_CRYPTOKI_NOT_INITIALIZED; a second C_Initialize is ALREADY_INITIALIZED', async () => {
  await withHarness(async (h) => {
    assert.equal(returnCode((await call(h, 'C_GetInfo')).xml), 'CRYPTOKI_NOT_INITIALIZED');
    const session = payloadBytes(await call(h, 'C_Initialize'), Tag.CorrelationValue);
    assert.equal(
      returnCode((await call(h, 'C_GetInfo', correlation(session), 'bob')).xml),
      'CRYPTOKI_NOT_INITIALIZED',
    );
    assert.equal(
      returnCode((await call(h, 'C_Initialize', correlation(session))).xml),
      'CRYPTOKI_ALREADY_INITIALIZED',
    );
  });
});

test('Table 275: an interface other than the default is PKCS#11 Invalid Interface, a function not offered PKCS#11 Invalid Function', async () => {
  await withHarness(async (h) => {
    const iface = await call(h, 'C_Initialize', '<PKCS_11Interface type="TextString" value="Vendor NSS"/>');
    assert.equal(iface.reason, 'PKCS_11InvalidInterface', iface.xml);
    assert.equal(
      (await call(h, 'C_Initialize', '<PKCS_11Interface type="TextString" value="PKCS 11"/>')).status,
      'Success',
    );
    const fn = await call(h, '0x00000005');
    assert.equal(fn.reason, 'PKCS_11InvalidFunction', fn.xml);
    assert.match(fn.message ?? '', /C_Initialize, C_Finalize, C_GetInfo/);
    const typed = await call(h, 'C_GetInfo', '<CorrelationValue type="TextString" value="x"/>');
    assert.equal(typed.reason, 'InvalidField');
  });
});

test('KMIP 1.x has no PKCS#11 operation: Operation Not Supported', async () => {
  await withHarness(async (h) => {
    const r = await h.op('PKCS_11', '<PKCS_11Function type="Enumeration" value="0x00000001"/>', {
      version: '1.4',
    });
    assert.equal(r.reason, 'OperationNotSupported', r.xml);
  });
});

test('with a PKCS#11 module configured, the calls go to it (SoftHSM2)', { skip: softhsmSkip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-pkcs11-op-'));
  const saved = process.env.SOFTHSM2_CONF;
  try {
    mkdirSync(join(dir, 'tokens'));
    writeFileSync(
      join(dir, 'softhsm2.conf'),
      `directories.tokendir = ${join(dir, 'tokens')}\nlog.level = ERROR\n`,
    );
    process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    await withHarness(
      async (h) => {
        const session = payloadBytes(await call(h, 'C_Initialize'), Tag.CorrelationValue);
        const info = await call(h, 'C_GetInfo', correlation(session));
        assert.equal(returnCode(info.xml), 'OK', info.xml);
        const ck = decodeCkInfo(payloadBytes(info, Tag.PKCS_11OutputParameters) ?? Buffer.alloc(0));
        assert.match(ck?.manufacturerID ?? '', /^SoftHSM/);
        assert.match(ck?.libraryDescription ?? '', /PKCS ?11/);
        assert.equal(returnCode((await call(h, 'C_Finalize', correlation(session))).xml), 'OK');
        // The module was finalized with the last session: a new one initializes it again.
        const again = payloadBytes(await call(h, 'C_Initialize'), Tag.CorrelationValue);
        assert.equal(returnCode((await call(h, 'C_GetInfo', correlation(again))).xml), 'OK');
      },
      { pkcs11: await moduleLibrary(SOFTHSM_LIB) },
    );
  } finally {
    if (saved === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
