// The operation policy file the interop servers start with (PyKMIP's policy-file format: policy
// name -> "preset" -> object type -> operation -> permission). The 'isolation' scenario creates a
// key under INTEROP_SHARED_POLICY and expects the second identity to read it but not destroy it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INTEROP_SHARED_POLICY = 'interop-shared';

const owner = 'ALLOW_OWNER';
const all = 'ALLOW_ALL';

export const INTEROP_POLICY_FILE = Object.freeze({
  [INTEROP_SHARED_POLICY]: {
    preset: {
      SYMMETRIC_KEY: {
        GET: all,
        GET_ATTRIBUTES: all,
        GET_ATTRIBUTE_LIST: all,
        LOCATE: all,
        CHECK: all,
        ACTIVATE: owner,
        REVOKE: owner,
        DESTROY: owner,
        ADD_ATTRIBUTE: owner,
        MODIFY_ATTRIBUTE: owner,
        DELETE_ATTRIBUTE: owner,
      },
    },
  },
});

/** Writes interop-policy.json into dir (created if needed); returns the directory. */
export function writeInteropPolicy(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'interop-policy.json'), JSON.stringify(INTEROP_POLICY_FILE, null, 2) + '\n');
  return dir;
}
