// PKCS#11 (KMIP 2.1 §6.1.37): a PKCS#11 call carried in KMIP, answered by the server's PKCS#11
// library (support/pkcs11-service.ts: the server itself, or a configured module). The request
// names the function (PKCS#11 Function: its 1-based place in CK_FUNCTION_LIST_3_0, §11.38), the
// interface (absent: the default "PKCS 11" v3.0 interface), the Correlation Value C_Initialize
// handed out, and the Input Parameters; the response echoes the function and carries the Output
// Parameters and the CK_RV as PKCS#11 Return Code. A PKCS#11-level failure (a call before
// C_Initialize …) is a Success with that return code, as a library call returns it. Result
// Reasons (Table 275): PKCS#11 Invalid Interface, PKCS#11 Invalid Function (functions this
// interface does not offer), Invalid Field (a field of the wrong type), Operation Not Supported
// (no PKCS#11 library configured).
import type { TtlvItem } from '../ttlv/item.js';
import { ResultReason } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { OFFERED_FUNCTIONS } from './support/pkcs11-service.js';

/** The name PKCS#11 3.0 §5.2 gives the default interface (C_GetInterface). */
const DEFAULT_INTERFACE = 'PKCS 11';

/** The interface name: a Text String, or (§7.28's table) a structure holding one. */
function interfaceName(item: TtlvItem | undefined): string | undefined {
  if (item === undefined) return undefined;
  if (item.type === 'TextString') return item.value;
  const inner = item.type === 'Structure' ? item.value.find((c) => c.type === 'TextString') : undefined;
  if (inner?.type !== 'TextString') throw invalidField('PKCS#11 Interface must name an interface');
  return inner.value;
}

export const pkcs11 = defineOperation({
  operation: 'PKCS_11',
  policy: { none: true },
  handler: async (request, ctx) => {
    const service = ctx.server.pkcs11;
    if (service === undefined)
      throw new KmipError(ResultReason.OperationNotSupported, 'this server has no PKCS#11 library');
    const iface = request.pkcs_11Interface;
    const name = interfaceName(iface);
    if (name !== undefined && name !== DEFAULT_INTERFACE)
      throw new KmipError(
        ResultReason.PKCS_11InvalidInterface,
        `the PKCS#11 interface '${name}' is not offered; the default '${DEFAULT_INTERFACE}' interface is`,
      );
    const fn = request.pkcs_11Function;
    if (!OFFERED_FUNCTIONS.has(fn)) {
      const offered = [...OFFERED_FUNCTIONS].map((f) => enumValueName('PKCS_11Function', f)).join(', ');
      throw new KmipError(
        ResultReason.PKCS_11InvalidFunction,
        `PKCS#11 function ${fn} is not offered; this interface has ${offered}`,
      );
    }
    const input = request.pkcs_11InputParameters;
    if (input !== undefined && input.type !== 'ByteString')
      throw invalidField('PKCS#11 Input Parameters must be a Byte String');
    const result = await service.call({ fn, identity: ctx.identity, correlation: request.correlationValue });
    return {
      ...(iface === undefined ? {} : { pkcs_11Interface: iface }),
      pkcs_11Function: fn,
      ...(result.correlation === undefined ? {} : { correlationValue: result.correlation }),
      ...(result.output === undefined
        ? {}
        : { pkcs_11OutputParameters: { tag: 0, type: 'ByteString' as const, value: result.output } }),
      pkcs_11ReturnCode: result.returnCode,
    };
  },
});
