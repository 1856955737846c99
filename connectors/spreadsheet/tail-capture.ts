// Keeps just enough of the bytes fed to the CSV parser to quote the start of the record being
// parsed (at most `maxBytes`), so a broken tail can be quarantined with its raw text without
// buffering the whole tail.

interface Piece {
  offset: number;
  bytes: Buffer;
}

export class TailCapture {
  private pieces: Piece[] = [];
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  add(bytes: Buffer): void {
    this.pieces.push({ offset: this.total, bytes });
    this.total += bytes.length;
  }

  /**
   * Forget what lies before `from` (the end of the last complete record) or beyond the first
   * `maxBytes` after it. The last two pieces are always kept: the parser may still hold the
   * unconsumed end of the previous chunk, so the next record can start there.
   */
  keepFrom(from: number): void {
    const last = this.pieces.length - 2;
    const until = from + this.maxBytes;
    this.pieces = this.pieces.filter((p, i) => i >= last || (p.offset + p.bytes.length > from && p.offset < until));
  }

  /** Text from byte `from` on, at most `maxBytes`, leading line breaks removed. */
  textFrom(from: number): string {
    const parts: Buffer[] = [];
    let next = from;
    const until = from + this.maxBytes;
    for (const { offset, bytes } of this.pieces) {
      const end = offset + bytes.length;
      if (end <= next || offset > next) continue;
      parts.push(bytes.subarray(next - offset, Math.min(bytes.length, until - offset)));
      next = Math.min(end, until);
      if (next >= until) break;
    }
    return Buffer.concat(parts).toString('utf8').replace(/^[\r\n]+/, '');
  }
}
