import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of a file, streamed: identifies what was imported, and keys the workflow id. */
export async function sha256File(path: string): Promise<string> {
  return (await fileDigest(path, { countLines: false })).sha256;
}

/**
 * One streamed pass over a file: its sha256 and, when asked, its line count (approximate rows of
 * a CSV, for a progress bar) — a 1 GB export is read once for both, not twice.
 */
export async function fileDigest(path: string, opts: { countLines: boolean }): Promise<{ sha256: string; lines: number }> {
  const hash = createHash('sha256');
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (opts.countLines) for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  }
  return { sha256: hash.digest('hex'), lines };
}
