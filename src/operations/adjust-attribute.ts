// Adjust Attribute (KMIP 2.1 §6.1.3, Adjustment Type §11.1; no 1.x form): Increment or Decrement a
// number, interval or date by the Adjustment Value (default 1, one second for a Date-Time, one
// microsecond for a Date-Time Extended), or Negate a number or Boolean. A missing attribute counts
// as 0 (numbers, intervals) or false (Booleans). Dates obey their lifecycle rules, as in Modify.
// Result Reasons (2.1 Table 172): Multi Valued Attribute (several instances), Read Only Attribute,
// Invalid Data Type (adjustment not defined for the value's type), Numeric Range (result does not
// fit), Item Not Found (missing attribute of another type), Wrong Key Lifecycle State, Invalid
// Field, Operation Not Supported for a 1.x request; Object Not Found / Permission Denied / Archived.
import type { TtlvItem } from '../ttlv/item.js';
import { AdjustmentType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { attributeTag } from '../messages/attributes.js';
import type { AttributeName } from '../spec/generated/attributes.js';
import { tagInfo } from '../spec/registry.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { checkEditable, saveEdit } from './support/attribute-edits.js';
import { instancesOf, withInstance } from '../objects/attribute-instances.js';

const dataType = (message: string): KmipError => new KmipError(ResultReason.InvalidDataType, message);

const RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  Integer: [-(2n ** 31n), 2n ** 31n - 1n],
  Interval: [0n, 2n ** 32n - 1n],
  LongInteger: [-(2n ** 63n), 2n ** 63n - 1n],
  DateTime: [-(2n ** 63n), 2n ** 63n - 1n],
  DateTimeExtended: [-(2n ** 63n), 2n ** 63n - 1n],
};

function numberOf(item: TtlvItem): bigint | undefined {
  if (item.type === 'Integer' || item.type === 'Interval') return BigInt(item.value);
  if (item.type === 'LongInteger' || item.type === 'BigInteger') return item.value;
  if (item.type === 'DateTime' || item.type === 'DateTimeExtended') return item.value;
  return undefined;
}

/** `current` with the number `n`, if it fits the type. */
function withNumber(current: TtlvItem, n: bigint): TtlvItem {
  const range = RANGES[current.type];
  if (range !== undefined && (n < range[0] || n > range[1])) {
    throw new KmipError(ResultReason.NumericRange, `${n} does not fit a ${current.type}`);
  }
  const { tag } = current;
  if (current.type === 'Integer' || current.type === 'Interval')
    return { tag, type: current.type, value: Number(n) };
  if (current.type === 'LongInteger' || current.type === 'BigInteger')
    return { tag, type: current.type, value: n };
  if (current.type === 'DateTime' || current.type === 'DateTimeExtended')
    return { tag, type: current.type, value: n };
  throw dataType(`a ${current.type} cannot be adjusted`);
}

function adjusted(current: TtlvItem, adjustment: number, parameter: TtlvItem | undefined): TtlvItem {
  const n = numberOf(current);
  if (adjustment === AdjustmentType.Negate) {
    if (current.type === 'Boolean') return { ...current, value: !current.value };
    if (n === undefined || current.type === 'Interval' || current.type.startsWith('DateTime')) {
      throw dataType(`Negate applies to integers and Booleans, not a ${current.type}`);
    }
    return withNumber(current, -n);
  }
  if (adjustment !== AdjustmentType.Increment && adjustment !== AdjustmentType.Decrement) {
    throw invalidField(`Adjustment Type ${adjustment} is not supported`);
  }
  if (n === undefined)
    throw dataType(`Increment and Decrement apply to numbers, intervals and dates, not a ${current.type}`);
  const step = parameter === undefined ? 1n : numberOf(parameter);
  if (step === undefined || parameter?.type.startsWith('DateTime') === true) {
    throw dataType('the Adjustment Value must be an Integer, Long Integer, Big Integer or Interval');
  }
  return withNumber(current, adjustment === AdjustmentType.Increment ? n + step : n - step);
}

/** The value a missing attribute starts from: 0 or false by its type (custom: the Adjustment Value's type). */
function startingValue(name: AttributeName, parameter: TtlvItem | undefined): TtlvItem {
  const tag = attributeTag(name);
  const type = tagInfo(tag)?.type ?? parameter?.type;
  if (type === 'Boolean') return { tag, type, value: false };
  if (type === 'Integer' || type === 'Interval') return { tag, type, value: 0 };
  if (type === 'LongInteger' || type === 'BigInteger') return { tag, type, value: 0n };
  throw new KmipError(ResultReason.ItemNotFound, `the object has no '${name}' to adjust`);
}

export const adjustAttribute = defineOperation({
  operation: 'AdjustAttribute',
  // Operation policies (PyKMIP's format) have no Adjust Attribute row; it is a modification.
  policy: { checkedAs: 'ModifyAttribute' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const name = request.attributeReference;
    const parameter = request.adjustmentValue;
    const obj = await loadObject(ctx, uid);
    const instances = instancesOf(obj, name);
    if (instances.length > 1) {
      throw new KmipError(
        ResultReason.MultiValuedAttribute,
        `object ${uid} has ${instances.length} instances of '${name}'`,
      );
    }
    checkEditable(obj, name, 'adjust', instances.length === 1);
    const before = instances[0];
    const value = adjusted(
      before?.value ?? startingValue(name, parameter),
      request.adjustmentType,
      parameter,
    );
    await saveEdit(ctx, obj, withInstance(obj, { name, index: before?.index ?? 0, value }));
    return { uniqueIdentifier: uid };
  },
});
