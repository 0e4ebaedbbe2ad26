// Moving every object between backends (`kmip-server export FILE` / `kmip-server import FILE`,
// e.g. SQLite to PostgreSQL) with key material still sealed: the file carries each row as the
// backends store it (attributes as TTLV, the body sealed under the master key, owner, state,
// revision) and never a plaintext key. Importing needs the same master key: the file carries the
// source's master-key check value, which must open under the importing server's key, and every
// body is authenticated (opened, then dropped) before anything is written.
//
// File format (JSON lines, mode 0600):
//   {"format":"kmip-ts-export","version":1,"masterKeyId":…,"keyCheck":base64,"exportedAt":…}
//   {"uid":…,"objectType":…,"state":…,"owner":…,"revision":…,"attributes":base64,"body":base64|null}
//   …
//   {"end":true,"count":N}            (a missing or wrong trailer means a truncated file)
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Envelope } from './envelope.js';

/** One stored object as the backends hold it: attributes as TTLV bytes, the body still sealed. */
export interface SealedRecord {
  readonly uid: string;
  readonly objectType: number;
  readonly state: number | null;
  readonly owner: string;
  readonly revision: number;
  readonly attributes: Buffer;
  readonly body: Buffer | null;
}

/** What export and import need from a backend, beyond Store. */
export interface SealedRows {
  /** The stored master-key check value (sealed). */
  keyCheck(): Promise<Buffer | undefined>;
  /** Every object in created order, bodies untouched, from one consistent snapshot. */
  sealedRecords(): AsyncIterable<SealedRecord>;
  /** Inserts the records unchanged, all or none (an existing uid fails the whole import). */
  insertSealed(records: AsyncIterable<SealedRecord>): Promise<number>;
}

export const EXPORT_FORMAT = 'kmip-ts-export';
const KEY_CHECK = 'master-key-check';

interface ExportHeader {
  readonly format: string;
  readonly version: number;
  readonly masterKeyId: string;
  readonly keyCheck: string;
}

/** Writes every object of `source` to `path` (created or truncated, mode 0600); returns the count. */
export async function exportObjects(source: SealedRows, envelope: Envelope, path: string): Promise<number> {
  const check = await source.keyCheck();
  if (check === undefined) throw new Error('the source database has no master-key check value');
  const file = await open(path, 'w', 0o600);
  let count = 0;
  try {
    await file.chmod(0o600);
    const header = {
      format: EXPORT_FORMAT,
      version: 1,
      masterKeyId: envelope.currentKeyId,
      keyCheck: check.toString('base64'),
      exportedAt: new Date().toISOString(),
    };
    let chunk = JSON.stringify(header) + '\n';
    for await (const r of source.sealedRecords()) {
      chunk +=
        JSON.stringify({
          uid: r.uid,
          objectType: r.objectType,
          state: r.state,
          owner: r.owner,
          revision: r.revision,
          attributes: r.attributes.toString('base64'),
          body: r.body === null ? null : r.body.toString('base64'),
        }) + '\n';
      count++;
      if (chunk.length > 1 << 20) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk + JSON.stringify({ end: true, count }) + '\n');
    await file.sync();
  } finally {
    await file.close();
  }
  return count;
}

/**
 * The header of an export file, checked against the master keys of `envelope` (when given);
 * read before a target database is opened, so a wrong file or key leaves nothing behind.
 */
export async function readExportHeader(path: string, envelope?: Envelope): Promise<{ masterKeyId: string }> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${lineNo}: not a JSON line; not a kmip-ts export file`);
      }
      const header = parseHeader(v, `${path}:${lineNo}`);
      if (envelope !== undefined) checkMasterKey(header, envelope, `${path}:${lineNo}`);
      return { masterKeyId: header.masterKeyId };
    }
  } finally {
    lines.close();
  }
  throw new Error(`${path}: empty file, not a kmip-ts export`);
}

/** Reads an export file into `target`, all or none; returns the number of objects imported. */
export async function importObjects(target: SealedRows, envelope: Envelope, path: string): Promise<number> {
  return target.insertSealed(readExport(path, envelope));
}

/** The records of an export file, checked (format, master key, every body, trailer) as read. */
export async function* readExport(path: string, envelope: Envelope): AsyncGenerator<SealedRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let header: ExportHeader | undefined;
  let count = 0;
  let ended = false;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const where = `${path}:${lineNo}`;
    if (ended) throw new Error(`${where}: data after the end marker`);
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not a JSON line`);
    }
    if (header === undefined) {
      header = parseHeader(v, where);
      checkMasterKey(header, envelope, where);
      continue;
    }
    if (isObject(v) && v.end === true) {
      if (v.count !== count)
        throw new Error(`${where}: the file says ${String(v.count)} objects, it holds ${count}`);
      ended = true;
      continue;
    }
    const rec = parseRecord(v, where);
    if (rec.body !== null) {
      try {
        envelope.open(rec.body, rec.uid);
      } catch {
        throw new Error(`${where}: the sealed body of ${rec.uid} does not open under this master key`);
      }
    }
    count++;
    yield rec;
  }
  if (header === undefined) throw new Error(`${path}: empty file, not a kmip-ts export`);
  if (!ended) throw new Error(`${path}: no end marker; the export is truncated`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHeader(v: unknown, where: string): ExportHeader {
  if (!isObject(v) || v.format !== EXPORT_FORMAT) throw new Error(`${where}: not a kmip-ts export file`);
  if (v.version !== 1)
    throw new Error(`${where}: export format version ${String(v.version)} is not supported`);
  if (typeof v.masterKeyId !== 'string' || typeof v.keyCheck !== 'string')
    throw new Error(`${where}: the header lacks the master key id or check value`);
  return { format: v.format, version: v.version, masterKeyId: v.masterKeyId, keyCheck: v.keyCheck };
}

function checkMasterKey(h: ExportHeader, envelope: Envelope, where: string): void {
  try {
    envelope.open(Buffer.from(h.keyCheck, 'base64'), KEY_CHECK);
  } catch {
    throw new Error(
      `${where}: the export was made under master key ${h.masterKeyId}, which this server does not have ` +
        `(its key is ${envelope.currentKeyId}); import with the same master key (KMIP_MASTER_KEY or master_key_file)`,
    );
  }
}

function parseRecord(v: unknown, where: string): SealedRecord {
  if (!isObject(v)) throw new Error(`${where}: not an object record`);
  const { uid, objectType, state, owner, revision, attributes, body } = v;
  if (
    typeof uid !== 'string' ||
    typeof objectType !== 'number' ||
    !(state === null || typeof state === 'number') ||
    typeof owner !== 'string' ||
    typeof revision !== 'number' ||
    typeof attributes !== 'string' ||
    !(body === null || typeof body === 'string')
  ) {
    throw new Error(`${where}: malformed object record`);
  }
  return {
    uid,
    objectType,
    state,
    owner,
    revision,
    attributes: Buffer.from(attributes, 'base64'),
    body: body === null ? null : Buffer.from(body, 'base64'),
  };
}
