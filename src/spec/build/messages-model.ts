// The JSON transcription of one spec's message tables (src/spec/data/messages-<version>.json):
// the request and response payload of every client-to-server operation, the structure tables
// (objects, attribute structures, other structures) and the attributes, as extract-messages.ts
// reads them out of the spec text. Cells are kept as the spec words them; interpreting them
// (item types, REQUIRED, repetition) is merge-messages.ts's job.
import type { KmipVersion } from '../model/types.js';
import type { Citation } from './model.js';

export interface TableRow {
  /** The first column: the field's name as the spec writes it ('Unique Identifier, see 3.1'). */
  readonly name: string;
  /** The REQUIRED column ('Yes', 'No, MAY be repeated', 'Yes for single-part. No for multi-part.'). */
  readonly required: string;
}

export interface PayloadEntry extends Citation {
  /** The operation, as its section is titled ('Re-key Key Pair'). */
  readonly operation: string;
  readonly direction: 'request' | 'response';
  readonly fields: readonly TableRow[];
}

export interface StructureRow extends TableRow {
  /** The Encoding column ('Enumeration, see 9.1.3.2.11', 'Structure', 'Byte String or Structure'). */
  readonly encoding: string;
}

export interface StructureEntry extends Citation {
  /** The structure's own tag name, from the table's first row ('Key Wrapping Specification'). */
  readonly name: string;
  /** The table's caption ('Key Material Object Structure for Transparent RSA Private Keys'). */
  readonly caption?: string;
  readonly fields: readonly StructureRow[];
}

export interface MessagesTranscription {
  readonly source: string;
  readonly version: KmipVersion;
  /** The attributes the spec defines: each section's title, or the rows of a section listing several. */
  readonly attributes: readonly (Citation & { readonly name: string })[];
  readonly payloads: readonly PayloadEntry[];
  readonly structures: readonly StructureEntry[];
}
