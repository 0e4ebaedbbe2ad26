// Policy-file names map to the KMIP values PyKMIP uses (kmip/core/enums.py ObjectType, Operation).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { objectTypeByName, operationByName, permissionByName } from './names.js';

describe('policy file names', () => {
  it('object types: Certificate=1 … Certificate Request=10, with Opaque Object spelled OPAQUE_DATA', () => {
    const expected = [
      'CERTIFICATE',
      'SYMMETRIC_KEY',
      'PUBLIC_KEY',
      'PRIVATE_KEY',
      'SPLIT_KEY',
      'TEMPLATE',
      'SECRET_DATA',
      'OPAQUE_DATA',
      'PGP_KEY',
      'CERTIFICATE_REQUEST',
    ];
    expected.forEach((name, i) => assert.equal(objectTypeByName(name), i + 1, name));
    assert.equal(objectTypeByName('OPAQUE_OBJECT'), undefined);
  });

  it('operations carry the KMIP Operation values PyKMIP gives them', () => {
    const samples: [string, number][] = [
      ['CREATE', 0x01],
      ['REKEY', 0x04],
      ['GET', 0x0a],
      ['GET_ATTRIBUTE_LIST', 0x0c],
      ['GET_USAGE_ALLOCATION', 0x11],
      ['RECOVER', 0x16],
      ['REKEY_KEY_PAIR', 0x1d],
      ['SIGNATURE_VERIFY', 0x22],
      ['JOIN_SPLIT_KEY', 0x29],
      ['SET_ATTRIBUTE', 0x31],
      ['PKCS_11', 0x33],
      ['REPROVISION', 0x35],
      ['PING', 0x3b],
    ];
    for (const [name, value] of samples) assert.equal(operationByName(name), value, name);
  });

  it('lookups are exact: no case folding, no inherited properties', () => {
    assert.equal(operationByName('get'), undefined);
    assert.equal(operationByName('toString'), undefined);
    assert.equal(objectTypeByName('__proto__'), undefined);
    assert.equal(permissionByName('DISALLOW'), undefined);
    assert.equal(permissionByName('DISALLOW_ALL'), 'DISALLOW_ALL');
  });
});
