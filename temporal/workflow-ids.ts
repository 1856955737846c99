/**
 * Workflow ids for imports, derived from what is imported: the file's sha256, the mapping, the
 * target and the reading options. Submitting the same import twice finds the same id, and the
 * conflict policy returns the running (or completed) run instead of importing twice.
 */
import { createHash } from 'node:crypto';

export interface ImportIdentity {
  fileSha256: string; entity: string; mapping: unknown; source?: string; sheet?: string | number; locale?: string;
  encoding?: string; delimiter?: string; headerRow?: number; dryRun: boolean; attempt?: string;
}

/** Every option that changes what gets imported is part of the id: a corrected --encoding is a new import. */
export function importWorkflowId(p: ImportIdentity): string {
  const key = JSON.stringify([p.entity, p.mapping ?? 'auto', p.source ?? null, p.sheet ?? null, p.locale ?? null, p.encoding ?? null, p.delimiter ?? null, p.headerRow ?? null]);
  const digest = createHash('sha256').update(p.fileSha256).update(key).digest('hex').slice(0, 24);
  return `import-${p.entity}-${p.dryRun ? 'dry-' : ''}${digest}${p.attempt ? `-${p.attempt}` : ''}`;
}
