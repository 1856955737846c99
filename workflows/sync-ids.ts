/** Ids of a source's sync workflow and schedule: one of each per source (pure: shared with the CLI and the console). */
export function syncWorkflowId(source: string): string {
  return `sync-${source}`;
}

export function syncScheduleId(source: string): string {
  return `crmhub-sync-${source}`;
}
