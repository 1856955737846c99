/**
 * A source as crmhub keeps it: its connector's config (validated by the connector, never holding
 * a secret: it names the environment variable that does), and crmhub's own settings for values
 * that carry no country or zone of their own.
 */
import { z } from 'zod';
import { FileDropConfig } from '../../connectors/file-drop/config';
import { SqlSourceConfig, describeConfigIssues } from '../../connectors/sql';
import { BadConfigurationError } from '../errors';

export const SourceSettings = z.strictObject({
  /** Country of phone numbers and tax ids written without one (ISO 3166-1 alpha-2). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as ES'),
  /** Zone of the source's naive timestamps (e-invoice dates, spreadsheet times). */
  timezone: z.string().min(1).default('UTC'),
  /** Number and date conventions of text values (SQL sources write '.' decimals and ISO dates: en-GB). */
  locale: z.string().min(1).default('en-GB'),
});
export type SourceSettings = z.infer<typeof SourceSettings>;

/** Connectors that sync (the spreadsheet connector imports files on demand instead). */
export const SYNC_CONNECTORS = ['sql', 'file-drop'] as const;
export type SyncConnector = (typeof SYNC_CONNECTORS)[number];

/** The connector's config, validated as its descriptor says; one clear line per problem. */
export function parseConnectorConfig(connector: string, config: unknown): unknown {
  if (connector === 'sql') {
    const r = SqlSourceConfig.safeParse(config);
    if (!r.success) throw new BadConfigurationError(`invalid sql source config: ${describeConfigIssues(r.error)}`);
    return r.data;
  }
  if (connector === 'file-drop') {
    const r = FileDropConfig.safeParse(config);
    if (!r.success) throw new BadConfigurationError(`invalid file-drop source config: ${r.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ')}`);
    return r.data;
  }
  throw new BadConfigurationError(`connector "${connector}" does not sync (syncing connectors: ${SYNC_CONNECTORS.join(', ')}); see crmhub connectors`);
}

/** A source_systems row. */
export interface SourceSystemRow { code: string; kind: string; connector_code: string; config: unknown; settings: unknown; is_active: boolean }
