/**
 * `crmhub schedule create|list|pause|resume|trigger|delete`: a source's syncs on a Temporal
 * Schedule (`crmhub-sync-<code>`) that starts `scheduledSync`, with overlap policy SKIP. A
 * schedule lives on a Temporal server and runs on its workers: it needs `crmhub dev` or a server
 * at TEMPORAL_ADDRESS with `crmhub worker`s, never the ephemeral server of one command.
 */
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { TASK_QUEUE } from '../../temporal/config';
import { syncScheduleId } from '../../workflows/sync-ids';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';
import { withTemporal } from '../temporal-session';
import { UserError } from '../user-error';

async function withScheduleClient<T>(fn: (client: Client) => Promise<T>, quiet?: boolean): Promise<T> {
  return withDatabase((db) => withTemporal(db, async (t) => {
    if (t.serverKind === 'ephemeral') {
      throw new UserError('schedules live on a Temporal server that stays up: run `crmhub dev` (or set TEMPORAL_ADDRESS to your cluster, with `crmhub worker`s) and try again');
    }
    return fn(t.client);
  }, { quiet }));
}

/** "15m", "1h", "30s", "2d" → a duration Temporal reads. */
function every(text: string): string {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new UserError(`--every takes a duration like 15m, 1h or 1d; got "${text}"`);
  return `${m[1]}${m[2]}`;
}

export async function scheduleCreateCommand(code: string, o: { cron?: string; every?: string; timezone?: string; json?: boolean }): Promise<number> {
  if (!o.cron === !o.every) throw new UserError('give the schedule as --cron "0 2 * * *" or --every 15m (one of them)');
  if (o.timezone && !Intl.supportedValuesOf('timeZone').includes(o.timezone) && o.timezone !== 'UTC') throw new UserError(`unknown time zone "${o.timezone}" (an IANA name such as Europe/Madrid)`);
  const source = await withDatabase(async (db) => db('source_systems').where({ code, is_active: true }).first('code'));
  if (!source) throw new UserError(`no source "${code}": crmhub source add ${code} …`);
  return withScheduleClient(async (client) => {
    const scheduleId = syncScheduleId(code);
    await client.schedule.create({
      scheduleId,
      spec: {
        ...(o.cron ? { cronExpressions: [o.cron] } : { intervals: [{ every: every(o.every as string) }] }),
        ...(o.timezone ? { timezone: o.timezone } : {}),
      },
      action: { type: 'startWorkflow', workflowType: 'scheduledSync', args: [{ source: code }], taskQueue: TASK_QUEUE, workflowId: `scheduled-${scheduleId}` },
      policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
    }).catch((err: Error) => {
      if (/already (exists|running)/i.test(err.message)) throw new UserError(`source ${code} already has a schedule: crmhub schedule delete ${code} first`);
      throw err;
    });
    if (o.json) printJson({ source: code, scheduleId, cron: o.cron ?? null, every: o.every ?? null, timezone: o.timezone ?? null });
    else printLine(`Schedule ${scheduleId}: ${o.cron ? `cron "${o.cron}"` : `every ${o.every}`}${o.timezone ? ` (${o.timezone})` : ''}. Runs need a worker: crmhub dev, or crmhub worker.`);
    return 0;
  }, o.json);
}

export async function scheduleListCommand(o: { json?: boolean }): Promise<number> {
  return withScheduleClient(async (client) => {
    const out: Record<string, unknown>[] = [];
    for await (const s of client.schedule.list()) {
      if (!s.scheduleId.startsWith('crmhub-sync-')) continue;
      const d = await client.schedule.getHandle(s.scheduleId).describe();
      out.push({
        source: s.scheduleId.slice('crmhub-sync-'.length), scheduleId: s.scheduleId, paused: d.state.paused,
        spec: JSON.stringify(d.spec.intervals?.length ? d.spec.intervals : d.spec.calendars ?? []), timezone: d.spec.timezone ?? null,
        next: d.info.nextActionTimes[0]?.toISOString() ?? null, last: d.info.recentActions.at(-1)?.takenAt.toISOString() ?? null,
      });
    }
    if (o.json) printJson({ schedules: out });
    else printLine(out.length ? table(out, ['source', 'paused', 'spec', 'timezone', 'next', 'last']) : 'No schedules: crmhub schedule create <source> --cron "0 2 * * *"');
    return 0;
  }, o.json);
}

type Verb = 'pause' | 'resume' | 'trigger' | 'delete';

export async function scheduleVerbCommand(verb: Verb, code: string, o: { json?: boolean }): Promise<number> {
  return withScheduleClient(async (client) => {
    const handle = client.schedule.getHandle(syncScheduleId(code));
    try {
      if (verb === 'pause') await handle.pause('paused with crmhub schedule pause');
      else if (verb === 'resume') await handle.unpause('resumed with crmhub schedule resume');
      else if (verb === 'trigger') await handle.trigger('SKIP');
      else await handle.delete();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new UserError(`source ${code} has no schedule: crmhub schedule create ${code} --cron …`);
      throw err;
    }
    if (o.json) printJson({ source: code, [verb]: true });
    else printLine(`Schedule of ${code}: ${verb === 'trigger' ? 'triggered (skipped if a sync of it is running)' : `${verb}d`}.`);
    return 0;
  }, o.json);
}
