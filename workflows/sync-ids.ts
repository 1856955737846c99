/** Ids of a source's sync workflow and schedule: one of each per source (pure: shared with the CLI and the console). */
export function syncWorkflowId(source: string): string {
  return `sync-${source}`;
}

export function syncScheduleId(source: string): string {
  return `crmhub-sync-${source}`;
}

/** The segmentation pass (workflows/segment-rules.ts): one id, so two passes never overlap. */
export const SEGMENT_RULES_WORKFLOW_ID = 'segment-rules';
export const SEGMENT_RULES_SCHEDULE_ID = 'crmhub-segment-rules';
