// Reads parts of an OPC zip package (ECMA-376 Part 2) with yauzl, refusing zip bombs twice: from
// the central directory's declared sizes before inflating, and by counting inflated bytes while streaming.
import { Transform, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SpreadsheetError } from '../errors';
import type { ReaderLimits } from '../types';

/** Parts this small are never bombs, whatever their ratio (tiny, repetitive XML compresses extremely well). */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;

export class ZipPackage {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly file: string,
    private readonly limits: ReaderLimits,
  ) {}

  static async open(file: string, limits: ReaderLimits): Promise<ZipPackage> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
    } catch (error) {
      throw new SpreadsheetError('not_a_zip', `${file} is not a valid zip/xlsx package (${(error as Error).message}); re-save it from the spreadsheet program`, { file }, { cause: error });
    }
    try {
      const entries = new Map<string, Entry>();
      let total = 0;
      for await (const entry of zip.eachEntry()) {
        if (entries.size >= MAX_ENTRIES) throw bomb(file, `more than ${MAX_ENTRIES} entries`);
        checkDeclaredSize(file, entry, limits);
        total += entry.uncompressedSize;
        if (total > limits.maxUncompressedBytes) throw bomb(file, `declared uncompressed size exceeds ${limits.maxUncompressedBytes} bytes`);
        entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      }
      return new ZipPackage(zip, entries, file, limits);
    } catch (error) {
      zip.close();
      if (error instanceof SpreadsheetError) throw error;
      throw new SpreadsheetError('not_a_zip', `${file} is a damaged zip package: ${(error as Error).message}`, { file }, { cause: error });
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Entry names (folders included), in central-directory order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** A small part read whole (at most `maxBytes`), e.g. an ODF `mimetype`; null when absent. */
  async readSmall(name: string, maxBytes = 1024): Promise<string | null> {
    const entry = this.entries.get(name);
    if (!entry || entry.uncompressedSize > maxBytes) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openStream(name)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Inflated bytes of one part; the stream fails with `zip_bomb` past the declared or allowed size. */
  async openStream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new SpreadsheetError('corrupt_file', `${this.file} has no part "${name}"`, { file: this.file });
    if (entry.isEncrypted()) throw new SpreadsheetError('unsupported_format', `${this.file}: part "${name}" is encrypted`, { file: this.file });
    const inflated = await this.zip.openReadStreamPromise(entry);
    const allowed = Math.min(entry.uncompressedSize, perEntryLimit(this.limits));
    let seen = 0;
    const file = this.file;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > allowed) callback(bomb(file, `part "${name}" inflates beyond ${allowed} bytes`));
        else callback(null, chunk);
      },
    });
    inflated.on('error', (error) => {
      // yauzl's validateEntrySizes: the entry inflates to more bytes than the central directory declared.
      const lying = /too many bytes|expected \d+ bytes/i.test(error.message);
      counter.destroy(lying ? bomb(file, `part "${name}" inflates beyond its declared size`) : new SpreadsheetError('corrupt_file', `${file}: part "${name}" cannot be inflated (${error.message})`, { file }, { cause: error }));
    });
    return inflated.pipe(counter);
  }

  close(): void {
    this.zip.close();
  }
}

function perEntryLimit(limits: ReaderLimits): number {
  return Math.floor(limits.maxUncompressedBytes / 2);
}

function bomb(file: string, why: string): SpreadsheetError {
  return new SpreadsheetError('zip_bomb', `${file} looks like a zip bomb (${why}); refusing to inflate it`, { file });
}

function checkDeclaredSize(file: string, entry: Entry, limits: ReaderLimits): void {
  if (entry.uncompressedSize > perEntryLimit(limits)) {
    throw bomb(file, `part "${entry.fileName}" declares ${entry.uncompressedSize} bytes`);
  }
  if (entry.uncompressedSize > RATIO_CHECK_MIN_BYTES) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (ratio > limits.maxCompressionRatio) throw bomb(file, `part "${entry.fileName}" has a compression ratio of ${Math.round(ratio)}:1`);
  }
}
