/**
 * The hub's segmentation settings, from the worker's environment: the zone of business dates
 * (CRMHUB_TIMEZONE, default UTC) and the currency money sums count (CRMHUB_BASE_CURRENCY, default
 * EUR; facts in other currencies are not converted and not summed). A rule may set its own zone.
 * CRMHUB_RULES_CONCURRENCY (default 2, one per core of the database server): how many connections
 * a pass uses at once: rules run that many at a time (domain/segmentation/pass-order.ts), and a
 * dirty refresh of at least CRMHUB_SEGMENT_PART_MIN_ACCOUNTS accounts per part (default 10,000)
 * computes its features in that many parts (features.ts).
 */
import { isTimeZone } from '../../domain/segmentation/windows';

export interface SegmentationSettings { timezone: string; currency: string; statementTimeoutMs: number; sqlRuleTimeoutMs: number; rulesConcurrency: number; featurePartMinAccounts: number }

export function segmentationSettings(env: NodeJS.ProcessEnv = process.env): SegmentationSettings {
  const timezone = env.CRMHUB_TIMEZONE || 'UTC';
  if (!isTimeZone(timezone)) throw new Error(`CRMHUB_TIMEZONE "${timezone}" is not a time zone (an IANA name such as Europe/Madrid)`);
  const currency = env.CRMHUB_BASE_CURRENCY || 'EUR';
  const lanes = env.CRMHUB_RULES_CONCURRENCY === undefined || env.CRMHUB_RULES_CONCURRENCY === '' ? 2 : Number(env.CRMHUB_RULES_CONCURRENCY);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 16) throw new Error(`CRMHUB_RULES_CONCURRENCY "${env.CRMHUB_RULES_CONCURRENCY}" must be a whole number from 1 to 16`);
  return {
    timezone,
    currency,
    statementTimeoutMs: Number(env.CRMHUB_SEGMENT_TIMEOUT_MS) || 10 * 60_000,
    sqlRuleTimeoutMs: Number(env.CRMHUB_SQL_RULE_TIMEOUT_MS) || 30_000,
    rulesConcurrency: lanes,
    featurePartMinAccounts: Math.max(1, Number(env.CRMHUB_SEGMENT_PART_MIN_ACCOUNTS) || 10_000),
  };
}
