// Spec name -> XML/JSON name, as KMIP Profiles (XML and JSON encodings, "Normalizing Names") define
// it: 'Unique Identifier' -> 'UniqueIdentifier', 'SHA-256' -> 'SHA_256', 'Re-key' -> 'ReKey',
// 'MAC/sign' -> 'MACSign', '3DES' -> 'DES3'.

/**
 * 1. Round brackets become spaces.
 * 2. A non-word character followed by a letter and then a lower-case letter becomes a space
 *    (a word break: 'Re-key', 'MAC/sign'); 3. any other non-word character (except white space)
 *    becomes '_' ('SHA-256', 'PKCS#1', 'X.509', 'HMAC-SHA256').
 * 4. Leading digits of the first word move to its end ('3DES' -> 'DES3').
 * 5. Each word gets a capital first letter (the rest is kept); 6. words are joined.
 */
export function xmlName(specName: string): string {
  const spaced = specName
    .replace(/[()]/g, ' ')
    .replace(/[^\w\s]([a-zA-Z][a-z])/g, ' $1')
    .replace(/[^\w\s]/g, '_');
  const words = spaced.split(/\s+/).filter((w) => w.length > 0);
  return words
    .map((word, i) => {
      const moved = i === 0 ? word.replace(/^(\d+)(.*)$/, '$2$1') : word;
      return moved.charAt(0).toUpperCase() + moved.slice(1);
    })
    .join('');
}
