// One attribute value as text a person reads: enumerations and masks spaced out
// (Cryptographic Usage Mask "Encrypt | Decrypt"), dates in UTC, byte strings in hex (long ones
// shortened), structures as their fields, a Link as a link to the object it names.
import { child, childText, children, isStructure, spaced, valueText, type Item } from '../kmip/json-items.js';
import { formatDate } from '../format.js';
import { objectHref } from '../router.js';

const HEX_SHOWN = 32;

export function primitiveText(i: Item): string {
  const raw = valueText(i);
  if (i.type === 'DateTime') return formatDate(raw);
  if (i.type === 'Enumeration') return spaced(raw);
  // A mask is its bits' names joined by "|".
  if (i.type === 'Integer' && raw.includes('|')) return raw.split('|').map(spaced).join(' | ');
  if (i.type === 'ByteString' && raw.length > HEX_SHOWN)
    return `${raw.slice(0, HEX_SHOWN)}… (${raw.length / 2} bytes)`;
  if (i.type === 'Boolean') return i.value === true ? 'yes' : 'no';
  return raw;
}

export function AttributeValue({ item }: { readonly item: Item }) {
  if (item.tag === 'Link') {
    const uid = childText(item, 'LinkedObjectIdentifier');
    return (
      <span>
        {spaced(childText(item, 'LinkType'))}: <a href={objectHref(uid)}>{uid}</a>
      </span>
    );
  }
  if (item.tag === 'Attribute') {
    const value = child(item, 'AttributeValue');
    return value === undefined ? null : <AttributeValue item={value} />;
  }
  if (item.tag === 'Name') return <span>{childText(item, 'NameValue')}</span>;
  if (!isStructure(item)) return <span>{primitiveText(item)}</span>;
  return (
    <dl class="fields">
      {children(item).map((c, i) => (
        <div key={i}>
          <dt>{spaced(c.tag)}</dt>
          <dd>
            <AttributeValue item={c} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
