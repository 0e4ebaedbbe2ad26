// Policy file parsing (PyKMIP docs "Policy Files"; rules of kmip/core/policy.py read_policy_from_file).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PolicyObjectType as T } from './names.js';
import { Operation } from '../../spec/generated/enums.js';
import { PolicyFileError, parsePolicyFile } from './parse.js';

const text = (v: unknown): string => JSON.stringify(v);

describe('parsePolicyFile (PyKMIP docs "Policy Files")', () => {
  it('reads a preset collection: object type -> operation -> permission', () => {
    const out = parsePolicyFile(
      text({
        example: {
          preset: { CERTIFICATE: { LOCATE: 'ALLOW_ALL', CHECK: 'ALLOW_ALL', DESTROY: 'ALLOW_OWNER' } },
        },
      }),
    );
    const cert = out.get('example')?.preset?.get(T.CERTIFICATE);
    assert.equal(cert?.get(Operation.Locate), 'ALLOW_ALL');
    assert.equal(cert?.get(Operation.Check), 'ALLOW_ALL');
    assert.equal(cert?.get(Operation.Destroy), 'ALLOW_OWNER');
    assert.equal(out.get('example')?.groups, undefined);
  });

  it('reads a groups collection: group -> object type -> operation -> permission', () => {
    const out = parsePolicyFile(
      text({
        example: {
          groups: {
            group_A: { CERTIFICATE: { GET: 'ALLOW_ALL', DESTROY: 'ALLOW_ALL' } },
            group_B: { CERTIFICATE: { GET: 'ALLOW_ALL', DESTROY: 'DISALLOW_ALL' } },
          },
        },
      }),
    );
    const groups = out.get('example')?.groups;
    assert.equal(groups?.get('group_A')?.get(T.CERTIFICATE)?.get(Operation.Destroy), 'ALLOW_ALL');
    assert.equal(groups?.get('group_B')?.get(T.CERTIFICATE)?.get(Operation.Destroy), 'DISALLOW_ALL');
    assert.equal(out.get('example')?.preset, undefined);
  });

  it('reads preset and groups in the same policy', () => {
    const out = parsePolicyFile(
      text({
        example: {
          preset: { CERTIFICATE: { DESTROY: 'DISALLOW_ALL' } },
          groups: { group_A: { CERTIFICATE: { DESTROY: 'ALLOW_ALL' } } },
        },
      }),
    );
    const p = out.get('example');
    assert.equal(p?.preset?.get(T.CERTIFICATE)?.get(Operation.Destroy), 'DISALLOW_ALL');
    assert.equal(p?.groups?.get('group_A')?.get(T.CERTIFICATE)?.get(Operation.Destroy), 'ALLOW_ALL');
  });

  it('reads several policies from one file, in file order, as distinct policies', () => {
    const out = parsePolicyFile(
      text({
        example_1: { preset: { CERTIFICATE: { DESTROY: 'DISALLOW_ALL' } } },
        example_2: { groups: { group_A: { CERTIFICATE: { DESTROY: 'ALLOW_ALL' } } } },
      }),
    );
    assert.deepEqual([...out.keys()], ['example_1', 'example_2']);
    assert.notEqual(out.get('example_1'), out.get('example_2'));
  });

  it('reads the older format (object types at the top of the policy) as its preset', () => {
    const out = parsePolicyFile(
      text({ legacy: { SYMMETRIC_KEY: { GET: 'ALLOW_ALL' }, OPAQUE_DATA: { GET: 'ALLOW_OWNER' } } }),
    );
    assert.equal(out.get('legacy')?.preset?.get(T.SYMMETRIC_KEY)?.get(Operation.Get), 'ALLOW_ALL');
    assert.equal(out.get('legacy')?.preset?.get(T.OPAQUE_DATA)?.get(Operation.Get), 'ALLOW_OWNER');
    assert.equal(out.get('legacy')?.groups, undefined);
  });

  it('skips a policy with no keys, and drops empty preset/groups sections', () => {
    const out = parsePolicyFile(
      text({
        empty: {},
        hollow: { preset: {}, groups: {} },
        ok: { preset: { PGP_KEY: { GET: 'ALLOW_ALL' } } },
      }),
    );
    assert.equal(out.has('empty'), false);
    assert.deepEqual(out.get('hollow'), {});
    assert.equal(out.get('ok')?.preset?.get(T.PGP_KEY)?.get(Operation.Get), 'ALLOW_ALL');
  });

  it('returns reserved names too (the registry throws them out)', () => {
    assert.ok(
      parsePolicyFile(text({ default: { preset: { CERTIFICATE: { GET: 'DISALLOW_ALL' } } } })).has('default'),
    );
  });

  const invalid: readonly [string, string][] = [
    ['invalid JSON', '{"example": {'],
    ['a top level that is not an object', '[1, 2]'],
    ['a policy that is not an object', text({ p: 'ALLOW_ALL' })],
    ['an unknown object type', text({ p: { preset: { KEY: { GET: 'ALLOW_ALL' } } } })],
    ['an unknown operation', text({ p: { preset: { SYMMETRIC_KEY: { FETCH: 'ALLOW_ALL' } } } })],
    [
      'an unknown permission (PyKMIP spells it DISALLOW_ALL)',
      text({ p: { preset: { SYMMETRIC_KEY: { GET: 'DISALLOW' } } } }),
    ],
    ['a permission in display form', text({ p: { preset: { SYMMETRIC_KEY: { GET: 'Allow All' } } } })],
    ['a lower-case name', text({ p: { preset: { symmetric_key: { GET: 'ALLOW_ALL' } } } })],
    ['a section that is neither preset, groups nor an object type', text({ p: { preset: {}, owners: {} } })],
    // PyKMIP PR #437 renamed this section to 'preset'; current PyKMIP rejects the old name.
    ['the pre-2018 section name "default"', text({ p: { default: { CERTIFICATE: { GET: 'ALLOW_ALL' } } } })],
    ['sections mixed with object types', text({ p: { preset: {}, CERTIFICATE: { GET: 'ALLOW_ALL' } } })],
    ['operations that are not an object', text({ p: { preset: { CERTIFICATE: ['GET'] } } })],
    ['a group that is not an object', text({ p: { groups: { g: 'ALLOW_ALL' } } })],
  ];
  for (const [what, body] of invalid) {
    it(`rejects the whole file for ${what}`, () => {
      assert.throws(() => parsePolicyFile(body), PolicyFileError);
    });
  }

  it('rejects the whole file when one of its policies is invalid', () => {
    const body = text({
      good: { preset: { CERTIFICATE: { GET: 'ALLOW_ALL' } } },
      bad: { preset: { CERTIFICATE: { GET: 'NOPE' } } },
    });
    assert.throws(() => parsePolicyFile(body), /'NOPE' is not a valid Policy value/);
  });
});
