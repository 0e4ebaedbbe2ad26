// `kmip` attribute subcommands: get-attributes, get-attribute-list, add-attribute,
// set-attribute, modify-attribute, delete-attribute. Values are text in the attribute's own type
// ('AES', 'Encrypt Decrypt', '2030-01-01T00:00:00Z', hex bytes) or JSON for a structure.
import type { AttributeEditResult } from '../client/ops-attributes.js';
import type { InstanceSelector } from '../client/ops-attributes.js';
import { UsageError, intOption, stringOption } from './kmip-args.js';
import type { Command, CommandContext } from './kmip-command.js';
import { attributeLines, cliValue } from './kmip-output.js';

function args(ctx: CommandContext, count: number, synopsis: string): string[] {
  const a = ctx.positionals.slice(0, count);
  if (a.length < count) throw new UsageError(`usage: ${synopsis}`);
  return a;
}

function edited(ctx: CommandContext, verb: string, r: AttributeEditResult): void {
  ctx.result(
    r,
    r.attribute === undefined ? `${verb} (${r.uid})` : `${verb} (${r.uid}): ${attributeLines([r.attribute])}`,
  );
}

function selector(ctx: CommandContext): InstanceSelector {
  const index = intOption(ctx.options, 'index');
  const current = stringOption(ctx.options, 'current');
  return {
    ...(index !== undefined ? { index } : {}),
    ...(current !== undefined ? { current: cliValue(current) } : {}),
  };
}

const WHICH = [
  { name: 'index', value: 'N', help: 'KMIP 1.x: the Attribute Index of the instance (default 0)' },
  { name: 'current', value: 'VALUE', help: 'KMIP 2.x: the current value of the instance' },
];

export const getAttributes: Command = {
  name: 'get-attributes',
  args: 'UID [NAME...]',
  summary: "print an object's attributes (all, or the named ones)",
  options: [],
  async run(ctx) {
    const [uid] = args(ctx, 1, 'kmip get-attributes UID [NAME...]');
    const names = ctx.positionals.slice(1);
    const r = await ctx.client().getAttributes(uid, names.length === 0 ? undefined : names);
    ctx.result(r, attributeLines(r.attributes));
  },
};

export const getAttributeList: Command = {
  name: 'get-attribute-list',
  args: 'UID',
  summary: 'print the names of the attributes an object has',
  options: [],
  async run(ctx) {
    const [uid] = args(ctx, 1, 'kmip get-attribute-list UID');
    const r = await ctx.client().getAttributeList(uid);
    ctx.result(r, r.names.join('\n'));
  },
};

export const addAttribute: Command = {
  name: 'add-attribute',
  args: 'UID NAME VALUE',
  summary: 'add an attribute (or another instance of a multi-valued one)',
  details: "Example: kmip add-attribute 42 'Object Group' backups",
  options: [],
  async run(ctx) {
    const [uid, name, value] = args(ctx, 3, 'kmip add-attribute UID NAME VALUE');
    edited(ctx, 'added', await ctx.client().addAttribute(uid, name as string, cliValue(value as string)));
  },
};

export const setAttribute: Command = {
  name: 'set-attribute',
  args: 'UID NAME VALUE',
  summary: 'set a single-valued attribute, adding or replacing it (KMIP 2.0+)',
  options: [],
  async run(ctx) {
    const [uid, name, value] = args(ctx, 3, 'kmip set-attribute UID NAME VALUE');
    const r = await ctx.client().setAttribute(uid, name as string, cliValue(value as string));
    ctx.result(r, `set (${r.uid})`);
  },
};

export const modifyAttribute: Command = {
  name: 'modify-attribute',
  args: 'UID NAME VALUE',
  summary: 'give an existing attribute instance a new value',
  options: WHICH,
  async run(ctx) {
    const [uid, name, value] = args(ctx, 3, 'kmip modify-attribute UID NAME VALUE');
    edited(
      ctx,
      'modified',
      await ctx.client().modifyAttribute(uid, name as string, cliValue(value as string), selector(ctx)),
    );
  },
};

export const deleteAttribute: Command = {
  name: 'delete-attribute',
  args: 'UID NAME',
  summary: 'delete an attribute instance (KMIP 2.x without --current: every instance)',
  options: WHICH,
  async run(ctx) {
    const [uid, name] = args(ctx, 2, 'kmip delete-attribute UID NAME');
    edited(ctx, 'deleted', await ctx.client().deleteAttribute(uid, name as string, selector(ctx)));
  },
};
