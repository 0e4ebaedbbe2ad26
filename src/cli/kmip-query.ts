// `kmip query` and `kmip discover-versions`: what the server offers.
import type { Command } from './kmip-command.js';
import { toJson } from './kmip-output.js';

export const query: Command = {
  name: 'query',
  args: '[FUNCTION...]',
  summary: 'ask the server what it supports (default: operations, object types, server information)',
  details:
    'FUNCTION: QueryOperations, QueryObjects, QueryServerInformation, QueryProfiles, QueryCapabilities …',
  options: [],
  async run(ctx) {
    const fns = ctx.positionals;
    const q = await ctx.client().query(fns.length === 0 ? undefined : fns);
    const lines: string[] = [];
    if (q.vendorIdentification !== undefined) lines.push(`Vendor:       ${q.vendorIdentification}`);
    if (q.serverInformation !== undefined)
      lines.push(`Server:       ${JSON.stringify(toJson(q.serverInformation))}`);
    if (q.operations.length > 0) lines.push(`Operations:   ${q.operations.join(', ')}`);
    if (q.objectTypes.length > 0) lines.push(`Object types: ${q.objectTypes.join(', ')}`);
    if (q.applicationNamespaces.length > 0) lines.push(`Namespaces:   ${q.applicationNamespaces.join(', ')}`);
    for (const o of q.other) lines.push(`${o.field}: ${JSON.stringify(toJson(o.value))}`);
    ctx.result(q, lines.join('\n'));
  },
};

export const discoverVersions: Command = {
  name: 'discover-versions',
  args: '',
  summary: 'list the KMIP versions the server speaks, preferred first',
  options: [],
  async run(ctx) {
    const versions = await ctx.client().discoverVersions();
    ctx.result(
      versions.map((v) => `${v.major}.${v.minor}`),
      versions.map((v) => `${v.major}.${v.minor}`).join('\n'),
    );
  },
};
