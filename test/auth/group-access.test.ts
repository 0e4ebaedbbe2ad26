// Group access control end to end in process: the engine with the SLUGS authenticate hook (a
// SLUGS-compatible service on 127.0.0.1) and a policy directory, against the rules of PyKMIP's
// docs "Policy Files" and "Third-Party Integration". Always runs; the same scenarios over TLS with
// PyKMIP's client are in slugs-groups.test.ts.
import { createHarness } from '../helpers/engine-harness.js';
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/log/logger.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { xmlToTtlv } from '../../src/notation/xml.js';
import { createAuthenticator } from '../../src/auth/authenticator.js';
import { batchResult, payloadText, type BatchResult } from '../helpers/engine-harness.js';
import { attr1x, uidXml } from '../helpers/object-fixtures.js';
import { deadSlugsUrl, startFakeSlugs, type FakeSlugs } from './fake-slugs.js';
import { USER_GROUP_CSV, writeGroupPolicy } from './group-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Ask {
  readonly as: string;
  /** A Username and Password Credential in the header. */
  readonly username?: string;
}

function request(operation: string, payload: string, ask: Ask): string {
  const auth =
    ask.username === undefined
      ? ''
      : `<Authentication><Credential><CredentialType type="Enumeration" value="UsernameAndPassword"/>
         <CredentialValue><Username type="TextString" value="${ask.username}"/>
         <Password type="TextString" value="pw-${ask.username}"/></CredentialValue></Credential></Authentication>`;
  return `<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/>
    <ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion>${auth}<BatchCount type="Integer" value="1"/>
    </RequestHeader><BatchItem><Operation type="Enumeration" value="${operation}"/>
    <RequestPayload>${payload}</RequestPayload></BatchItem></RequestMessage>`;
}

const createPayload = (policy?: string): string =>
  `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>
   ${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '128')}
   ${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt Decrypt')}
   ${policy === undefined ? '' : attr1x('Operation Policy Name', 'TextString', policy)}</TemplateAttribute>`;

interface Server {
  readonly engine: Engine;
  send(operation: string, payload: string, ask: Ask): Promise<BatchResult>;
  create(as: string, policy?: string): Promise<string>;
  close(): Promise<void>;
}

async function server(slugsUrl: string | undefined): Promise<Server> {
  const dir = tempDir('kmip-ts-groups-');
  writeGroupPolicy(dir);
  const authenticate =
    slugsUrl === undefined
      ? undefined
      : createAuthenticator([{ name: 'auth:slugs', settings: { enabled: 'True', url: slugsUrl } }], {
          log: silentLogger,
          cacheTtlMs: 0,
        });
  const harness = await createHarness({
    policyPath: dir,
    ...(authenticate !== undefined ? { authenticate } : {}),
  });
  const { engine } = harness;
  const send = async (operation: string, payload: string, ask: Ask): Promise<BatchResult> => {
    const bytes = await engine.handleMessage(xmlToTtlv(request(operation, payload, ask)), {
      identity: ask.as,
    });
    const decoded = decodeTtlv(bytes);
    if (decoded.type !== 'Structure') throw new Error('not a response');
    return batchResult(decoded);
  };
  return {
    engine,
    send,
    create: async (as, policy) => {
      const r = await send('Create', createPayload(policy), { as });
      assert.equal(r.status, 'Success', r.xml);
      return payloadText(r, Tag.UniqueIdentifier)!;
    },
    close: () => harness.close(),
  };
}

const get = (s: Server, as: string, uid: string) => s.send('Get', uidXml(uid), { as });
const destroy = (s: Server, as: string, uid: string) => s.send('Destroy', uidXml(uid), { as });

describe('group access control with SLUGS', () => {
  let slugs: FakeSlugs;
  let s: Server;
  before(async () => {
    slugs = await startFakeSlugs({ csv: USER_GROUP_CSV });
    s = await server(slugs.url);
  });
  after(async () => {
    await s.close();
    await slugs.close();
  });

  it('group_A creates and destroys; group_B reads but cannot destroy (docs "Policy Files")', async () => {
    const uid = await s.create('alice', 'shared');
    assert.equal((await get(s, 'bob', uid)).status, 'Success');
    assert.equal((await destroy(s, 'bob', uid)).reason, 'PermissionDenied');
    assert.equal((await destroy(s, 'alice', uid)).status, 'Success');
  });

  it('groups override ownership: group_B cannot destroy even a key it created', async () => {
    const uid = await s.create('bob', 'shared');
    assert.equal((await destroy(s, 'bob', uid)).reason, 'PermissionDenied');
    assert.equal((await get(s, 'alice', uid)).status, 'Success');
  });

  it('a user in both groups gets the most permissive permission (the union)', async () => {
    const uid = await s.create('bob', 'shared');
    assert.equal((await get(s, 'carol', uid)).status, 'Success');
    assert.equal((await destroy(s, 'carol', uid)).status, 'Success');
  });

  it('a user in no group the policy names is denied, though the preset would let the owner in', async () => {
    const uid = await s.create('dave', 'shared');
    assert.equal((await get(s, 'dave', uid)).reason, 'PermissionDenied');
    assert.equal((await get(s, 'alice', uid)).status, 'Success');
  });

  it('with group information and a preset-only policy (default), the preset decides', async () => {
    const uid = await s.create('alice');
    assert.equal((await get(s, 'alice', uid)).status, 'Success');
    assert.equal((await get(s, 'carol', uid)).reason, 'PermissionDenied');
  });

  it('Locate shows a group member the objects its groups may locate', async () => {
    const uid = await s.create('alice', 'shared');
    const byBob = await s.send('Locate', '', { as: 'bob' });
    assert.match(byBob.xml, new RegExp(uid));
    const byDave = await s.send('Locate', '', { as: 'dave' });
    assert.doesNotMatch(byDave.xml, new RegExp(uid));
  });

  it('a groups-only policy applies its groups when group information is available', async () => {
    const uid = await s.create('bob', 'groups_only');
    assert.equal((await get(s, 'alice', uid)).status, 'Success');
    assert.equal((await get(s, 'bob', uid)).reason, 'PermissionDenied');
  });

  it('refuses a user SLUGS does not know with Authentication Not Successful', async () => {
    const r = await s.send('Create', createPayload('shared'), { as: 'eve' });
    assert.equal(r.reason, 'AuthenticationNotSuccessful');
    assert.match(r.message ?? '', /eve.*unknown user/);
  });

  it("accepts a Credential naming the certificate's user and refuses one naming another", async () => {
    const uid = await s.create('alice', 'shared');
    assert.equal((await s.send('Get', uidXml(uid), { as: 'bob', username: 'bob' })).status, 'Success');
    const r = await s.send('Get', uidXml(uid), { as: 'bob', username: 'carol' });
    assert.equal(r.reason, 'AuthenticationNotSuccessful');
  });
});

describe('without SLUGS (no group information)', () => {
  let s: Server;
  before(async () => {
    s = await server(undefined);
  });
  after(() => s.close());

  it('the preset collection decides', async () => {
    const uid = await s.create('alice', 'shared');
    assert.equal((await get(s, 'alice', uid)).status, 'Success'); // preset Allow Owner
    assert.equal((await get(s, 'bob', uid)).reason, 'PermissionDenied');
    assert.equal((await destroy(s, 'alice', uid)).reason, 'PermissionDenied'); // preset Disallow All
  });

  it('a groups-only policy denies everything, even to the owner', async () => {
    const uid = await s.create('alice', 'groups_only');
    assert.equal((await get(s, 'alice', uid)).reason, 'PermissionDenied');
    assert.equal((await destroy(s, 'alice', uid)).reason, 'PermissionDenied');
  });

  it('credentials are accepted and ignored', async () => {
    const uid = await s.create('alice');
    assert.equal(
      (await s.send('Get', uidXml(uid), { as: 'alice', username: 'somebody-else' })).status,
      'Success',
    );
  });
});

describe('with SLUGS down', () => {
  it('every request fails with Authentication Not Successful saying the service could not be reached', async () => {
    const s = await server(await deadSlugsUrl());
    try {
      const r = await s.send('Create', createPayload(), { as: 'alice' });
      assert.equal(r.status, 'OperationFailed');
      assert.equal(r.reason, 'AuthenticationNotSuccessful');
      assert.match(r.message ?? '', /could not be reached/);
    } finally {
      await s.close();
    }
  });
});
