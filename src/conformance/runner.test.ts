// The OASIS runner's comparison rules, each proven with a scripted server: a rule holds when a
// right answer passes and a wrong one is caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xmlToTtlv } from '../notation/xml.js';
import { runCase, type CaseResult } from './runner.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const iso = (offsetSeconds: number): string =>
  new Date(NOW.getTime() + offsetSeconds * 1000).toISOString().replace('.000Z', '+00:00');

const version = (minor: number): string =>
  `<ProtocolVersion><ProtocolVersionMajor type="Integer" value="${minor > 9 ? 2 : 1}"/>` +
  `<ProtocolVersionMinor type="Integer" value="${minor > 9 ? minor - 20 : minor}"/></ProtocolVersion>`;

function request(op: string, payload: string, minor = 4): string {
  return (
    `<RequestMessage><RequestHeader>${version(minor)}<BatchCount type="Integer" value="1"/></RequestHeader>` +
    `<BatchItem><Operation type="Enumeration" value="${op}"/><RequestPayload>${payload}</RequestPayload></BatchItem></RequestMessage>`
  );
}

function response(op: string, payload: string, timeStamp = '$NOW', minor = 4): string {
  return (
    `<ResponseMessage><ResponseHeader>${version(minor)}<TimeStamp type="DateTime" value="${timeStamp}"/>` +
    `<BatchCount type="Integer" value="1"/></ResponseHeader><BatchItem><Operation type="Enumeration" value="${op}"/>` +
    `<ResultStatus type="Enumeration" value="Success"/><ResponsePayload>${payload}</ResponsePayload></BatchItem></ResponseMessage>`
  );
}

/** Runs a case (request/expected pairs) against a server that answers with `answers`, in order. */
async function run(
  pairs: readonly (readonly [string, string])[],
  answers: readonly string[],
): Promise<CaseResult> {
  return replay('T-M-1-14', `<KMIP>${pairs.map(([q, r]) => q + r).join('')}</KMIP>`, answers);
}

/** Runs the case file text `xml` against a server that answers with `answers`, in order. */
async function replay(name: string, xml: string, answers: readonly string[]): Promise<CaseResult> {
  const queue = [...answers];
  return runCase(name, xml, async () => xmlToTtlv(queue.shift() ?? '<ResponseMessage/>'), undefined, NOW);
}

const uid = (v: string): string => `<UniqueIdentifier type="TextString" value="${v}"/>`;
const createReq = request('Create', '<ObjectType type="Enumeration" value="SymmetricKey"/>');
const registerReq = (key: string): string =>
  request(
    'Register',
    '<ObjectType type="Enumeration" value="SymmetricKey"/><SymmetricKey><KeyBlock>' +
      `<KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="${key}"/></KeyValue>` +
      '</KeyBlock></SymmetricKey>',
  );

test('$NOW matches a server clock reading within 60 seconds of the run, not 61', async () => {
  const pair = [createReq, response('Create', uid('$UNIQUE_IDENTIFIER_0'))] as const;
  assert.equal((await run([pair], [response('Create', uid('k1'), iso(59))])).passed, true);
  const late = await run([pair], [response('Create', uid('k1'), iso(-61))]);
  assert.equal(late.passed, false);
  assert.match(late.difference ?? '', /not within 60s of \$NOW/);
});

test('two $UNIQUE_IDENTIFIER_n placeholders cannot bind the same identifier', async () => {
  const pairs = [
    [createReq, response('Create', uid('$UNIQUE_IDENTIFIER_0'))],
    [createReq, response('Create', uid('$UNIQUE_IDENTIFIER_1'))],
  ] as const;
  const twice = await run(pairs, [
    response('Create', uid('k1'), iso(0)),
    response('Create', uid('k1'), iso(0)),
  ]);
  assert.equal(twice.passed, false);
  assert.match(twice.difference ?? '', /already \$UNIQUE_IDENTIFIER_0/);
  const two = await run(pairs, [
    response('Create', uid('k1'), iso(0)),
    response('Create', uid('k2'), iso(0)),
  ]);
  assert.equal(two.passed, true);
});

test('a Query answer lists every expected operation and object type; it may list more', async () => {
  const ops = (...names: string[]): string =>
    names.map((n) => `<Operation type="Enumeration" value="${n}"/>`).join('') +
    '<ObjectType type="Enumeration" value="SymmetricKey"/>';
  const pair = [
    request('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>'),
    response('Query', ops('Create', 'Get')),
  ] as const;
  assert.equal((await run([pair], [response('Query', ops('Get', 'Locate', 'Create'), iso(0))])).passed, true);
  const short = await run([pair], [response('Query', ops('Create', 'Locate'), iso(0))]);
  assert.equal(short.passed, false);
  assert.match(short.difference ?? '', /not listed: Operation Get/);
});

test('an RSA PKCS#1 v1.5 signature is compared byte for byte; a PSS one by length', async () => {
  const sign = (padding: string): string =>
    request(
      'Sign',
      uid('key') +
        `<CryptographicParameters><PaddingMethod type="Enumeration" value="${padding}"/></CryptographicParameters>` +
        '<Data type="ByteString" value="01020304"/>',
    );
  const signed = (sig: string): string =>
    response('Sign', uid('key') + `<SignatureData type="ByteString" value="${sig}"/>`, iso(0));
  const expected = response('Sign', uid('key') + '<SignatureData type="ByteString" value="aabbccdd"/>');
  const pkcs1 = await run([[sign('PKCS1V1_5'), expected]], [signed('aabbccde')]);
  assert.match(pkcs1.difference ?? '', /SignatureData: aabbccde, expected aabbccdd/);
  assert.equal((await run([[sign('PKCS1V1_5'), expected]], [signed('aabbccdd')])).passed, true);
  assert.equal(
    (await run([[sign('PSS'), expected]], [signed('11223344')])).passed,
    true,
    'PSS is randomized',
  );
});

test('a key derived from a registered key has known bytes; one derived from a generated key does not', async () => {
  const derive = request(
    'DeriveKey',
    `<ObjectType type="Enumeration" value="SymmetricKey"/>${uid('$UNIQUE_IDENTIFIER_0')}` +
      '<DerivationMethod type="Enumeration" value="HASH"/>',
  );
  const get = request('Get', uid('$UNIQUE_IDENTIFIER_1'));
  const key = (material: string): string =>
    uid('$UNIQUE_IDENTIFIER_1') +
    '<SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/>' +
    `<KeyValue><KeyMaterial type="ByteString" value="${material}"/></KeyValue></KeyBlock></SymmetricKey>`;
  const got = (material: string): string =>
    response('Get', key(material).replace('$UNIQUE_IDENTIFIER_1', 'd'), iso(0));
  const pairs = (first: string): (readonly [string, string])[] => [
    [first, response(first.includes('Register') ? 'Register' : 'Create', uid('$UNIQUE_IDENTIFIER_0'))],
    [derive, response('DeriveKey', uid('$UNIQUE_IDENTIFIER_1'))],
    [get, response('Get', key('00112233'))],
  ];
  const answers = (first: string, material: string): string[] => [
    response(first, uid('b'), iso(0)),
    response('DeriveKey', uid('d'), iso(0)),
    got(material),
  ];
  const wrong = await run(pairs(registerReq('0f0f')), answers('Register', 'ffeeddcc'));
  assert.match(wrong.difference ?? '', /KeyMaterial: ffeeddcc, expected 00112233/);
  assert.equal((await run(pairs(registerReq('0f0f')), answers('Register', '00112233'))).passed, true);
  assert.equal((await run(pairs(createReq), answers('Create', 'ffeeddcc'))).passed, true);
});

test('the digest of a registered key is compared; that of a generated key is not', async () => {
  const digest = (v: string): string =>
    '<Attribute><AttributeName type="TextString" value="Digest"/><AttributeValue>' +
    `<HashingAlgorithm type="Enumeration" value="SHA_256"/><DigestValue type="ByteString" value="${v}"/></AttributeValue></Attribute>`;
  const ask = request(
    'GetAttributes',
    uid('$UNIQUE_IDENTIFIER_0') + '<AttributeName type="TextString" value="Digest"/>',
  );
  const pairs = (first: string): (readonly [string, string])[] => [
    [first, response(first.includes('Register') ? 'Register' : 'Create', uid('$UNIQUE_IDENTIFIER_0'))],
    [ask, response('GetAttributes', uid('$UNIQUE_IDENTIFIER_0') + digest('aa'))],
  ];
  const answers = (op: string, v: string): string[] => [
    response(op, uid('k'), iso(0)),
    response('GetAttributes', uid('k') + digest(v), iso(0)),
  ];
  const wrong = await run(pairs(registerReq('00')), answers('Register', 'bb'));
  assert.match(wrong.difference ?? '', /DigestValue: bb, expected aa/);
  assert.equal((await run(pairs(registerReq('00')), answers('Register', 'aa'))).passed, true);
  assert.equal((await run(pairs(createReq), answers('Create', 'bb'))).passed, true);
});

test('a KMIP Profiles v1.0 case reads its written-out server clock as $NOW and the dates it sent as themselves', async () => {
  const revoke = request(
    'Revoke',
    uid('k') + '<CompromiseOccurrenceDate type="DateTime" value="1970-01-01T00:00:06+00:00"/>',
    0,
  );
  const ask = request('GetAttributes', uid('k'), 0);
  const dates = (compromise: string, initial: string): string =>
    uid('k') +
    `<Attribute><AttributeName type="TextString" value="Compromise   Occurrence Date"/><AttributeValue type="DateTime" value="${compromise}"/></Attribute>` +
    `<Attribute><AttributeName type="TextString" value="Initial Date"/><AttributeValue type="DateTime" value="${initial}"/></Attribute>`;
  const xml =
    `<KmipTestCase>${revoke}${response('Revoke', uid('k'), '2012-04-27T08:12:24+00:00', 0)}` +
    `${ask}${response('GetAttributes', dates('1970-01-01T00:00:06+00:00', '2013-01-10T23:33:21+00:00'), '2012-04-27T08:12:24+00:00', 0)}</KmipTestCase>`;
  const answer = (compromise: string): string[] => [
    response('Revoke', uid('k'), iso(1), 0),
    response(
      'GetAttributes',
      dates(compromise, iso(-2)).replace('Compromise   Occurrence', 'Compromise Occurrence'),
      iso(1),
      0,
    ),
  ];
  const play = (answers: string[]): Promise<CaseResult> => replay('T-M-1-10', xml, answers);
  assert.equal((await play(answer('1970-01-01T00:00:06+00:00'))).passed, true);
  const moved = await play(answer(iso(0)));
  assert.match(
    moved.difference ?? '',
    /AttributeValue: \d+, expected 6/,
    'a date the case sent is not a clock reading',
  );
});
