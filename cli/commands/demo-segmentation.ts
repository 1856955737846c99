/**
 * The demo's segmentation step (issue 10): a small ERP dataset for the imported accounts
 * (examples/erp/demo-facts.ts), the shipped rule templates, and one pass through Temporal, so
 * that `npm start` ends with tags and tiers to look at.
 */
import type { Knex } from 'knex';
import { saveRule } from '../../activities/segmentation/rule-store';
import { segmentationSettings } from '../../activities/segmentation/settings';
import { loadTemplates } from '../../domain/segmentation/templates';
import { localDate } from '../../domain/segmentation/windows';
import { seedDemoFacts, type DemoFactCounts } from '../../examples/erp/demo-facts';
import { SEGMENT_RULES_WORKFLOW_ID } from '../../workflows/sync-ids';
import type { SegmentRulesReport } from '../../workflows/segment-rules';
import type { TemporalSession } from '../temporal-session';

export interface DemoSegmentation { facts: DemoFactCounts; pass: SegmentRulesReport; segments: { rule: string; value: string | null; members: number }[] }

export async function runDemoSegmentation(db: Knex, t: TemporalSession): Promise<DemoSegmentation> {
  const asOf = localDate(new Date(), segmentationSettings().timezone);
  const facts = await seedDemoFacts(db, asOf);
  for (const def of loadTemplates()) await saveRule(db, def, { by: 'demo', asOf });
  const handle = await t.client.workflow.start('segmentRules', {
    taskQueue: t.taskQueue, workflowId: SEGMENT_RULES_WORKFLOW_ID, args: [{ trigger: 'manual', asOf }],
    workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  const pass = (await handle.result()) as SegmentRulesReport;
  const segments = (await db.raw(`SELECT r.code AS rule, m.value, count(*)::int AS members FROM segment_memberships m JOIN segment_rules r ON r.id = m.rule_id
      WHERE m.left_at IS NULL AND r.kind IN ('tag','tier') GROUP BY 1, 2 ORDER BY 1, 3 DESC`)).rows;
  return { facts, pass, segments };
}
