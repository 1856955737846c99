/**
 * Rows of one source that describe the same record (the same customer code twice in one export,
 * with another phone or spelling) are collapsed into one source payload: the survivorship rules
 * decide each rule field with the later row as the more recent one (an address block comes whole
 * from one row, e-mails and phones are unioned), and any other field takes the later row's value
 * when it has one. Pure and order-independent in its input: members are sorted by row first, so
 * the same rows always give the same payload.
 */
import { isEmptyValue, surviveRecord } from './survivorship';
import type { SurvivorshipEntity } from './survivorship-rules';

export interface GroupMember {
  /** Where the row stands in its run (later rows win). */
  row: number;
  /** The row's content hash. */
  hash: string;
  /** The row's canonical values (staging columns) and `extras`. */
  payload: Record<string, unknown>;
}

export function collapseMembers(entity: SurvivorshipEntity | null, members: readonly GroupMember[]): Record<string, unknown> {
  const sorted = [...members].sort((a, b) => a.row - b.row);
  const out: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  for (const m of sorted) {
    for (const [k, v] of Object.entries(m.payload)) {
      if (k === 'extras') Object.assign(extras, v as Record<string, unknown>);
      else if (!isEmptyValue(v) || !(k in out)) out[k] = v;
    }
  }
  out.extras = extras;
  if (entity === null || sorted.length < 2) return out;
  const { values } = surviveRecord({
    entity,
    sources: sorted.map((m) => ({
      sourceSystem: 'rows',
      // Zero-padded so that identity order (the last tie-break) is row order too.
      externalId: String(m.row).padStart(12, '0'),
      kind: 'spreadsheet',
      lastSeenAt: new Date(m.row).toISOString(),
      payload: m.payload,
    })),
    crm: {},
    userEditedFields: [],
  });
  for (const [k, v] of Object.entries(values)) if (k in out) out[k] = v;
  return out;
}
