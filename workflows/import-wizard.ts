/**
 * importWizard: one upload, walked through by a person in the console.
 *
 * inspect (sheet, header row, proposed mapping) → dry run (a child importSpreadsheet with
 * dryRun) → approve → import (a child importSpreadsheet). Each click is a Temporal Update, so the
 * console learns whether it was accepted, not merely sent:
 * - the validators refuse, before anything is written to history, an approval that comes twice,
 *   names a plan that is no longer the current one, or has no successful dry run of that plan;
 * - the approve handler digests the file again and refuses if it changed since it was planned.
 * Thin and deterministic: the reading, the digests and the imports are activities and children;
 * the workflow keeps only the plan (a few KB: the mapping) and child workflow ids.
 */
import {
  ApplicationFailure, ChildWorkflowFailure, ParentClosePolicy, condition, defineQuery, defineUpdate, executeChild, proxyActivities,
  setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ImportReport } from '../activities/pipeline/sync-runs';
import {
  WIZARD_STATE_QUERY, WIZARD_UPDATES, type ConfigureInput, type ImportWizardInput, type WizardChildRun, type WizardPlan, type WizardState,
} from './import-wizard-contract';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // They heartbeat on a timer (activities/alive.ts): a dead worker costs a minute, not ten.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 5, nonRetryableErrorTypes: ['BadInput', 'BadConfiguration'] },
});

export const configureUpdate = defineUpdate<WizardPlan, [ConfigureInput]>(WIZARD_UPDATES.configure);
export const startDryRunUpdate = defineUpdate<{ workflowId: string }, [{ planHash: string }]>(WIZARD_UPDATES.startDryRun);
export const approveUpdate = defineUpdate<{ workflowId: string }, [{ planHash: string; by: string }]>(WIZARD_UPDATES.approve);
export const stateQuery = defineQuery<WizardState>(WIZARD_STATE_QUERY);

function messageOf(err: unknown): string {
  let e = err as { cause?: unknown; message?: string };
  while (e.cause) e = e.cause as typeof e;
  return e.message ?? String(err);
}

export async function importWizard(input: ImportWizardInput): Promise<WizardState> {
  const id = workflowInfo().workflowId;
  const state: WizardState = { phase: 'inspecting', plan: null, planError: null, dryRun: null, approval: null, import: null };
  let configuring = 0;
  let dryRuns = 0;
  let dryRunRequested = false;
  let approved = false;
  const closed = () => state.phase === 'importing' || state.phase === 'done' || state.phase === 'failed' || state.phase === 'expired';

  const inspect = async (choice: ConfigureInput): Promise<WizardPlan> => {
    configuring++;
    try {
      const plan = await acts.inspectUpload({ uploadId: input.uploadId, file: input.file, fileSha256: input.fileSha256, entity: input.entity, source: input.source, ...choice });
      state.plan = plan;
      state.planError = null;
      if (state.dryRun && state.dryRun.planHash !== plan.hash && state.dryRun.status !== 'running') state.dryRun = null;
      return plan;
    } catch (err) {
      state.planError = messageOf(err);
      throw ApplicationFailure.create({ type: 'BadConfiguration', message: state.planError, nonRetryable: true });
    } finally {
      configuring--;
      if (!closed()) state.phase = state.dryRun?.status === 'running' ? 'dry_running' : state.dryRun?.status === 'succeeded' ? 'reviewing' : 'ready';
    }
  };

  setHandler(stateQuery, () => state);

  setHandler(configureUpdate, (choice) => inspect(choice), {
    validator: (_choice) => {
      if (closed()) throw new Error(`this import is ${state.phase}: its plan can no longer change`);
      if (state.dryRun?.status === 'running') throw new Error('a dry run is running: wait for it before changing the plan');
      if (state.approval) throw new Error('this import was approved: its plan can no longer change');
    },
  });

  setHandler(startDryRunUpdate, ({ planHash }) => {
    dryRuns++;
    state.dryRun = { workflowId: `${id}-dry-${dryRuns}`, planHash, status: 'running', error: null };
    state.phase = 'dry_running';
    dryRunRequested = true;
    return { workflowId: state.dryRun.workflowId };
  }, {
    validator: ({ planHash }) => {
      if (closed() || state.approval) throw new Error(`this import is ${state.approval ? 'approved' : state.phase}`);
      if (configuring > 0) throw new Error('the plan is being changed: try again in a moment');
      if (!state.plan) throw new Error('no plan yet: choose a sheet and a header row first');
      if (state.plan.hash !== planHash) throw new Error('the plan changed since this page was shown: reload it');
      if (state.dryRun?.status === 'running') throw new Error('a dry run is already running');
    },
  });

  setHandler(approveUpdate, async ({ planHash, by }) => {
    // Checked again here: two approvals validated together must not both pass.
    if (state.approval) throw ApplicationFailure.create({ type: 'AlreadyApproved', message: `already approved by ${state.approval.by}`, nonRetryable: true });
    state.approval = { by, planHash };
    const plan = state.plan as WizardPlan;
    const now = await acts.digestUpload({ file: input.file });
    if (now !== plan.fileSha256) {
      state.approval = null;
      throw ApplicationFailure.create({ type: 'FileChanged', message: 'the file changed since it was planned and dry-run: upload it again', nonRetryable: true });
    }
    approved = true;
    state.import = { workflowId: `${id}-import`, planHash, status: 'running', error: null };
    return { workflowId: state.import.workflowId };
  }, {
    validator: ({ planHash, by }) => {
      if (state.approval) throw new Error(`already approved by ${state.approval.by}`);
      if (closed()) throw new Error(`this import is ${state.phase}`);
      if (typeof by !== 'string' || by.length === 0) throw new Error('an approval names who approves');
      if (configuring > 0) throw new Error('the plan is being changed: reload the page');
      if (!state.plan || state.plan.hash !== planHash) throw new Error('the plan changed since its dry run was shown: reload the page and check it again');
      if (!state.dryRun || state.dryRun.planHash !== planHash || state.dryRun.status !== 'succeeded') throw new Error('approve after a successful dry run of this plan');
    },
  });

  await inspect({}).catch(() => undefined); // a bad default is shown; the person picks a sheet or header row

  const expiry = `${input.expireAfterHours ?? 24 * 7} hours`;
  for (;;) {
    const woke = await condition(() => dryRunRequested || approved, expiry);
    if (!woke) {
      state.phase = 'expired';
      return state;
    }
    if (dryRunRequested) {
      dryRunRequested = false;
      await runChild(state.dryRun as WizardChildRun, state.plan as WizardPlan, input, true);
      if (!approved) state.phase = state.dryRun?.status === 'succeeded' ? 'reviewing' : 'ready';
      continue;
    }
    state.phase = 'importing';
    await runChild(state.import as WizardChildRun, state.plan as WizardPlan, input, false);
    state.phase = state.import?.status === 'succeeded' ? 'done' : 'failed';
    return state;
  }
}

async function runChild(run: WizardChildRun, plan: WizardPlan, input: ImportWizardInput, dryRun: boolean): Promise<void> {
  try {
    const report: ImportReport = await executeChild('importSpreadsheet', {
      workflowId: run.workflowId,
      args: [{
        file: input.file, entity: input.entity, mapping: plan.mapping, source: input.source, locale: plan.locale,
        headerRow: plan.headerRow, ...(plan.sheet !== null ? { sheet: plan.sheet } : {}), dryRun,
      }],
      // An import keeps going if someone terminates the wizard around it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `${dryRun ? 'Dry run' : 'Import'} of upload ${input.uploadId} (${input.entity}) by ${input.by}`,
    });
    run.status = report.status === 'failed' ? 'failed' : 'succeeded';
    run.error = report.error;
  } catch (err) {
    if (!(err instanceof ChildWorkflowFailure)) throw err;
    run.status = 'failed';
    run.error = messageOf(err);
  }
}
