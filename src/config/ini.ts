// An INI reader with the semantics of Python's configparser.ConfigParser defaults, which is what
// pykmip-server reads its server.conf with, so a file PyKMIP accepts reads the same here:
// - `key = value` and `key: value` (the first `=` or `:` splits); keys are lower-cased, section
//   names are not; surrounding whitespace is stripped.
// - Full-line comments start with `#` or `;` (after optional indentation). There are NO inline
//   comments: `port = 5696 # x` has the value `5696 # x`, as in Python.
// - A line indented deeper than its key's line continues the value (joined with '\n'); blank
//   lines inside a value are kept, trailing ones dropped.
// - [DEFAULT] values show through in every section; `%(name)s` interpolates another key of the
//   section (or of DEFAULT) and `%%` is a literal `%` (BasicInterpolation), at most 10 deep.
// - strict: a section or a key given twice is an error.
import { ServerConfigError } from './config-error.js';

export interface IniEntry {
  /** Lower-cased key, as Python's optionxform leaves it. */
  readonly key: string;
  /** The value before interpolation; continuation lines joined with '\n'. */
  readonly value: string;
  /** 1-based line of `key = ...`. */
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  readonly line: number;
  /** The section's own entries, in file order (DEFAULT's are not merged in). */
  readonly entries: ReadonlyMap<string, IniEntry>;
}

export interface IniFile {
  readonly path: string;
  /** The [DEFAULT] section (empty when the file has none). */
  readonly defaults: IniSection;
  /** Every other section, in file order. */
  readonly sections: readonly IniSection[];
}

const DEFAULT_SECTION = 'DEFAULT';
const MAX_INTERPOLATION_DEPTH = 10;
const SECTION_RE = /^\[(.+)\]/; // Python: \[(?P<header>.+)\] — "very permissive", greedy
const OPTION_RE = /^(.*?)\s*([=:])\s*(.*)$/;

interface EntryBuilder {
  key: string;
  parts: string[];
  line: number;
}
interface SectionBuilder {
  name: string;
  line: number;
  entries: Map<string, EntryBuilder>;
}

export function parseIni(text: string, path: string): IniFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const defaults: SectionBuilder = { name: DEFAULT_SECTION, line: 0, entries: new Map() };
  const sections = new Map<string, SectionBuilder>();
  let current: SectionBuilder | undefined;
  let entry: EntryBuilder | undefined;
  let indentLevel = 0;

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const stripped = raw.trim();
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    if (stripped === '' || isComment) {
      // A blank line may belong to a multi-line value; a comment line never does.
      if (!isComment && entry !== undefined) entry.parts.push('');
      return;
    }
    const indent = raw.search(/\S/);
    if (entry !== undefined && indent > indentLevel) {
      entry.parts.push(stripped);
      return;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(stripped);
    if (header !== null) {
      const name = header[1] ?? '';
      entry = undefined;
      if (name === DEFAULT_SECTION) {
        current = defaults;
        return;
      }
      if (sections.has(name)) {
        throw new ServerConfigError(`section [${name}] appears twice`, path, lineNo);
      }
      current = { name, line: lineNo, entries: new Map() };
      sections.set(name, current);
      return;
    }
    if (current === undefined) {
      throw new ServerConfigError('file contains no section header before this line', path, lineNo);
    }
    const option = OPTION_RE.exec(stripped);
    const key = option?.[1]?.trimEnd().toLowerCase() ?? '';
    if (option === null || key === '') {
      throw new ServerConfigError(
        `cannot parse line ${JSON.stringify(stripped)}: expected "key = value" ` +
          '(indent the lines that continue a value)',
        path,
        lineNo,
      );
    }
    if (current.entries.has(key)) {
      throw new ServerConfigError(`given twice in section [${current.name}]`, path, lineNo, key);
    }
    entry = { key, parts: [(option[3] ?? '').trim()], line: lineNo };
    current.entries.set(key, entry);
  });

  return {
    path,
    defaults: freezeSection(defaults),
    sections: [...sections.values()].map(freezeSection),
  };
}

function freezeSection(section: SectionBuilder): IniSection {
  const entries = new Map<string, IniEntry>();
  for (const [key, e] of section.entries) {
    entries.set(key, Object.freeze({ key, value: e.parts.join('\n').trimEnd(), line: e.line }));
  }
  return Object.freeze({ name: section.name, line: section.line, entries });
}

export function findSection(file: IniFile, name: string): IniSection | undefined {
  return file.sections.find((s) => s.name === name);
}

/**
 * A section's entries as Python's `parser.items(name)` gives them: DEFAULT's keys merged in
 * (the section's own win) and every value interpolated.
 */
export function sectionItems(file: IniFile, section: IniSection): Map<string, IniEntry> {
  const merged = new Map<string, IniEntry>(file.defaults.entries);
  for (const [key, e] of section.entries) merged.set(key, e);
  const out = new Map<string, IniEntry>();
  for (const [key, e] of merged) {
    out.set(key, { key, value: interpolate(file.path, merged, e, e.value, 1), line: e.line });
  }
  return out;
}

function interpolate(
  path: string,
  vars: ReadonlyMap<string, IniEntry>,
  origin: IniEntry,
  value: string,
  depth: number,
): string {
  if (depth > MAX_INTERPOLATION_DEPTH) {
    throw new ServerConfigError('interpolation nested too deeply', path, origin.line, origin.key);
  }
  let out = '';
  let rest = value;
  for (;;) {
    const p = rest.indexOf('%');
    if (p < 0) return out + rest;
    out += rest.slice(0, p);
    rest = rest.slice(p);
    if (rest.startsWith('%%')) {
      out += '%';
      rest = rest.slice(2);
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(rest);
    if (ref === null) {
      throw new ServerConfigError(
        `'%' must be followed by '%' or '(name)s', found ${JSON.stringify(rest)} (write %% for a literal %)`,
        path,
        origin.line,
        origin.key,
      );
    }
    const name = (ref[1] ?? '').toLowerCase();
    const target = vars.get(name);
    if (target === undefined) {
      throw new ServerConfigError(`%(${name})s refers to a missing key`, path, origin.line, origin.key);
    }
    out += target.value.includes('%')
      ? interpolate(path, vars, origin, target.value, depth + 1)
      : target.value;
    rest = rest.slice(ref[0].length);
  }
}
