import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TtlvError } from './errors.js';
import type { TtlvItem } from './item.js';
import {
  hasPlaceholders,
  makePlaceholderItem,
  parsePlaceholder,
  placeholderOf,
  resolvePlaceholders,
} from './placeholders.js';

describe('placeholders', () => {
  it('splits a placeholder into name and offset', () => {
    assert.deepEqual(parsePlaceholder('$NOW'), { text: '$NOW', name: 'NOW', offset: 0 });
    assert.deepEqual(parsePlaceholder('$NOW-3600'), { text: '$NOW-3600', name: 'NOW', offset: -3600 });
    assert.deepEqual(parsePlaceholder('$NOW+3600'), { text: '$NOW+3600', name: 'NOW', offset: 3600 });
    assert.deepEqual(parsePlaceholder('$UNIQUE_IDENTIFIER_12'), {
      text: '$UNIQUE_IDENTIFIER_12',
      name: 'UNIQUE_IDENTIFIER_12',
      offset: 0,
    });
    assert.deepEqual(parsePlaceholder('$odd text'), { text: '$odd text', name: 'odd text', offset: 0 });
  });

  it('gives placeholder items a neutral value of their type and marks only them', () => {
    const time = makePlaceholderItem(0x420092, 'DateTime', '$NOW');
    const text = makePlaceholderItem(0x420094, 'TextString', '$UNIQUE_IDENTIFIER_0');
    assert.deepEqual(time, { tag: 0x420092, type: 'DateTime', value: 0n });
    assert.deepEqual(text, { tag: 0x420094, type: 'TextString', value: '$UNIQUE_IDENTIFIER_0' });
    assert.equal(placeholderOf(time)?.name, 'NOW');
    assert.equal(placeholderOf({ ...time }), undefined, 'a copy is not marked');
  });

  it('resolves marked items, shares untouched subtrees and leaves unanswered ones marked', () => {
    const untouched: TtlvItem = {
      tag: 0x420001,
      type: 'Structure',
      value: [{ tag: 0x42000d, type: 'Integer', value: 1 }],
    };
    const kept = makePlaceholderItem(0x420043, 'ByteString', '$KEY');
    const tree: TtlvItem = {
      tag: 0x420078,
      type: 'Structure',
      value: [untouched, makePlaceholderItem(0x420092, 'DateTime', '$NOW-3600'), kept],
    };
    assert.equal(hasPlaceholders(tree), true);
    const resolved = resolvePlaceholders(tree, (p) =>
      p.name === 'NOW' ? 1000n + BigInt(p.offset) : undefined,
    );
    assert.equal(resolved.type, 'Structure');
    const [a, b, c] = resolved.value;
    assert.equal(a, untouched);
    assert.deepEqual(b, { tag: 0x420092, type: 'DateTime', value: -2600n });
    assert.equal(placeholderOf(b), undefined);
    assert.equal(c, kept);
    assert.equal(hasPlaceholders(untouched), false);
  });

  it('refuses a resolved value of the wrong type', () => {
    const item = makePlaceholderItem(0x420092, 'DateTime', '$NOW');
    assert.throws(
      () => resolvePlaceholders(item, () => 5),
      (e: unknown) => e instanceof TtlvError && /\$NOW: a DateTime cannot hold a number/.test(e.message),
    );
  });
});
