import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xmlName } from './xml-name.js';

test('xmlName joins words and keeps their capitals', () => {
  assert.equal(xmlName('Unique Identifier'), 'UniqueIdentifier');
  assert.equal(xmlName('Symmetric Key'), 'SymmetricKey');
  assert.equal(xmlName('MAC Generate'), 'MACGenerate');
  assert.equal(xmlName('Username and Password'), 'UsernameAndPassword');
  assert.equal(xmlName('CRL Sign'), 'CRLSign');
});

test('xmlName turns punctuation inside a token into _', () => {
  assert.equal(xmlName('SHA-256'), 'SHA_256');
  assert.equal(xmlName('PKCS#1'), 'PKCS_1');
  assert.equal(xmlName('X.509'), 'X_509');
  assert.equal(xmlName('HMAC-SHA256'), 'HMAC_SHA256');
  assert.equal(xmlName('ANSI X9.31'), 'ANSIX9_31');
  assert.equal(xmlName('PKCS#11 Function'), 'PKCS_11Function');
  assert.equal(xmlName('P-256'), 'P_256');
});

test('xmlName moves a leading digit run to the end of the first word', () => {
  assert.equal(xmlName('3DES'), 'DES3');
});

test('xmlName treats punctuation before a capitalised or lower-case word as a word break', () => {
  // KMIP Profiles: a non-word character followed by a letter and a lower-case letter is a space.
  assert.equal(xmlName('Re-key'), 'ReKey');
  assert.equal(xmlName('Re-certify'), 'ReCertify');
  assert.equal(xmlName('MAC/sign'), 'MACSign');
  assert.equal(xmlName('On-line storage'), 'OnLineStorage');
  assert.equal(xmlName('Template-Attribute'), 'TemplateAttribute');
  assert.equal(xmlName('ChaCha20-Poly1305'), 'ChaCha20Poly1305');
});

test('xmlName drops round brackets', () => {
  assert.equal(xmlName('Content Commitment (Non Repudiation)'), 'ContentCommitmentNonRepudiation');
});
