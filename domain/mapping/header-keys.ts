/**
 * The key under which each column is reported (extras, suggestion tables): the trimmed header
 * text, made unique because real files repeat headers ("Teléfono", "Teléfono") or leave them
 * blank. Repeats become "Teléfono (2)"; blanks become "column 7" (1-based position).
 */
export function uniqueHeaderKeys(headers: readonly string[]): string[] {
  const used = new Set<string>();
  return headers.map((header, index) => {
    const base = header.trim() === '' ? `column ${index + 1}` : header.trim();
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base} (${n})`;
    used.add(key);
    return key;
  });
}
