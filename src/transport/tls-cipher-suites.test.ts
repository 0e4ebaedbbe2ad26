import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cipherSuiteName, mapCipherSuites } from './tls-cipher-suites.js';

describe('cipher suite names', () => {
  it('maps the IANA names of the PyKMIP example to OpenSSL names', () => {
    const { suites, unknown } = mapCipherSuites([
      'TLS_RSA_WITH_AES_128_CBC_SHA256',
      'TLS_RSA_WITH_AES_256_CBC_SHA256',
      'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
    ]);
    assert.deepEqual(
      suites.map((s) => s.openssl),
      ['AES128-SHA256', 'AES256-SHA256', 'ECDHE-ECDSA-AES256-SHA384'],
    );
    assert.deepEqual(unknown, []);
  });

  it('maps the KMIP Basic suite names (TLS 1.0 era) and modern AEAD suites', () => {
    assert.equal(cipherSuiteName('TLS_RSA_WITH_AES_128_CBC_SHA')?.openssl, 'AES128-SHA');
    assert.equal(cipherSuiteName('TLS_RSA_WITH_3DES_EDE_CBC_SHA')?.openssl, 'DES-CBC3-SHA');
    assert.equal(
      cipherSuiteName('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384')?.openssl,
      'ECDHE-RSA-AES256-GCM-SHA384',
    );
    assert.equal(
      cipherSuiteName('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256')?.openssl,
      'ECDHE-RSA-CHACHA20-POLY1305',
    );
  });

  it('recognises TLS 1.3 suites by their one name', () => {
    assert.deepEqual(cipherSuiteName('TLS_AES_256_GCM_SHA384'), {
      name: 'TLS_AES_256_GCM_SHA384',
      openssl: 'TLS_AES_256_GCM_SHA384',
      tls13: true,
    });
  });

  it('accepts OpenSSL names and any case, as PyKMIP accepts both notations', () => {
    assert.equal(cipherSuiteName('AES256-SHA256')?.openssl, 'AES256-SHA256');
    assert.equal(cipherSuiteName('tls_rsa_with_aes_128_cbc_sha256')?.openssl, 'AES128-SHA256');
    assert.equal(cipherSuiteName('ecdhe-rsa-aes128-gcm-sha256')?.openssl, 'ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('reports unknown names and drops duplicates (either notation)', () => {
    const { suites, unknown } = mapCipherSuites([
      'AES128-SHA',
      'TLS_NOPE',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_NOPE',
    ]);
    assert.deepEqual(
      suites.map((s) => s.openssl),
      ['AES128-SHA'],
    );
    assert.deepEqual(unknown, ['TLS_NOPE']);
  });
});
