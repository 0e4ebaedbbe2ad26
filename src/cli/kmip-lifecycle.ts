// `kmip` lifecycle subcommands: activate, revoke, destroy, archive, recover, obtain-lease (KMIP
// 2.1 §6.1.1, 6.1.45, 6.1.16, 6.1.4, 6.1.41, 6.1.35). Each takes the object's UID.
import { stringOption } from './kmip-args.js';
import { positional, type Command } from './kmip-command.js';

type UidVerb = 'activate' | 'destroy' | 'archive' | 'recover';

function uidCommand(name: UidVerb, done: string, summary: string, details?: string): Command {
  return {
    name,
    args: 'UID',
    summary,
    ...(details !== undefined ? { details } : {}),
    options: [],
    async run(ctx) {
      const r = await ctx.client()[name](positional(ctx, 0, "object's UID"));
      ctx.result(r, `${done} ${r.uid}`);
    },
  };
}

export const activate = uidCommand('activate', 'activated', 'make an object Active');
export const destroy = uidCommand('destroy', 'destroyed', 'destroy an object (revoke an Active one first)');
export const archive = uidCommand(
  'archive',
  'archived',
  'move an object to archival storage (it is unusable until recovered)',
);
export const recover = uidCommand('recover', 'recovered', 'bring an archived object back');

export const revoke: Command = {
  name: 'revoke',
  args: 'UID',
  summary: 'revoke an object (Active -> Deactivated; Compromised for a compromise)',
  options: [
    {
      name: 'reason',
      value: 'CODE',
      enumeration: 'RevocationReasonCode',
      help: 'Revocation Reason Code (default Unspecified): KeyCompromise, CessationOfOperation …',
    },
    { name: 'message', value: 'TEXT', help: 'Revocation Message' },
  ],
  async run(ctx) {
    const reason = stringOption(ctx.options, 'reason');
    const message = stringOption(ctx.options, 'message');
    const r = await ctx.client().revoke(positional(ctx, 0, "object's UID"), {
      ...(reason !== undefined ? { reason } : {}),
      ...(message !== undefined ? { message } : {}),
    });
    ctx.result(r, `revoked ${r.uid}`);
  },
};

export const obtainLease: Command = {
  name: 'obtain-lease',
  args: 'UID',
  summary: 'ask how long the object may be used for (its lease) and when it last changed',
  options: [],
  async run(ctx) {
    const r = await ctx.client().obtainLease(positional(ctx, 0, "object's UID"));
    const lease = r.leaseTime === 0 ? 'no limit' : `${r.leaseTime} s`;
    const changed = Number.isNaN(r.lastChangeDate.getTime()) ? 'unknown' : r.lastChangeDate.toISOString();
    ctx.result(r, `Lease Time:       ${lease}\nLast Change Date: ${changed}`);
  },
};
