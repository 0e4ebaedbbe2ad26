// Authentication / Credential (KMIP 2.1 §2.1.2): the Username and Password form that PyKMIP,
// Ceph and libkmip send is parsed; other credential types are kept opaque for later checks.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { CredentialType } from '../spec/generated/enums.js';
import { invalidMessage } from './kmip-error.js';

export type Credential =
  | { readonly kind: 'username-password'; readonly username: string; readonly password?: string }
  | { readonly kind: 'other'; readonly credentialType: number; readonly value: TtlvItem | undefined };

function textChild(s: StructureItem, tag: number): string | undefined {
  const c = s.value.find((i) => i.tag === tag);
  return c?.type === 'TextString' ? c.value : undefined;
}

export function parseCredentials(authentication: StructureItem): Credential[] {
  const out: Credential[] = [];
  for (const c of authentication.value) {
    if (c.tag !== Tag.Credential) continue;
    if (c.type !== 'Structure') throw invalidMessage('Credential must be a Structure');
    const type = c.value.find((i) => i.tag === Tag.CredentialType);
    if (type?.type !== 'Enumeration') throw invalidMessage('Credential has no Credential Type');
    const value = c.value.find((i) => i.tag === Tag.CredentialValue);
    if (type.value === CredentialType.UsernameAndPassword) {
      if (value?.type !== 'Structure')
        throw invalidMessage('a Username and Password credential needs a value');
      const username = textChild(value, Tag.Username);
      if (username === undefined) throw invalidMessage('a Username and Password credential needs a Username');
      const password = textChild(value, Tag.Password);
      out.push({ kind: 'username-password', username, ...(password !== undefined ? { password } : {}) });
    } else {
      out.push({ kind: 'other', credentialType: type.value, value });
    }
  }
  return out;
}
