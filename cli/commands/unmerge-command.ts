/** `crmhub unmerge <merge-id> [--by <name>] [--json]`: puts back exactly what a merge changed. */
import { MergeRefusedError } from '../../activities/merge/errors';
import { unmerge } from '../../activities/merge/unmerge';
import { withDatabase } from '../database';
import { printJson, printLine } from '../output';
import { UserError } from '../user-error';
import { reviewer } from './review-command';

export async function unmergeCommand(idText: string, o: { by?: string; json?: boolean }): Promise<number> {
  const mergeId = Number(idText);
  if (!Number.isInteger(mergeId) || mergeId <= 0) throw new UserError(`a merge id is a positive number (merge_history.id), got "${idText}"`);
  const by = `user:${reviewer(o.by)}`;
  return withDatabase(async (db) => {
    let r;
    try {
      r = await unmerge(db, mergeId, { decidedBy: by });
    } catch (err) {
      if (err instanceof MergeRefusedError) throw new UserError(err.message);
      throw err;
    }
    if (o.json) printJson(r);
    else {
      printLine(`Merge ${r.mergeId} undone: ${r.restoredIds.join(', ')} restored beside ${r.survivorId}.`);
      printLine(`Rows restored: ${Object.entries(r.restored).map(([t, n]) => `${t} ${n.updated + n.inserted}`).join(', ')}. The pair will not be proposed again.`);
    }
    return 0;
  });
}
