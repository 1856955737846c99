import { ENTITY_FIELDS } from '../canonical/fields';
import type { ColumnMapping, Mapping } from './mapping-schema';
import type { MappingSuggestion } from './suggest-mapping';

const MAX_HEADER_WIDTH = 40;

/** Width in terminal columns, close enough for Latin and Cyrillic (one column per code point). */
function width(text: string): number {
  return [...text.normalize('NFC')].length;
}

function fit(text: string, size: number): string {
  const chars = [...text.normalize('NFC')];
  const clipped = chars.length > size ? `${chars.slice(0, size - 1).join('')}…` : text.normalize('NFC');
  return clipped + ' '.repeat(Math.max(0, size - width(clipped)));
}

/** A text table of a suggestion (header → field, score, reason) for the terminal. */
export function formatSuggestion(result: MappingSuggestion): string {
  const rows = Object.keys(result.confidence).map((header) => {
    const { field, score, reason } = result.confidence[header] ?? { field: null, score: 0, reason: '' };
    return [header, field ?? '(extra)', score.toFixed(2), reason] as const;
  });
  const headerWidth = Math.min(MAX_HEADER_WIDTH, Math.max(width('Header'), ...rows.map((row) => width(row[0]))));
  const fieldWidth = Math.max(width('Field'), ...rows.map((row) => width(row[1])));
  const line = (cells: readonly [string, string, string, string]) =>
    `${fit(cells[0], headerWidth)}  ${fit(cells[1], fieldWidth)}  ${cells[2].padStart(5)}  ${cells[3]}`.trimEnd();
  const mapped = rows.filter((row) => row[1] !== '(extra)').length;
  return [
    line(['Header', 'Field', 'Score', 'Reason']),
    line(['-'.repeat(headerWidth), '-'.repeat(fieldWidth), '-----', '------']),
    ...rows.map(line),
    '',
    `${mapped} of ${rows.length} columns mapped to ${result.mapping.entity} fields; the others are kept as extras.`,
  ].join('\n');
}

/** Pretty JSON for saving a mapping: fixed key order, `{ "field": x }` written as the shorthand "x". */
export function mappingToJson(mapping: Mapping): string {
  const fieldOrder = Object.keys(ENTITY_FIELDS[mapping.entity]);
  const defaults = mapping.defaults
    ? record(Object.entries(mapping.defaults).sort(([a], [b]) => fieldOrder.indexOf(a) - fieldOrder.indexOf(b)))
    : undefined;
  const ordered = {
    version: mapping.version,
    entity: mapping.entity,
    source: mapping.source,
    locale: mapping.locale,
    sheet: mapping.sheet,
    headerRow: mapping.headerRow,
    // Columns keep their order (the file's order for suggestions): it is how people read them.
    columns: record(Object.entries(mapping.columns).map(([column, spec]) => [column, orderedColumn(spec)])),
    defaults,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function orderedColumn(spec: ColumnMapping): unknown {
  if (typeof spec === 'string') return spec;
  if (spec.ignore) return { ignore: true };
  const { field, transform, values, default: fallback } = spec;
  if (transform === undefined && values === undefined && fallback === undefined) return field;
  return { field, transform, values: values ? record(Object.entries(values)) : undefined, default: fallback };
}

/** Null-prototype object: keys are user text, and "__proto__" must stay a plain key. */
function record(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null);
  for (const [key, value] of entries) result[key] = value;
  return result;
}
