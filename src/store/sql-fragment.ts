// SQL text with its parameters, built by a tagged template so that a value can never become SQL:
// sql`o.owner_id = ${id}` holds "o.owner_id = ?" and [id]. Fragments nest; `?` placeholders are
// numbered ($1, $2 …) for PostgreSQL when the statement is finished.
export type SqlParam = string | number | bigint | Buffer | null;

export class Fragment {
  readonly text: string;
  readonly params: readonly SqlParam[];
  constructor(text: string, params: readonly SqlParam[]) {
    this.text = text;
    this.params = params;
  }
}

export function sql(strings: TemplateStringsArray, ...values: readonly (SqlParam | Fragment)[]): Fragment {
  let text = strings[0] ?? '';
  const params: SqlParam[] = [];
  values.forEach((v, i) => {
    if (v instanceof Fragment) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1] ?? '';
  });
  return new Fragment(text, params);
}

/** SQL text written by this module, with no parameters. */
export function raw(text: string): Fragment {
  return new Fragment(text, []);
}

export function join(parts: readonly Fragment[], separator: string): Fragment {
  return new Fragment(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

/** `(?, ?, ?)` for an IN list (callers make sure it is not empty). */
export function list(values: readonly SqlParam[]): Fragment {
  return new Fragment(`(${values.map(() => '?').join(', ')})`, values);
}

/** The statement with PostgreSQL's numbered placeholders. */
export function numbered(f: Fragment): string {
  let n = 0;
  return f.text.replace(/\?/g, () => `$${++n}`);
}
