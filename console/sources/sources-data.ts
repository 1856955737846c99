/**
 * Sources and schedules (issue 9's contract): sources live in `source_systems` (a config names the
 * environment variable holding a secret, never the secret); a sync is the `syncSource` workflow;
 * a schedule is the Temporal Schedule `crmhub-sync-<code>`. The console shows only the names of
 * those variables, tests a connection on a worker (the `testSource` workflow, where the secrets
 * are), and acts on schedules through the Temporal client's ScheduleHandle.
 */
import type { Knex } from 'knex';
import type { SourceCheck } from '../../activities/wizard/test-source-connection';
import type { ConsoleTemporal } from '../temporal';

export const SCHEDULE_PREFIX = 'crmhub-sync-';
export const scheduleId = (code: string) => `${SCHEDULE_PREFIX}${code}`;

export interface SourceItem {
  code: string; label: string; kind: string; connector: string; active: boolean; streams: string[]; envVars: string[];
  lastRun: { id: number; status: string; startedAt: Date; finishedAt: Date | null } | null;
}

/** Names of the variables a config points at (keys ending in `Env`), never their values. */
export function envVarNames(config: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (/Env$/.test(k) && typeof x === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(x)) out.push(x);
      else if (typeof x === 'object') walk(x);
    }
  };
  walk(config);
  return [...new Set(out)];
}

export async function listSources(db: Knex): Promise<SourceItem[]> {
  const { rows } = await db.raw(
    `SELECT s.code, s.label, s.kind, s.connector_code, s.is_active, s.config, r.id AS run_id, r.status, r.started_at, r.finished_at
       FROM source_systems s
       LEFT JOIN LATERAL (SELECT id, status, started_at, finished_at FROM sync_runs WHERE source_system_code = s.code ORDER BY id DESC LIMIT 1) r ON true
      ORDER BY s.code`,
  );
  return rows.map((r: Record<string, unknown>) => {
    const config = (r.config ?? {}) as { streams?: Record<string, unknown> };
    return {
      code: r.code as string, label: r.label as string, kind: r.kind as string, connector: r.connector_code as string, active: !!r.is_active,
      streams: config.streams && typeof config.streams === 'object' ? Object.keys(config.streams) : [],
      envVars: envVarNames(config),
      lastRun: r.run_id ? { id: Number(r.run_id), status: r.status as string, startedAt: r.started_at as Date, finishedAt: (r.finished_at as Date | null) ?? null } : null,
    };
  });
}

export interface ScheduleItem { id: string; source: string; paused: boolean; note: string | null; next: Date | null; last: Date | null; spec: string }

export async function listSchedules(t: ConsoleTemporal): Promise<ScheduleItem[]> {
  const out: ScheduleItem[] = [];
  for await (const s of t.client.schedule.list({ pageSize: 200 })) {
    if (!s.scheduleId.startsWith(SCHEDULE_PREFIX)) continue;
    const d = await t.client.schedule.getHandle(s.scheduleId).describe();
    const spec = [
      ...(d.spec.intervals ?? []).map((i) => `every ${typeof i.every === 'number' ? `${i.every / 1000}s` : String(i.every)}`),
      ...(d.spec.calendars ?? []).map(calendarText),
    ].join(', ') + (d.spec.timezone ? ` (${d.spec.timezone})` : '');
    out.push({
      id: s.scheduleId, source: s.scheduleId.slice(SCHEDULE_PREFIX.length), paused: d.state.paused, note: d.state.note ?? null,
      next: d.info.nextActionTimes[0] ?? null, last: d.info.recentActions.at(-1)?.takenAt ?? null, spec,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** A calendar spec as "hour 2, minute 0" (only the parts that are not "every"). */
function calendarText(spec: object): string {
  const c = spec as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of ['month', 'dayOfMonth', 'dayOfWeek', 'hour', 'minute']) {
    const ranges = c[k] as { start: unknown; end?: unknown; step?: number }[] | undefined;
    if (!ranges?.length) continue;
    const text = ranges.map((r) => (r.end !== undefined && r.end !== r.start ? `${String(r.start)}-${String(r.end)}` : String(r.start)) + (r.step && r.step > 1 ? `/${r.step}` : '')).join(',');
    if (text !== '*') parts.push(`${k} ${text}`);
  }
  return parts.join(', ');
}

export async function pauseSchedule(t: ConsoleTemporal, code: string, by: string): Promise<void> {
  await t.client.schedule.getHandle(scheduleId(code)).pause(`paused in the console by ${by}`);
}
export async function resumeSchedule(t: ConsoleTemporal, code: string, by: string): Promise<void> {
  await t.client.schedule.getHandle(scheduleId(code)).unpause(`resumed in the console by ${by}`);
}

/**
 * Sync now: through the source's schedule when it has one (its overlap policy keeps two syncs of
 * one source apart), else the `syncSource` workflow under a fixed id that joins a running one.
 */
export async function syncNow(t: ConsoleTemporal, code: string, hasSchedule: boolean): Promise<string> {
  if (hasSchedule) {
    await t.client.schedule.getHandle(scheduleId(code)).trigger();
    return scheduleId(code);
  }
  const workflowId = `sync-${code}`;
  await t.client.workflow.start('syncSource', {
    taskQueue: t.taskQueue, workflowId, args: [{ source: code }], workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `Sync ${code} (console)`,
  });
  return workflowId;
}

/** Runs the connection test on a worker and waits for its checks (a minute at most). */
export async function testConnection(t: ConsoleTemporal, code: string): Promise<SourceCheck[]> {
  return t.client.workflow.execute('testSource', {
    taskQueue: t.taskQueue, workflowId: `test-source-${code}-${Date.now().toString(36)}`, args: [{ source: code }],
    workflowExecutionTimeout: '1 minute', staticSummary: `Test connection of ${code}`,
  });
}
