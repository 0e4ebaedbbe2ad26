// The Result Reasons for cryptographic parameters (KMIP 2.1 §11.46): Unsupported Cryptographic
// Parameters for a valid choice this server does not offer, Bad Cryptographic Parameters for values
// that cannot work (an IV of the wrong length). Both are 2.x reasons; the engine answers 1.x clients
// with Invalid Field, as pykmip-server does.
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';

export const unsupportedParams = (message: string): KmipError =>
  new KmipError(ResultReason.UnsupportedCryptographicParameters, message);

export const badParams = (message: string): KmipError =>
  new KmipError(ResultReason.BadCryptographicParameters, message);
