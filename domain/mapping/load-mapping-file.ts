import { readFile } from 'node:fs/promises';
import { MappingError } from './mapping-error';
import { parseMapping, type Mapping } from './mapping-schema';

/** Reads and validates a mapping file; JSON syntax errors are reported with line and column. */
export async function loadMappingFile(path: string): Promise<Mapping> {
  const text = await readFile(path, 'utf8');
  return parseMapping(parseJsonText(text, path), path);
}

/** JSON.parse that reports where the syntax error is, since the file is written by hand. */
export function parseJsonText(text: string, origin: string): unknown {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(withoutBom);
  } catch (error) {
    const message = (error as Error).message;
    // V8 reports "... at position N" (the input may also end early, with no position).
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? withoutBom.length);
    const { line, column } = lineAndColumn(withoutBom, position);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    throw new MappingError(origin, [{ path: `line ${line}, column ${column}`, message: `invalid JSON: ${reason}` }]);
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}
