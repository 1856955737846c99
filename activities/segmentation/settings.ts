/**
 * The hub's segmentation settings, from the worker's environment: the zone of business dates
 * (CRMHUB_TIMEZONE, default UTC) and the currency money sums count (CRMHUB_BASE_CURRENCY, default
 * EUR; facts in other currencies are not converted and not summed). A rule may set its own zone.
 */
import { isTimeZone } from '../../domain/segmentation/windows';

export interface SegmentationSettings { timezone: string; currency: string; statementTimeoutMs: number; sqlRuleTimeoutMs: number }

export function segmentationSettings(env: NodeJS.ProcessEnv = process.env): SegmentationSettings {
  const timezone = env.CRMHUB_TIMEZONE || 'UTC';
  if (!isTimeZone(timezone)) throw new Error(`CRMHUB_TIMEZONE "${timezone}" is not a time zone (an IANA name such as Europe/Madrid)`);
  const currency = env.CRMHUB_BASE_CURRENCY || 'EUR';
  return {
    timezone,
    currency,
    statementTimeoutMs: Number(env.CRMHUB_SEGMENT_TIMEOUT_MS) || 10 * 60_000,
    sqlRuleTimeoutMs: Number(env.CRMHUB_SQL_RULE_TIMEOUT_MS) || 30_000,
  };
}
