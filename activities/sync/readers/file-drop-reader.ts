/**
 * The file-drop source as a stream reader. A sync snapshots the folder once (`listNewFiles`: the
 * files matching the patterns whose content this source has not read yet), then each stream reads
 * those files in name order: the counterpart accounts, the invoices, the lines. The cursor within
 * the run is the index of the last file done, so a retried stream resumes after it. A file that is
 * not a readable e-invoice is quarantined once (with the invoices) naming why; a purchase invoice
 * (we are the buyer) is skipped and counted there too.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { FileDropConfig, patternRegex, FILE_DROP_STREAMS } from '../../../connectors/file-drop/config';
import { EInvoiceError, parseEInvoice } from '../../../connectors/file-drop/einvoice';
import { ENTITY_FIELDS, type TargetEntity } from '../../../domain/canonical/fields';
import type { PageBoundary } from '../../pipeline/load-loop';
import type { SourceRow } from '../../pipeline/source-row';
import { BadConfigurationError } from '../../errors';
import { recordOrigin, splitRecord, type StreamReader } from './stream-reader';

export interface DroppedFile { path: string; sha256: string }

/** The folder's files matching the patterns, in name order, minus the versions already read. */
export async function listNewFiles(config: FileDropConfig, alreadyRead: ReadonlySet<string>): Promise<DroppedFile[]> {
  const folder = config.folder;
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new BadConfigurationError(`file-drop folder ${folder} does not exist or is not a folder`);
  const patterns = config.patterns.map(patternRegex);
  const out: DroppedFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (config.recursive) await walk(full);
      } else if (entry.isFile() && patterns.some((p) => p.test(entry.name))) {
        const sha256 = createHash('sha256').update(await readFile(full)).digest('hex');
        if (!alreadyRead.has(sha256)) out.push({ path: relative(folder, full), sha256 });
      }
    }
  };
  await walk(folder);
  return out;
}

export function fileDropStreamReader(input: unknown, files: readonly DroppedFile[]): StreamReader {
  const config = FileDropConfig.parse(input);
  return {
    streams: FILE_DROP_STREAMS,
    mode: async () => 'full',
    startCursor: async () => null,
    async *rows(stream, from, firstRow) {
      const fields = new Set(Object.keys(ENTITY_FIELDS[stream as TargetEntity] ?? {}));
      const start = from && typeof from === 'object' && 'index' in from ? Number((from as { index: number }).index) + 1 : 0;
      let n = firstRow;
      for (let index = start; index < files.length; index++) {
        const file = files[index]!;
        const place = (offset: number) => ({ stream, file: file.path, offset });
        const bytes = await readFile(join(config.folder, file.path));
        let documents;
        try {
          documents = parseEInvoice(bytes, file.path, { ownTaxIds: config.ownTaxIds }).documents;
        } catch (err) {
          if (!(err instanceof EInvoiceError)) throw err;
          // One quarantined row per unreadable file, with the invoices (the other streams pass).
          if (stream === 'invoices') {
            yield {
              rowNumber: n++, place: place(0), fields: null, extras: {}, raw: [['file', file.path], ['sha256', file.sha256]],
              issue: { code: err.code, message: err.message, reason: 'unreadable_document' },
            } satisfies SourceRow;
          }
          yield { boundary: true, cursor: { index }, page: index + 1 } satisfies PageBoundary;
          continue;
        }
        for (const [offset, doc] of documents.entries()) {
          if (doc.direction === 'purchase') {
            if (stream === 'invoices') {
              yield {
                rowNumber: n++, place: place(offset), fields: null, extras: {}, raw: Object.entries(doc.invoice),
                skip: { reason: 'purchase_document', code: 'purchase', detail: `${file.path}: document ${doc.invoice.number ?? offset + 1} is a purchase invoice (we are the buyer)` },
              } satisfies SourceRow;
            }
            continue;
          }
          const records = stream === 'accounts' ? [doc.account] : stream === 'invoices' ? [doc.invoice] : doc.lines;
          for (const record of records) {
            const split = splitRecord(record, fields, new Set());
            yield { rowNumber: n++, place: place(offset), fields: split.fields, extras: split.extras, raw: split.raw } satisfies SourceRow;
          }
        }
        yield { boundary: true, cursor: { index }, page: index + 1 } satisfies PageBoundary;
      }
    },
    origin: recordOrigin,
    async test() {
      try {
        const files = await listNewFiles(config, new Set());
        return [{ ok: true, check: 'folder', message: `${config.folder}: ${files.length} file(s) match ${config.patterns.join(', ')}` }];
      } catch (err) {
        return [{ ok: false, check: 'folder', message: (err as Error).message }];
      }
    },
    close: async () => undefined,
  };
}
