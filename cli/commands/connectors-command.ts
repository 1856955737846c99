/** `crmhub connectors [--json]`: the connectors crmhub ships, from their descriptors (the same list connectors/README.md is generated from). */
import { CONNECTORS } from '../../connectors/registry';
import { printJson, printLine } from '../output';

export async function connectorsCommand(o: { json?: boolean }): Promise<number> {
  if (o.json) {
    printJson({ connectors: CONNECTORS });
    return 0;
  }
  for (const c of CONNECTORS) {
    printLine(`${c.id} (${c.kind}): ${c.label}${c.defaultSchedule ? `  [suggested schedule: ${c.defaultSchedule}]` : ''}`);
    for (const s of c.streams) printLine(`  ${s.name}${s.cursor ? ` (incremental on ${s.cursor.field})` : ''}: ${s.description}`);
  }
  return 0;
}
