/**
 * The SQL source (connectors/sql) as a stream reader: its pages become source rows keyed by the
 * query's column aliases, a boundary after each page carries the page's cursor. Values keep the
 * types the reader gives (DOUBLE money as a number, rounded once to minor units by the row
 * schema; DECIMAL as exact text), so the schema can tell them apart.
 */
import { ENTITY_FIELDS, TARGET_ENTITIES, type TargetEntity } from '../../../domain/canonical/fields';
import { openSqlSource, SQL_STREAMS, type SqlCursor } from '../../../connectors/sql';
import type { PageBoundary } from '../../pipeline/load-loop';
import type { SourceRow } from '../../pipeline/source-row';
import { recordOrigin, splitRecord, type StreamMode, type StreamReader } from './stream-reader';

/** Columns that steer the reading, not data: kept out of the extras (a bumped `updated_at` alone changes nothing). */
const READING_COLUMNS = new Set(['external_id', 'updated_at']);

export function sqlStreamReader(config: unknown, env: Record<string, string | undefined>): StreamReader {
  const source = openSqlSource(config, { env });
  const order = SQL_STREAMS as readonly string[];
  const streams = [...source.streams].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const fieldsOf = new Map<string, Set<string>>();
  for (const s of streams) {
    if ((TARGET_ENTITIES as readonly string[]).includes(s)) fieldsOf.set(s, new Set(Object.keys(ENTITY_FIELDS[s as TargetEntity])));
  }
  return {
    streams,
    mode: async (stream) => (await source.describe(stream)).mode as StreamMode,
    startCursor: async (stream, stored, full) => source.runStartCursor(stream, full ? null : stored),
    async *rows(stream, from, firstRow) {
      const fields = fieldsOf.get(stream) ?? new Set<string>();
      let n = firstRow;
      // The next page is read while this one's rows go through the pipeline: MariaDB's time and
      // the transfer overlap with Node's work (reads of one source run one after the other, so
      // this is at most one page ahead). Its failure surfaces when it is awaited.
      const read = (cursor: SqlCursor | null) => {
        const pending = source.readPage(stream, cursor);
        pending.catch(() => undefined);
        return pending;
      };
      let next = read((from ?? null) as SqlCursor | null);
      for (let page = 1; ; page++) {
        const p = await next;
        if (p.nextCursor === null) return;
        if (!p.done) next = read(p.nextCursor);
        for (const [offset, record] of p.records.entries()) {
          const split = splitRecord(record, fields, READING_COLUMNS);
          // `raw` stays the split's lazy getter (stream-reader.ts): copying it would build it.
          const row: SourceRow = Object.assign(split, { rowNumber: n++, place: { stream, page, offset } });
          yield row;
        }
        const boundary: PageBoundary = { boundary: true, cursor: p.nextCursor, page };
        yield boundary;
        if (p.done) return;
      }
    },
    origin: recordOrigin,
    test: () => source.test(),
    close: () => source.close(),
  };
}
