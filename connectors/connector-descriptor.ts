/**
 * What every connector declares about itself, as data: the registry and connectors/README.md are
 * generated from these descriptors, never written by hand (scripts/generate-connector-docs.ts).
 */
import { z } from 'zod';
import { TARGET_ENTITIES } from '../domain/canonical/entity-names';

export const ConnectorStream = z.strictObject({
  name: z.string(),
  entity: z.enum(TARGET_ENTITIES),
  primaryKey: z.array(z.string()).min(1),
  /** How increments are found: a cursor field, or none for whole-file sources. */
  cursor: z.union([z.strictObject({ field: z.string(), kind: z.enum(['timestamp', 'integer']) }), z.null()]),
  description: z.string(),
});
export type ConnectorStream = z.infer<typeof ConnectorStream>;

export const ConnectorDescriptor = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  label: z.string(),
  kind: z.enum(['erp', 'accounting', 'ecommerce', 'analytics', 'logistics', 'crm', 'spreadsheet']),
  description: z.string(),
  streams: z.array(ConnectorStream).min(1),
  /** JSON Schema of the connector's configuration, derived from its zod config schema. */
  configSchema: z.record(z.string(), z.unknown()),
  /** Cron expression, or null for connectors run on demand. */
  defaultSchedule: z.string().nullable(),
  docs: z.array(z.string().url()),
});
export type ConnectorDescriptor = z.infer<typeof ConnectorDescriptor>;
