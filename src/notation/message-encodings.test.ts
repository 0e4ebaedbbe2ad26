// The three message encodings and their media types: Content-Type and Accept read as the KMIP
// HTTPS profile names them (parameters and case ignored, application/xml taken as text/xml), a
// message round-trips through each encoding, and text that is not UTF-8 is a TtlvError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MEDIA_TYPE,
  MessageEncoding,
  decodeMessage,
  encodeMessage,
  encodingOfAccept,
  encodingOfMediaType,
} from './message-encodings.js';
import { xmlToTtlv } from './xml.js';
import { TtlvError } from '../ttlv/errors.js';

test('Content-Type names an encoding, whatever its case and parameters', () => {
  assert.equal(encodingOfMediaType('application/octet-stream'), 'ttlv');
  assert.equal(encodingOfMediaType('Application/JSON; charset=utf-8'), 'json');
  assert.equal(encodingOfMediaType('text/xml;charset=UTF-8'), 'xml');
  assert.equal(encodingOfMediaType('application/xml'), 'xml');
  assert.equal(encodingOfMediaType('text/plain'), undefined);
  assert.equal(encodingOfMediaType(''), undefined);
  assert.equal(encodingOfMediaType(undefined), undefined);
});

test('Accept gives the first encoding it lists; wildcards and others are passed over', () => {
  assert.equal(encodingOfAccept('*/*, text/xml;q=0.5, application/json'), 'xml');
  assert.equal(encodingOfAccept('text/html'), undefined);
  assert.equal(encodingOfAccept(undefined), undefined);
});

test('a message round-trips through every encoding, written with its media type', () => {
  const message = xmlToTtlv(`<RequestMessage><RequestHeader><ProtocolVersion>
    <ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/>
    </ProtocolVersion><BatchCount type="Integer" value="1"/></RequestHeader>
    <BatchItem><Operation type="Enumeration" value="Get"/><RequestPayload>
    <UniqueIdentifier type="TextString" value="é &lt;1&gt;"/></RequestPayload></BatchItem></RequestMessage>`);
  for (const encoding of Object.values(MessageEncoding)) {
    assert.deepEqual(decodeMessage(encoding, encodeMessage(encoding, message)), message, encoding);
    assert.equal(encodingOfMediaType(MEDIA_TYPE[encoding]), encoding);
  }
});

test('JSON or XML that is not UTF-8, or not a message, is a TtlvError', () => {
  for (const encoding of [MessageEncoding.Json, MessageEncoding.Xml]) {
    assert.throws(() => decodeMessage(encoding, Uint8Array.of(0x3c, 0xff, 0x3e)), TtlvError);
  }
  assert.throws(() => decodeMessage(MessageEncoding.Json, Buffer.from('[1, 2')), TtlvError);
  assert.throws(() => decodeMessage(MessageEncoding.Ttlv, Buffer.from('4200', 'hex')), TtlvError);
  assert.throws(
    () =>
      decodeMessage(MessageEncoding.Ttlv, Buffer.from('42007801000000100000000000000000', 'hex'), {
        maxLength: 8,
      }),
    TtlvError,
  );
});
