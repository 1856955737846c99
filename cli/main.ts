/**
 * The crmhub CLI. Commands that report take --json (one JSON document on stdout; logs on stderr), and
 * any failure a user can fix is one line naming what to set, never a stack trace. Commands are
 * loaded when run, so `crmhub --help` does not pay for Temporal's and the readers' start-up.
 */
import { Command, Option } from 'commander';
import { describeError } from './describe-error';
import { version } from '../package.json';

const program = new Command('crmhub')
  .description('Keeps a CRM complete from the systems where the data is born: spreadsheets, ERP databases, e-invoice folders.')
  .version(version)
  .showHelpAfterError();

import { TARGET_ENTITIES } from '../domain/canonical/entity-names';
const entity = () => new Option('--entity <entity>', 'target entity').choices(TARGET_ENTITIES).makeOptionMandatory();
const party = () => new Option('--entity <entity>', 'accounts or contacts').choices(['accounts', 'contacts']).makeOptionMandatory();

program.command('import')
  .description('import a CSV/XLSX file into the CRM through a Temporal workflow')
  .argument('<file>', 'CSV, TSV, XLSX (or legacy XLS/ODS) file')
  .addOption(entity())
  .option('--mapping <file|auto>', 'mapping file (JSON), or auto to propose one from the headers', 'auto')
  .option('--save-mapping <file>', 'with --mapping auto: save the proposed mapping for editing')
  .option('--source <code>', 'source system code (default: the mapping\'s, else "spreadsheet")')
  .option('--sheet <name|index>', 'XLSX sheet by name or 0-based index')
  .option('--locale <profile>', 'locale profile for numbers and dates: es, ca, it, pl, ru, de, fr, pt, en-GB, en-US, de-CH')
  .option('--encoding <name>', 'file encoding (default: detected)')
  .option('--delimiter <char>', 'CSV delimiter (default: sniffed among , ; tab |)')
  .option('--header-row <n>', 'row number of the header (default: detected)')
  .option('--batch-size <n>', 'rows per committed batch', '10000')
  .option('--dry-run', 'compute the same report, write nothing to CRM tables')
  .option('--no-match', 'skip the match stage (fuzzy duplicates against the CRM; exact keys still resolve)')
  .option('--match-chunk <n>', 'records the match stage matches and commits at once (default 10000; fewer use less memory)')
  .option('--force', 'import again even if this exact import already completed')
  .option('--json', 'print one JSON document')
  .action(async (file, o) => exit(await (require('./commands/import-command') as typeof import('./commands/import-command')).importCommand(file, o)));

program.command('suggest-mapping')
  .description('propose a mapping from a file\'s headers (ES, CA, IT, PL, RU, EN, DE, FR)')
  .argument('<file>')
  .addOption(entity())
  .option('--sheet <name|index>')
  .option('--out <file>', 'save the mapping to edit it')
  .option('--json')
  .action(async (file, o) => exit(await (require('./commands/suggest-mapping-command') as typeof import('./commands/suggest-mapping-command')).suggestMappingCommand(file, o)));

program.command('runs').description('list import and sync runs, newest first (a sync: its stream and the cursor it started and ended at)')
  .option('--limit <n>', 'how many', '20').option('--kind <import|sync>', 'only imports or only syncs').option('--source <code>', 'only this source system').option('--json')
  .action(async (o) => exit(await (require('./commands/runs-command') as typeof import('./commands/runs-command')).runsCommand(o)));

const rejectsCmd = () => require('./commands/rejects-command') as typeof import('./commands/rejects-command');
const rejects = program.command('rejects').description('show, replay or ignore the rows a run quarantined (and the values it dropped)')
  .argument('[run-id]')
  .option('--warnings', 'the values dropped from rows that still loaded, instead of the quarantined rows')
  .option('--all', 'also rows already replayed, ignored or skipped (totals)')
  .option('--csv', 'CSV export (safe against formula injection): edit it and hand it back to `rejects replay`').option('--json')
  .action(async (runId, o) => {
    if (runId === undefined) throw new Error('missing run id: crmhub rejects <run-id> (see crmhub runs)');
    exit(await rejectsCmd().rejectsCommand(runId, o));
  });
rejects.command('replay').description('re-import the rows fixed in a CSV made by `rejects <run> --csv`, under the run\'s mapping and source')
  .argument('<run-id>').requiredOption('--file <csv>', 'the edited CSV (or XLSX) with its crmhub_row column')
  .option('--dry-run', 'report what the replay would do, write nothing').option('--json')
  .action(async (runId, o) => exit(await (require('./commands/rejects-replay-command') as typeof import('./commands/rejects-replay-command')).rejectsReplayCommand(runId, o)));
rejects.command('ignore').description('mark a run\'s open rejected rows as ignored (all, or one with --row)')
  .argument('<run-id>').option('--row <n>', 'only this row').option('--json')
  .action(async (runId, o) => exit(await rejectsCmd().rejectsIgnoreCommand(runId, o)));

program.command('dedupe').description('find and merge duplicates over the whole CRM; doubtful pairs go to review')
  .addOption(party())
  .option('--dry-run', 'report what would be merged and queued, write nothing')
  .option('--explain <n>', 'print the n best-scored pairs with each field\'s contribution')
  .option('--clusters-per-chunk <n>', 'automatic merges per committed chunk of the plan (default 1000)')
  .option('--json')
  .action(async (o) => exit(await (require('./commands/dedupe-command') as typeof import('./commands/dedupe-command')).dedupeCommand(o)));

program.command('match-file').description('find duplicates in CSV/XLSX files (no CRM): one line per record with its cluster')
  .argument('<files...>', 'one file to deduplicate, or two with --link-only')
  .option('--mapping <file|auto>', 'mapping file (JSON), or auto to propose one from each file\'s headers', 'auto')
  .addOption(new Option('--entity <entity>', 'what the rows are (needed with --mapping auto)').choices(['accounts', 'contacts']))
  .option('--id-column <name>', 'column written to the output as the record id (never matched on: dropped from the mapping)')
  .option('--link-only', 'two files: only pairs across them, each record linked at most once')
  .requiredOption('--out <file>', 'CSV to write: id, cluster_id, decision')
  .option('--explain <n>', 'print the n best-scored pairs with each field\'s contribution')
  .option('--json')
  .action(async (files, o) => exit(await (require('./commands/match-file-command') as typeof import('./commands/match-file-command')).matchFileCommand(files, o)));

const sourceCmd = () => require('./commands/source-command') as typeof import('./commands/source-command');
const source = program.command('source').description('the systems crmhub syncs from (ERP databases, e-invoice folders)');
source.command('add').description('add or update a source').argument('<code>', 'source code: lowercase letters, digits, _')
  .requiredOption('--connector <id>', 'sql or file-drop (see crmhub connectors)')
  .requiredOption('--config <file.json>', "the connector's config (secrets by environment variable name, e.g. \"urlEnv\": \"ERP_DATABASE_URL\")")
  .requiredOption('--country <code>', 'country of phones and tax ids written without one, e.g. ES')
  .option('--timezone <zone>', 'zone of naive timestamps (default UTC)').option('--locale <profile>', 'number/date conventions of text values (default en-GB)')
  .option('--kind <kind>', 'erp, accounting, ecommerce, logistics, crm, analytics (default: the connector\'s)').option('--json')
  .action(async (code, o) => exit(await sourceCmd().sourceAddCommand(code, o)));
source.command('list').description('sources and their last run').option('--json').action(async (o) => exit(await sourceCmd().sourceListCommand(o)));
source.command('show').description('a source: config (never secrets), settings, cursors').argument('<code>').option('--json')
  .action(async (code, o) => exit(await sourceCmd().sourceShowCommand(code, o)));
source.command('test').description('connect and check every stream: one line each').argument('<code>').option('--json')
  .action(async (code, o) => exit(await sourceCmd().sourceTestCommand(code, o)));
source.command('remove').description('stop syncing a source (its data stays)').argument('<code>').option('--json')
  .action(async (code, o) => exit(await sourceCmd().sourceRemoveCommand(code, o)));

program.command('sync').description('sync a source now: every stream in order, one report per stream').argument('<code>')
  .option('--stream <name...>', 'only these streams').option('--full', 'read from the start, ignoring the stored cursors')
  .option('--no-match', 'skip the match stage of accounts and contacts').option('--json')
  .action(async (code, o) => exit(await (require('./commands/sync-command') as typeof import('./commands/sync-command')).syncCommand(code, o)));

const scheduleCmd = () => require('./commands/schedule-command') as typeof import('./commands/schedule-command');
const schedule = program.command('schedule').description("a source's syncs on a Temporal Schedule (needs crmhub dev or a cluster with workers)");
schedule.command('create').argument('<code>').option('--cron <expr>', 'cron expression, e.g. "0 2 * * *"').option('--every <duration>', 'e.g. 15m, 1h')
  .option('--timezone <zone>', 'IANA zone of the cron, e.g. Europe/Madrid').option('--json')
  .action(async (code, o) => exit(await scheduleCmd().scheduleCreateCommand(code, o)));
schedule.command('list').option('--json').action(async (o) => exit(await scheduleCmd().scheduleListCommand(o)));
for (const verb of ['pause', 'resume', 'trigger', 'delete'] as const) {
  schedule.command(verb).argument('<code>').option('--json').action(async (code, o) => exit(await scheduleCmd().scheduleVerbCommand(verb, code, o)));
}

const rulesCmd = () => require('./commands/rules-command') as typeof import('./commands/rules-command');
const rules = program.command('rules').description('segmentation rules: tags, tiers, scores and statuses kept current every night (docs/segmentation.md)');
rules.command('list').description('rules with their last run, status, error and age (stale after 26 h)').option('--json')
  .action(async (o) => exit(await rulesCmd().rulesListCommand(o)));
rules.command('show').description('a rule: definition, versions, compiled SQL, last runs').argument('<rule>').option('--json')
  .action(async (code, o) => exit(await rulesCmd().rulesShowCommand(code, o)));
rules.command('add').description('add a rule, or a new version of it, from a JSON file or a template name; a new version runs at once')
  .argument('<file|template>').option('--no-run', 'save only; the next pass applies it').option('--by <name>', 'who saved it (default: $USER)').option('--json')
  .action(async (file, o) => exit(await rulesCmd().rulesAddCommand(file, o)));
rules.command('preview').description('counts per node, would-enter/leave and 20 samples, under a 15 s timeout; writes nothing')
  .argument('<file|template>').option('--as-of <date>', 'evaluate as of this date (default: today in CRMHUB_TIMEZONE)').option('--json')
  .action(async (file, o) => exit(await rulesCmd().rulesPreviewCommand(file, o)));
rules.command('run').description('run a segmentation pass now (all enabled rules, or --rule)')
  .option('--rule <code...>', 'only these rules').option('--as-of <date>', 'business date (default: today in CRMHUB_TIMEZONE)')
  .option('--full', 'recompute every account\'s features, not only the dirty set').option('--json')
  .action(async (o) => exit(await rulesCmd().rulesRunCommand(o)));
rules.command('explain').description('why an account is in or out of a rule, node by node').argument('<rule>').argument('<account>', 'account id or exact name')
  .option('--as-of <date>').option('--json')
  .action(async (code, account, o) => exit(await rulesCmd().rulesExplainCommand(code, account, o)));
rules.command('history').description("an account's memberships: entered, left, reason, tier moves, evidence").argument('<account>', 'account id or exact name').option('--json')
  .action(async (account, o) => exit(await rulesCmd().rulesHistoryCommand(account, o)));
rules.command('schedule').description('run the rules nightly on a Temporal Schedule (overlap SKIP); without --cron: show it')
  .option('--cron <expr>', 'e.g. "0 3 * * *" (after the night\'s syncs)').option('--timezone <zone>', 'IANA zone of the cron')
  .option('--delete', 'delete the schedule').option('--json')
  .action(async (o) => exit(await rulesCmd().rulesScheduleCommand(o)));
rules.command('catalogue').description('the fields, features and facts rules can use').option('--json')
  .action(async (o) => exit(await rulesCmd().rulesCatalogueCommand(o)));

const segmentsCmd = () => require('./commands/segments-report-command') as typeof import('./commands/segments-report-command');
const reportCmd = program.command('report').description('reports');
reportCmd.command('segments').description('members per tag and tier, entered/left, tier transition matrix, turnover per tier')
  .option('--as-of <date>').option('--csv').option('--json')
  .action(async (o) => exit(await segmentsCmd().reportSegmentsCommand(o)));
program.command('segment').description('segment members').command('export').description("a rule's members with key fields and evidence (CSV, formula-injection safe)")
  .argument('<rule>').option('--csv', 'CSV (the default)').option('--json')
  .action(async (code, o) => exit(await segmentsCmd().segmentExportCommand(code, o)));

program.command('connectors').description('the connectors crmhub ships (generated from their descriptors)').option('--json')
  .action(async (o) => exit(await (require('./commands/connectors-command') as typeof import('./commands/connectors-command')).connectorsCommand(o)));

program.command('worker').description('run a worker against TEMPORAL_ADDRESS (default: the crmhub dev server)')
  .option('--metrics-port <port>', 'serve Prometheus /metrics, /ready and /live on this port (or CRMHUB_METRICS_PORT)')
  .option('--metrics-host <ip>', 'address to serve them on (default 127.0.0.1; 0.0.0.0 in a container)')
  .action(async (o) => exit(await (require('./commands/worker-command') as typeof import('./commands/worker-command')).workerCommand(o)));

program.command('dev').description('run a local Temporal dev server (persisted, with Web UI), a worker and the web console')
  .option('--data-dir <dir>', 'where the dev server keeps its data (default ./.crmhub)')
  .option('--console-port <port>', 'web console port (default 8080)')
  .option('--no-console', 'do not serve the web console')
  .action(async (o) => exit(await (require('./commands/dev-command') as typeof import('./commands/dev-command')).devCommand(o)));

program.command('migrate').description('create the database if needed and apply migrations')
  .option('--rollback', 'roll back all migrations').option('--json')
  .action(async (o) => exit(await (require('./commands/migrate-command') as typeof import('./commands/migrate-command')).migrateCommand(o)));

program.command('demo').description('import the sample exports in examples/ (what npm start runs)').option('--json')
  .action(async (o) => exit(await (require('./commands/demo-command') as typeof import('./commands/demo-command')).demoCommand(o)));

const reviewCmd = () => require('./commands/review-command') as typeof import('./commands/review-command');
const review = program.command('review').description('decide the pairs the matcher was unsure about');
review.command('list').description('pending pairs, most likely first')
  .addOption(new Option('--entity <entity>', 'only this entity').choices(['accounts', 'contacts']))
  .option('--limit <n>', 'how many', '50').option('--json')
  .action(async (o) => exit(await reviewCmd().reviewListCommand(o)));
review.command('show').description('both records side by side, with the score explained').argument('<id>').option('--json')
  .action(async (id, o) => exit(await reviewCmd().reviewShowCommand(id, o)));
review.command('accept').description('merge the pair (undo with crmhub unmerge)').argument('<id>')
  .option('--by <name>', 'who decided (default: $USER)').option('--json')
  .action(async (id, o) => exit(await reviewCmd().reviewAcceptCommand(id, o)));
review.command('reject').description('remember the pair as two different records').argument('<id>')
  .option('--by <name>', 'who decided (default: $USER)').option('--json')
  .action(async (id, o) => exit(await reviewCmd().reviewRejectCommand(id, o)));

program.command('unmerge').description('undo a merge exactly; the pair is never proposed again').argument('<merge-id>')
  .option('--by <name>', 'who decided (default: $USER)').option('--json')
  .action(async (id, o) => exit(await (require('./commands/unmerge-command') as typeof import('./commands/unmerge-command')).unmergeCommand(id, o)));

program.command('console').description('serve the web console (imports, duplicates, runs, sources, accounts)')
  .option('--port <port>', 'port (default 8080, or CRMHUB_CONSOLE_PORT)')
  .option('--host <host>', 'address to listen on (default 127.0.0.1, or CRMHUB_CONSOLE_HOST)')
  .action(async (o) => exit(await (require('./commands/console-command') as typeof import('./commands/console-command')).consoleCommand(o)));

const user = program.command('user').description('people who use the web console');
user.command('add').description('add a console user, or set their role and password (password read from stdin)').argument('<email>')
  .addOption(new Option('--role <role>', 'admin: sources and schedules; reviewer: merges and imports; viewer: reads').choices(['admin', 'reviewer', 'viewer']).makeOptionMandatory())
  .option('--json')
  .action(async (email, o) => exit(await (require('./commands/user-command') as typeof import('./commands/user-command')).userAddCommand(email, o)));

function exit(code: number): void {
  process.exitCode = code;
}

program.parseAsync(process.argv).catch((err) => {
  process.stderr.write(`crmhub: ${describeError(err)}\n`);
  if (process.env.CRMHUB_DEBUG) console.error(err);
  process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
});
