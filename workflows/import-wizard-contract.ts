/**
 * The `importWizard` workflow's contract with the console: its input, the Updates a person's
 * clicks become, and the state a query returns. Types only (and names), so both the workflow
 * sandbox and the console import it.
 */
import type { Mapping } from '../domain/mapping';

export const IMPORT_WIZARD = 'importWizard';
export const WIZARD_UPDATES = { configure: 'configure', startDryRun: 'startDryRun', approve: 'approve' } as const;
export const WIZARD_STATE_QUERY = 'state';

export interface ImportWizardInput {
  uploadId: string;
  /** Absolute path of the upload (a random name under the console's upload folder). */
  file: string;
  fileSha256: string;
  entity: 'accounts' | 'contacts';
  source: string;
  /** Who uploaded it (console user e-mail): for the Temporal UI's summary, not for rules. */
  by: string;
  /** A wizard nobody finishes ends after this long (default 7 days). */
  expireAfterHours?: number;
}

/** What the reader settled on for one sheet and header row, and the mapping to use. */
export interface WizardPlan {
  /** sha256 over the file's digest and every choice below: approval names the plan it saw. */
  hash: string;
  fileSha256: string;
  sheet: string | null;
  headerRow: number;
  locale: string;
  mapping: Mapping;
  columns: number;
}

export interface ConfigureInput {
  sheet?: string | number;
  headerRow?: number;
  /** A mapping the person edited; absent: propose one from the headers. */
  mapping?: unknown;
  locale?: string;
}

export interface WizardChildRun {
  workflowId: string;
  planHash: string;
  status: 'running' | 'succeeded' | 'failed';
  error: string | null;
}

export interface WizardState {
  phase: 'inspecting' | 'ready' | 'dry_running' | 'reviewing' | 'importing' | 'done' | 'failed' | 'expired';
  plan: WizardPlan | null;
  /** Why the last configure failed (bad sheet, a mapping naming a missing column …). */
  planError: string | null;
  dryRun: WizardChildRun | null;
  approval: { by: string; planHash: string } | null;
  import: WizardChildRun | null;
}
