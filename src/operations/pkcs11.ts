// PKCS#11 (KMIP 2.1 §6.1.37): a PKCS#11 call carried in KMIP, answered by the server's PKCS#11
// library (engine/pkcs11-service.ts: the server itself, or a configured module). The request
// names the function (PKCS#11 Function: its 1-based place in CK_FUNCTION_LIST_3_0, §11.38), the
// interface (absent: the default "PKCS 11" v3.0 interface), the Correlation Value C_Initialize
// handed out, and the Input Parameters; the response echoes the function and carries the Output
// Parameters and the CK_RV as PKCS#11 Return Code. A PKCS#11-level failure (a call before
// C_Initialize …) is a Success with that return code, as a library call returns it. Result
// Reasons (Table 275): PKCS#11 Invalid Interface, PKCS#11 Invalid Function (functions this
// interface does not offer), Invalid Field (a field of the wrong type), Operation Not Supported
// (no PKCS#11 library configured).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultReason } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from '../engine/operation-context.js';
import { OFFERED_FUNCTIONS } from '../engine/pkcs11-service.js';

/** The name PKCS#11 3.0 §5.2 gives the default interface (C_GetInterface). */
const DEFAULT_INTERFACE = 'PKCS 11';

function field(payload: StructureItem, tag: number): TtlvItem | undefined {
  return payload.value.find((c) => c.tag === tag);
}

/** The interface name: a Text String, or (§7.28's table) a structure holding one. */
function interfaceName(item: TtlvItem | undefined): string | undefined {
  if (item === undefined) return undefined;
  if (item.type === 'TextString') return item.value;
  const inner = item.type === 'Structure' ? item.value.find((c) => c.type === 'TextString') : undefined;
  if (inner?.type !== 'TextString') throw invalidField('PKCS#11 Interface must name an interface');
  return inner.value;
}

export async function pkcs11(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const service = ctx.server.pkcs11;
  if (service === undefined)
    throw new KmipError(ResultReason.OperationNotSupported, 'this server has no PKCS#11 library');
  const iface = field(payload, Tag.PKCS_11Interface);
  const name = interfaceName(iface);
  if (name !== undefined && name !== DEFAULT_INTERFACE)
    throw new KmipError(
      ResultReason.PKCS_11InvalidInterface,
      `the PKCS#11 interface '${name}' is not offered; the default '${DEFAULT_INTERFACE}' interface is`,
    );
  const fn = field(payload, Tag.PKCS_11Function);
  if (fn?.type !== 'Enumeration' && fn?.type !== 'Integer')
    throw invalidField(
      'PKCS#11 needs a PKCS#11 Function (an Enumeration, or an Integer for a vendor function)',
    );
  if (!OFFERED_FUNCTIONS.has(fn.value)) {
    const offered = [...OFFERED_FUNCTIONS].map((f) => enumValueName('PKCS_11Function', f)).join(', ');
    throw new KmipError(
      ResultReason.PKCS_11InvalidFunction,
      `PKCS#11 function ${fn.value} is not offered; this interface has ${offered}`,
    );
  }
  const correlation = field(payload, Tag.CorrelationValue);
  if (correlation !== undefined && correlation.type !== 'ByteString')
    throw invalidField('Correlation Value must be a Byte String');
  const input = field(payload, Tag.PKCS_11InputParameters);
  if (input !== undefined && input.type !== 'ByteString')
    throw invalidField('PKCS#11 Input Parameters must be a Byte String');
  const result = await service.call({
    fn: fn.value,
    identity: ctx.identity,
    correlation: correlation?.value,
  });
  const out: TtlvItem[] = [];
  if (iface !== undefined) out.push(iface);
  out.push(fn.type === 'Enumeration' ? fn : { tag: Tag.PKCS_11Function, type: 'Integer', value: fn.value });
  if (result.correlation !== undefined)
    out.push({ tag: Tag.CorrelationValue, type: 'ByteString', value: result.correlation });
  if (result.output !== undefined)
    out.push({ tag: Tag.PKCS_11OutputParameters, type: 'ByteString', value: result.output });
  out.push({ tag: Tag.PKCS_11ReturnCode, type: 'Enumeration', value: result.returnCode });
  return out;
}
