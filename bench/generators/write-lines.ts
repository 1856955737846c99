/**
 * Writes generated lines to a file with constant memory: lines are encoded into a reusable
 * 256 KiB buffer, and a full buffer goes to the stream with backpressure (a million-row file never
 * sits in memory, and `+=` on one huge string is avoided).
 */
import { createWriteStream } from 'node:fs';

const BUF_BYTES = 256 * 1024;

/** Writes `header` then every line (each already ending in its EOL); lines must be < 8 KiB. */
export async function writeLines(path: string, header: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let error: Error | undefined;
  out.on('error', (e) => {
    error = e;
  });
  const waitFor = (event: 'drain' | 'finish') =>
    new Promise<void>((resolve, reject) => {
      if (error) return reject(error);
      const onDone = () => {
        out.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        out.off(event, onDone);
        reject(e);
      };
      out.once(event, onDone);
      out.once('error', onError);
    });
  let buf = Buffer.allocUnsafe(BUF_BYTES);
  let used = buf.write(header, 0, 'utf8');
  for (const line of lines) {
    used += buf.write(line, used, 'utf8');
    if (used > BUF_BYTES - 8192) {
      const ok = out.write(buf.subarray(0, used));
      buf = Buffer.allocUnsafe(BUF_BYTES);
      used = 0;
      if (!ok) await waitFor('drain');
      if (error) throw error;
    }
  }
  out.end(buf.subarray(0, used));
  await waitFor('finish');
}
