// Mutations for the fuzzer: byte-level (bit flips, interesting bytes, length and type edits at item
// headers, truncation, deletion, duplication, splices from another seed) and tree-level (decode a
// seed, change one node's value, tag or children, encode again: framing stays valid, so the input
// reaches the request parser and the operations). All randomness comes from a seeded PRNG, so a
// run is reproducible from its seed.
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import type { TtlvItem } from '../../src/ttlv/item.js';
import { enumForTag } from '../../src/spec/registry.js';

/** mulberry32: small, fast, good enough to pick mutations. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A seed: its bytes, where its item headers start, and its tree when it decodes. */
export interface Seed {
  readonly bytes: Uint8Array;
  readonly headers: readonly number[];
  readonly tree: TtlvItem | undefined;
}

export function makeSeed(bytes: Uint8Array): Seed {
  let tree: TtlvItem | undefined;
  try {
    tree = decodeTtlv(bytes);
  } catch {
    tree = undefined;
  }
  return { bytes, headers: headerOffsets(bytes), tree };
}

/** Offsets of item headers, found by walking the TTLV as far as it is well formed. */
export function headerOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const walk = (from: number, to: number, depth: number): void => {
    let p = from;
    while (p + 8 <= to && depth < 100) {
      out.push(p);
      const type = bytes[p + 3];
      const length = view.getUint32(p + 4);
      if (type === 0x01) walk(p + 8, Math.min(to, p + 8 + length), depth + 1);
      p += 8 + length + ((8 - (length & 7)) & 7);
    }
  };
  walk(0, bytes.length, 0);
  return out;
}

const INTERESTING_BYTES = [0x00, 0x01, 0x07, 0x08, 0x0c, 0x42, 0x54, 0x7f, 0x80, 0xff];
const INTERESTING_LENGTHS = [
  0, 1, 3, 4, 7, 8, 9, 15, 16, 24, 0x7f, 0x80, 0xfff8, 0x7ffffff8, 0x7fffffff, 0xfffffff8, 0xffffffff,
];
const INTERESTING_INTS = [0, 1, -1, 2, 7, 8, 128, 255, 256, 1024, 2048, 4096, 65535, 0x7fffffff, -0x80000000];

type ByteMutator = (rng: Rng, b: Uint8Array, seed: Seed, others: readonly Seed[]) => Uint8Array;

const headerAt = (rng: Rng, seed: Seed, len: number): number | undefined => {
  const usable = seed.headers.filter((h) => h + 8 <= len);
  return usable.length === 0 ? undefined : rng.pick(usable);
};

const BYTE_MUTATORS: readonly ByteMutator[] = [
  // bit flips
  (rng, b) => {
    if (b.length === 0) return b;
    for (let i = 1 + rng.int(4); i > 0; i--) {
      const at = rng.int(b.length);
      b[at] = (b[at] ?? 0) ^ (1 << rng.int(8));
    }
    return b;
  },
  // an interesting byte somewhere
  (rng, b) => {
    if (b.length > 0) b[rng.int(b.length)] = rng.pick(INTERESTING_BYTES);
    return b;
  },
  // an item's length field
  (rng, b, seed) => {
    const h = headerAt(rng, seed, b.length);
    if (h === undefined) return b;
    const old = new DataView(b.buffer, b.byteOffset).getUint32(h + 4);
    const value = rng.chance(0.5)
      ? rng.pick(INTERESTING_LENGTHS)
      : (old + rng.pick([-16, -8, -4, -1, 1, 4, 8, 16])) >>> 0;
    new DataView(b.buffer, b.byteOffset).setUint32(h + 4, value >>> 0);
    return b;
  },
  // an item's type byte
  (rng, b, seed) => {
    const h = headerAt(rng, seed, b.length);
    if (h !== undefined) b[h + 3] = rng.int(14);
    return b;
  },
  // an item's tag from another seed's item
  (rng, b, seed, others) => {
    const h = headerAt(rng, seed, b.length);
    const other = rng.pick(others);
    const oh = headerAt(rng, other, other.bytes.length);
    if (h !== undefined && oh !== undefined) b.set(other.bytes.subarray(oh, oh + 3), h);
    return b;
  },
  // truncation
  (rng, b) => b.slice(0, rng.int(b.length + 1)),
  // deletion of a range
  (rng, b) => {
    const from = rng.int(b.length + 1);
    const to = Math.min(b.length, from + 1 + rng.int(32));
    return concat(b.subarray(0, from), b.subarray(to));
  },
  // duplication of a range (or of one whole item)
  (rng, b, seed) => {
    const h = headerAt(rng, seed, b.length);
    const from = h ?? rng.int(b.length + 1);
    const to = Math.min(b.length, from + 8 + rng.int(64));
    return concat(b.subarray(0, to), b.subarray(from, to), b.subarray(to));
  },
  // random bytes inserted
  (rng, b) => {
    const at = rng.int(b.length + 1);
    const extra = new Uint8Array(1 + rng.int(16)).map(() => rng.int(256));
    return concat(b.subarray(0, at), extra, b.subarray(at));
  },
  // splice: this seed up to one of its items, another seed from one of its items on
  (rng, b, seed, others) => {
    const other = rng.pick(others);
    const h = headerAt(rng, seed, b.length) ?? 0;
    const oh = headerAt(rng, other, other.bytes.length) ?? 0;
    return concat(b.subarray(0, h), other.bytes.subarray(oh));
  },
];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Every node of a tree with the path of child indexes to it. */
function nodes(item: TtlvItem, path: number[] = [], out: { item: TtlvItem; path: number[] }[] = []) {
  out.push({ item, path });
  if (item.type === 'Structure') item.value.forEach((c, i) => nodes(c, [...path, i], out));
  return out;
}

function replaceAt(root: TtlvItem, path: readonly number[], make: (old: TtlvItem) => TtlvItem[]): TtlvItem {
  if (path.length === 0) return make(root)[0] ?? root;
  if (root.type !== 'Structure') return root;
  const [i, ...rest] = path as [number, ...number[]];
  const value = root.value.flatMap((c, j) =>
    j !== i ? [c] : rest.length === 0 ? make(c) : [replaceAt(c, rest, make)],
  );
  return { tag: root.tag, type: 'Structure', value };
}

/** A new value of the same type, chosen to probe edges (and valid enumeration values). */
function newValue(rng: Rng, item: TtlvItem): TtlvItem {
  const { tag } = item;
  switch (item.type) {
    case 'Structure':
      return { tag, type: 'Structure', value: rng.chance(0.5) ? [] : [...item.value].reverse() };
    case 'Integer':
      return { tag, type: 'Integer', value: rng.pick(INTERESTING_INTS) };
    case 'Interval':
      return { tag, type: 'Interval', value: rng.pick(INTERESTING_INTS) >>> 0 };
    case 'Enumeration': {
      const info = enumForTag(tag);
      const listed = info?.values.map((v) => v.value) ?? [];
      const value =
        listed.length > 0 && rng.chance(0.7) ? rng.pick(listed) : rng.pick(INTERESTING_INTS) >>> 0;
      return { tag, type: 'Enumeration', value };
    }
    case 'LongInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      return {
        tag,
        type: item.type,
        value: rng.pick([0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 1_700_000_000n]),
      };
    case 'BigInteger':
      return { tag, type: 'BigInteger', value: rng.pick([0n, -1n, 1n, 2n ** 2048n - 1n, -(2n ** 100n)]) };
    case 'Boolean':
      return { tag, type: 'Boolean', value: !item.value };
    case 'TextString':
      return {
        tag,
        type: 'TextString',
        value: rng.pick(['', 'x', '$', '\u0000', 'é', 'a'.repeat(5000), item.value + item.value]),
      };
    case 'ByteString':
      return {
        tag,
        type: 'ByteString',
        value: new Uint8Array(rng.pick([0, 1, 8, 16, 32, 33, 4096])).map(() => rng.int(256)),
      };
  }
}

/** One tree-level change: a value, a tag, a type, or the children of a Structure. */
function mutateTree(rng: Rng, tree: TtlvItem, others: readonly Seed[]): TtlvItem {
  const all = nodes(tree);
  const { item, path } = rng.pick(all);
  const otherTree = rng.pick(others).tree;
  const donor = otherTree === undefined ? item : rng.pick(nodes(otherTree)).item;
  switch (rng.int(6)) {
    case 0:
      return replaceAt(tree, path, (old) => [newValue(rng, old)]);
    case 1:
      return replaceAt(tree, path, () => []); // delete
    case 2:
      return replaceAt(tree, path, (old) => [old, old]); // duplicate
    case 3:
      return replaceAt(tree, path, () => [donor]); // graft from another seed
    case 4:
      return replaceAt(tree, path, (old) => [{ ...old, tag: donor.tag }]); // retag
    default:
      return replaceAt(tree, path, (old) => [{ tag: old.tag, type: 'Structure', value: [old] }]); // wrap
  }
}

/** One fuzz input derived from `seed`: 1 to 4 stacked mutations, tree-level first when possible. */
export function mutate(rng: Rng, seed: Seed, others: readonly Seed[]): Uint8Array {
  let bytes: Uint8Array = seed.bytes;
  if (seed.tree !== undefined && rng.chance(0.6)) {
    let tree = seed.tree;
    for (let i = 1 + rng.int(3); i > 0; i--) tree = mutateTree(rng, tree, others);
    try {
      bytes = encodeTtlv(tree);
    } catch {
      bytes = seed.bytes;
    }
    if (rng.chance(0.7)) return bytes;
  }
  bytes = Uint8Array.from(bytes);
  for (let i = 1 + rng.int(3); i > 0; i--) bytes = rng.pick(BYTE_MUTATORS)(rng, bytes, seed, others);
  return bytes;
}
