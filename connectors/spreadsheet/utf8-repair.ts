// UTF-8 text with a few invalid bytes (a stray Windows-1252 "ó" pasted into a UTF-8 export) is
// read as UTF-8, and only the invalid bytes are repaired, each read as Windows-1252 and reported
// on its row. Decoding the whole file as Windows-1252 instead would garble every accented letter.
//
// The repair happens on the byte stream, before csv-parse. Each invalid byte is replaced by the
// noncharacter U+FDD0 (Unicode reserves it for internal use: it never means anything in a file)
// and remembered with its offset in the repaired stream. When a record comes out of the parser,
// the markers in its cells are swapped for the repaired characters, in order, which also tells
// which column each byte was in.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { Cell, RowNote } from './types';

export const REPAIR_MARKER = '\uFDD0';
const MARKER_BYTES = Buffer.from(REPAIR_MARKER); // EF B7 90

/** One marker in the repaired stream: an invalid byte, or (byte null) a U+FDD0 the file really had. */
export interface Repair {
  /** Offset of the marker in the repaired byte stream. */
  at: number;
  byte: number | null;
}

/**
 * Length of the valid UTF-8 sequence starting at `i` (1 for ASCII), or 0 when the byte at `i` is
 * invalid there (stray continuation byte, C0/C1/F5–FF, overlong form, surrogate, truncated
 * sequence). Bounds as in the Unicode Standard, table 3-7 (well-formed UTF-8 byte sequences).
 */
function sequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) low = 0xa0;
    if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) low = 0x90;
    if (b === 0xf4) high = 0x8f;
  } else return 0;
  if (i + length > end) return 0;
  const second = bytes[i + 1]!;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/** The sample may cut a multi-byte UTF-8 sequence in half; drop that tail before validating. */
export function trimIncompleteUtf8(sample: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, sample.length); back++) {
    const byte = sample[sample.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? sample.subarray(0, sample.length - back) : sample;
    }
    return sample;
  }
  return sample;
}

/** Multi-byte UTF-8 characters and invalid bytes in a sample (ASCII counts for neither). */
export function tallyUtf8(sample: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < sample.length; ) {
    if (sample[i]! < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(sample, i, sample.length);
    if (length === 0) {
      invalid++;
      i++;
    } else {
      valid++;
      i += length;
    }
  }
  return { valid, invalid };
}

/**
 * "Overwhelmingly UTF-8": no invalid bytes, or at least three valid multi-byte characters per
 * invalid byte. Text in a legacy code page almost never forms valid UTF-8 sequences by accident
 * (a Windows-1252 "ñ" is followed by an ASCII letter, not by a continuation byte), so genuine
 * cp1250/1251/1252 files have next to no valid sequences and stay with chardet.
 */
export function isMostlyUtf8(sample: Buffer): boolean {
  const body = trimIncompleteUtf8(sample);
  if (isUtf8(body)) return true;
  const { valid, invalid } = tallyUtf8(body);
  return valid >= 3 * invalid;
}

/** Streaming repairer: feed file chunks in order, then `end()`; markers are recorded in `repairs`. */
export class Utf8Repairer {
  private carry: Buffer | null = null;
  private emitted = 0;
  /** Markers not yet claimed by a record, in stream order, from index `head` on. */
  private pending: Repair[] = [];
  private head = 0;

  write(chunk: Buffer): Buffer {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const body = trimIncompleteUtf8(data); // a sequence cut by the chunk boundary waits for the next chunk
    this.carry = body.length < data.length ? Buffer.from(data.subarray(body.length)) : null;
    return this.repair(body);
  }

  end(): Buffer {
    const rest = this.carry;
    this.carry = null;
    return rest ? this.repair(rest, true) : Buffer.alloc(0);
  }

  /** True when a record ending at stream offset `end` may hold markers. Cheap: called for every record. */
  hasMarkersBefore(end: number): boolean {
    return this.head < this.pending.length && this.pending[this.head]!.at < end;
  }

  /**
   * Claims the markers of the record that ends at stream offset `end` and holds `count` markers:
   * the last `count` before `end`. Earlier ones were in lines the parser skipped (before the
   * header, or blank) and are dropped.
   */
  take(end: number, count: number): Repair[] {
    let upTo = this.head;
    while (upTo < this.pending.length && this.pending[upTo]!.at < end) upTo++;
    const claimed = this.pending.slice(Math.max(this.head, upTo - count), upTo);
    this.head = upTo;
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    return claimed;
  }

  /** Markers after stream offset `from`, in order (the broken tail of an unbalanced quote). */
  remainingFrom(from: number): Repair[] {
    return this.pending.slice(this.head).filter((repair) => repair.at >= from);
  }

  private repair(body: Buffer, final = false): Buffer {
    const start = this.emitted;
    if (!final && isUtf8(body)) {
      // Fast path (almost every chunk): only a U+FDD0 written in the file needs recording.
      for (let at = body.indexOf(MARKER_BYTES); at !== -1; at = body.indexOf(MARKER_BYTES, at + 3)) this.pending.push({ at: start + at, byte: null });
      this.emitted += body.length;
      return body;
    }
    const pieces: Buffer[] = [];
    let out = start;
    let from = 0;
    for (let i = 0; i < body.length; ) {
      const length = body[i]! < 0x80 ? 1 : sequenceLength(body, i, body.length);
      if (length === 3 && body[i] === 0xef && body[i + 1] === 0xb7 && body[i + 2] === 0x90) this.pending.push({ at: out + (i - from), byte: null });
      if (length > 0) {
        i += length;
        continue;
      }
      pieces.push(body.subarray(from, i), MARKER_BYTES);
      out += i - from;
      this.pending.push({ at: out, byte: body[i]! });
      out += MARKER_BYTES.length;
      from = ++i;
    }
    pieces.push(body.subarray(from));
    out += body.length - from;
    this.emitted = out;
    return pieces.length === 1 ? body : Buffer.concat(pieces);
  }
}

/** What an invalid byte is read as: its Windows-1252 character (U+FFFD for the five bytes 1252 leaves undefined). */
export function repairedChar(byte: number): string {
  return iconv.decode(Buffer.from([byte]), 'windows-1252');
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Puts the repaired characters back in place of the markers of `text`, consuming `repairs` in order. */
export function restoreMarkers(text: string, repairs: Repair[], next = { index: 0 }): string {
  return text.replace(/\uFDD0/g, () => {
    const repair = repairs[next.index++];
    return repair?.byte == null ? REPAIR_MARKER : repairedChar(repair.byte);
  });
}

/**
 * Swaps the markers in `cells` for their repaired characters (in place) and returns one note per
 * cell that had invalid bytes, with `column` the 0-based cell index; the source prefixes the
 * message with the column's place and header once it knows the header (build-source.ts).
 */
export function repairCells(cells: Cell[], repairs: Repair[]): RowNote[] {
  const notes: RowNote[] = [];
  const next = { index: 0 };
  for (let column = 0; column < cells.length; column++) {
    const cell = cells[column];
    if (typeof cell !== 'string' || !cell.includes(REPAIR_MARKER)) continue;
    const first = next.index;
    cells[column] = restoreMarkers(cell, repairs, next);
    const bytes = repairs.slice(first, next.index).flatMap((repair) => (repair.byte === null ? [] : [repair.byte]));
    if (bytes.length === 0) continue;
    const described = bytes.map((byte) => `${hex(byte)} → ${JSON.stringify(repairedChar(byte))}`).join(', ');
    notes.push({
      code: 'invalid_utf8_repaired',
      message: `invalid UTF-8 ${bytes.length === 1 ? 'byte' : 'bytes'} read as windows-1252: ${described}`,
      column,
    });
  }
  return notes;
}
