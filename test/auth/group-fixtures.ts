// The users, groups and policies of the group access tests, after PyKMIP's docs "Policy Files":
// group_A may get and destroy, group_B may get but not destroy, a user in both gets the union.
// alice: group_A · bob: group_B · carol: group_A and group_B · dave: group_C (no policy names it)
// eve: unknown to SLUGS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const USER_GROUP_CSV = [
  '# user,group (SLUGS user_group_mapping.csv)',
  'alice,group_A',
  'bob,group_B',
  'carol,group_A',
  'carol,group_B',
  'dave,group_C',
  '',
].join('\n');

const groupTable = (destroy: 'ALLOW_ALL' | 'DISALLOW_ALL') => ({
  SYMMETRIC_KEY: {
    GET: 'ALLOW_ALL',
    GET_ATTRIBUTES: 'ALLOW_ALL',
    LOCATE: 'ALLOW_ALL',
    ACTIVATE: 'ALLOW_ALL',
    REVOKE: 'ALLOW_ALL',
    DESTROY: destroy,
  },
});

/** `shared` has both collections; `groups_only` has no preset (denies all without groups). */
export const GROUP_POLICIES = {
  shared: {
    preset: { SYMMETRIC_KEY: { GET: 'ALLOW_OWNER', LOCATE: 'ALLOW_OWNER', DESTROY: 'DISALLOW_ALL' } },
    groups: { group_A: groupTable('ALLOW_ALL'), group_B: groupTable('DISALLOW_ALL') },
  },
  groups_only: {
    groups: { group_A: groupTable('ALLOW_ALL') },
  },
} as const;

export function writeGroupPolicy(dir: string): string {
  const path = join(dir, 'groups.json');
  writeFileSync(path, JSON.stringify(GROUP_POLICIES, null, 2));
  return path;
}
