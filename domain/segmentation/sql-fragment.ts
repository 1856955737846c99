/**
 * A SQL fragment: constant text written in this codebase, plus bound values. Rule text never
 * becomes SQL text: values go through `sql` interpolation (a `?` placeholder and a binding), and
 * the only way to add text is `raw()` with a constant from the catalogue.
 */
export class Sql {
  constructor(readonly text: string, readonly values: readonly unknown[]) {}

  static join(parts: Sql[], sep: string): Sql {
    return new Sql(parts.map((p) => p.text).join(sep), parts.flatMap((p) => [...p.values]));
  }

  /** For knex.raw(text, values): `?` placeholders. */
  toKnex(): { sql: string; bindings: unknown[] } {
    return { sql: this.text, bindings: [...this.values] };
  }

  /** For pg: $1.. placeholders (the text holds no other `?`, which the catalogue guarantees). */
  toPg(offset = 0): { text: string; values: unknown[] } {
    let i = offset;
    return { text: this.text.replace(/\?/g, () => `$${++i}`), values: [...this.values] };
  }
}

export function raw(text: string): Sql {
  if (text.includes('?')) throw new Error('raw SQL text may not contain ? (placeholders come from sql``)');
  return new Sql(text, []);
}

export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  let text = strings[0]!;
  const values: unknown[] = [];
  args.forEach((a, i) => {
    if (a instanceof Sql) {
      text += a.text;
      values.push(...a.values);
    } else {
      text += '?';
      values.push(a);
    }
    text += strings[i + 1]!;
  });
  if (strings.some((s) => s.includes('?'))) throw new Error('SQL text may not contain ? outside placeholders');
  return new Sql(text, values);
}
