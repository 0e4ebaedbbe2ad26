// kmip-server audit verify FILE [--head HASH]: checks an audit log's hash chain (src/audit).
// Exit 0 and the record count and head hash when intact; exit 1 naming the first bad line.
import { readFileSync } from 'node:fs';
import { verifyAuditLog } from '../audit/audit-verify.js';
import { ServerConfigError } from '../config/config-error.js';

export function auditUsage(): string {
  return [
    'usage: kmip-server audit verify FILE [--head HASH]',
    '',
    '  Checks that no line of the audit log FILE was removed, altered or reordered.',
    '  --head HASH  also check its last line against the head hash the server logged',
    '               ("audit log closed"), which catches a removed or altered tail.',
    '',
  ].join('\n');
}

export function runAudit(argv: readonly string[], out: (line: string) => void): number {
  const [sub, ...rest] = argv;
  if (sub === '-h' || sub === '--help') {
    out(auditUsage());
    return 0;
  }
  let head: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a === '--head') head = rest[++i];
    else if (a.startsWith('--head=')) head = a.slice('--head='.length);
    else files.push(a);
  }
  const [file, ...extra] = files;
  if (
    sub !== 'verify' ||
    file === undefined ||
    extra.length > 0 ||
    (rest.includes('--head') && head === undefined)
  ) {
    throw new ServerConfigError(
      `audit takes: verify FILE [--head HASH]\n\n${auditUsage()}`,
      '<command line>',
    );
  }
  const verdict = verifyAuditLog(readFileSync(file, 'utf8'), head);
  if (verdict.ok) {
    out(`${file}: ok, ${verdict.records} record(s), chain intact; head ${verdict.head}`);
    return 0;
  }
  out(`${file}:${verdict.line}: ${verdict.reason}`);
  return 1;
}
