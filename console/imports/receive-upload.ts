/**
 * Receiving an upload: streamed to disk (never held in memory) under a random folder, hashed while
 * it streams, capped in size by the multipart limits, then checked before anything parses it with
 * the spreadsheet readers' own checks: magic bytes and content sniffing (a PDF, JSON or HTML named
 * .csv is refused), and for a zip package its central directory (entry count, declared sizes,
 * compression ratio: zip bombs) and that it is a workbook. Parsing happens in a worker activity.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import { SpreadsheetError } from '../../connectors/spreadsheet/errors';
import { DEFAULT_LIMITS } from '../../connectors/spreadsheet/types';
import { detectFormat, readHead } from '../../connectors/spreadsheet/detect-format';
import { ZipPackage } from '../../connectors/spreadsheet/xlsx/zip-package';
import { notAWorkbook, zipKind } from '../../connectors/spreadsheet/zip-kind';

export interface ReceivedUpload { id: string; path: string; originalName: string; sha256: string; size: number; format: string }

export class UploadRefused extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls', '.ods']);

/**
 * A name safe on any file system, kept readable because the run ledger shows it: letters, digits,
 * dot, dash and underscore, 100 characters at most, the extension kept. It lives inside a folder
 * named by a random UUID, so it cannot collide or climb out.
 */
export function safeFileName(original: string): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  const ext = extname(base).toLowerCase();
  const stem = base.slice(0, base.length - ext.length).normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 90);
  return `${stem || 'upload'}${EXTENSIONS.has(ext) ? ext : '.csv'}`;
}

export async function receiveUpload(part: MultipartFile, uploadDir: string): Promise<ReceivedUpload> {
  const id = randomUUID();
  const dir = join(uploadDir, id);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const path = join(dir, safeFileName(part.filename));
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.file, tap, createWriteStream(path, { mode: 0o640 }));
    if (part.file.truncated) throw new UploadRefused('too_large', 413);
    if (size === 0) throw new UploadRefused('empty', 400);
    const format = await checkBeforeParsing(path);
    return { id, path, originalName: part.filename.slice(0, 255), sha256: hash.digest('hex'), size: (await stat(path)).size, format };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (err instanceof SpreadsheetError) throw new UploadRefused(err.message.replaceAll(path, part.filename), 422);
    throw err;
  }
}

/** The checks that read no rows: format from magic bytes and content, and a zip's directory. */
export async function checkBeforeParsing(path: string): Promise<string> {
  const format = detectFormat(path, await readHead(path, 64 * 1024));
  if (format === 'xlsx' || format === 'ods') {
    const zip = await ZipPackage.open(path, DEFAULT_LIMITS);
    try {
      if ((await zipKind(zip)) === 'other') throw await notAWorkbook(zip, path);
    } finally {
      zip.close();
    }
  }
  return format;
}
