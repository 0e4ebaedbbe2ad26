// The JSON transcription of one spec's tables (src/spec/data/spec-<version>.json): what
// extract.ts reads out of the spec text, each entry citing the section and table it came from.
import type { ItemTypeName } from '../../ttlv/item.js';
import type { KmipVersion } from '../model/types.js';

export interface Citation {
  /** Section number, '9.1.3.1' */
  readonly section: string;
  /** Table number, where the table has a caption. */
  readonly table?: number;
}

export interface TagEntry extends Citation {
  /** '0x420001' */
  readonly tag: string;
  readonly name: string;
  readonly deprecated?: true;
}

export interface EnumValueEntry {
  readonly name: string;
  /** '0x00000001' */
  readonly value: string;
  readonly deprecated?: true;
}

export interface EnumEntry extends Citation {
  /** 'Credential Type' (the section title without ' Enumeration') */
  readonly name: string;
  readonly isMask: boolean;
  readonly values: readonly EnumValueEntry[];
}

/** A row of an object or field table giving a tag's encoding: '| Hashing Algorithm | Enumeration |'. */
export interface FieldTypeEntry extends Citation {
  readonly field: string;
  readonly types: readonly ItemTypeName[];
  /** Where the row names the enumeration: a section ('9.1.3.2.16') or a name ('Tag', 'Item Type'). */
  readonly enumRef?: string;
}

export interface SpecTranscription {
  readonly source: string;
  readonly version: KmipVersion;
  readonly tags: readonly TagEntry[];
  readonly enumerations: readonly EnumEntry[];
  readonly fieldTypes: readonly FieldTypeEntry[];
}

/** src/spec/data/versions.json, hand-maintained: when each tag and value first appeared. */
export interface VersionsFile {
  readonly sources: readonly string[];
  /** '0x420001' -> '1.0' */
  readonly tags: Readonly<Record<string, KmipVersion>>;
  /** enumeration xmlName -> the version of its first values, and later values by hex value. */
  readonly enumerations: Readonly<
    Record<string, { readonly since: KmipVersion; readonly values?: Readonly<Record<string, KmipVersion>> }>
  >;
}

/** A tag fact the spec tables miss or state wrongly; every entry says why. */
export interface TagOverride {
  readonly type?: ItemTypeName;
  readonly enumeration?: string;
  readonly mask?: string;
  readonly why: string;
}

/** src/spec/data/overrides.json, hand-maintained. */
export interface Overrides {
  /** '0x42013B' -> facts for that tag */
  readonly tags: Readonly<Record<string, TagOverride>>;
  /** enumeration xmlName -> hex value -> the name to use (a 2.1 typo fixed, say). */
  readonly valueNames: Readonly<
    Record<string, Readonly<Record<string, { readonly name: string; readonly why: string }>>>
  >;
  /** enumeration xmlName -> hex value -> a value defined outside the KMIP tables (PKCS#11). */
  readonly extraValues: Readonly<
    Record<
      string,
      Readonly<Record<string, { readonly name: string; readonly since: KmipVersion; readonly why: string }>>
    >
  >;
}
