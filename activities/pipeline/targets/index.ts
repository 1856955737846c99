/**
 * Every entity the pipeline loads, by name, in the order a sync runs them: parties before the
 * facts that refer to them, parents before their lines. One entry per entity (and its migration):
 * the ledger, the quarantine, the CLI and the connectors take their lists from here.
 */
import { accountsTarget } from './accounts-target';
import { contactsTarget } from './contacts-target';
import type { EntityTarget } from './entity-target';
import {
  activitiesTarget, invoiceLinesTarget, invoicesTarget, orderLinesTarget, ordersTarget, receivablesTarget, shipmentsTarget, siteVisitsTarget,
} from './fact-targets';

type AnyTarget = EntityTarget<{ external_id: string }>;

export const ENTITY_TARGETS = {
  accounts: accountsTarget as unknown as AnyTarget,
  contacts: contactsTarget as unknown as AnyTarget,
  invoices: invoicesTarget as unknown as AnyTarget,
  invoice_lines: invoiceLinesTarget as unknown as AnyTarget,
  receivables: receivablesTarget as unknown as AnyTarget,
  orders: ordersTarget as unknown as AnyTarget,
  order_lines: orderLinesTarget as unknown as AnyTarget,
  shipments: shipmentsTarget as unknown as AnyTarget,
  activities: activitiesTarget as unknown as AnyTarget,
  site_visits: siteVisitsTarget as unknown as AnyTarget,
} as const satisfies Record<string, AnyTarget>;

export type EntityName = keyof typeof ENTITY_TARGETS;
export const ENTITY_NAMES = Object.keys(ENTITY_TARGETS) as EntityName[];

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(ENTITY_TARGETS, name);
}

/** The singular the ledger uses, by entity name, and back. */
export function entityTypeOf(entity: EntityName): string {
  return ENTITY_TARGETS[entity].entityType;
}
export function entityNameOf(entityType: string): EntityName {
  const found = ENTITY_NAMES.find((e) => ENTITY_TARGETS[e].entityType === entityType);
  if (!found) throw new Error(`unknown entity type "${entityType}"`);
  return found;
}
