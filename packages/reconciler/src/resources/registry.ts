import { databaseKind } from './database.js';
import type { ResourceKind } from './kind.js';
import { tableKind } from './table.js';

/**
 * Every resource kind the reconciler knows, in the order their spec sections are read. Jobs, crawlers,
 * triggers and Athena resources plug in here, one module each.
 */
export const RESOURCE_KINDS: readonly ResourceKind[] = [databaseKind as ResourceKind, tableKind as ResourceKind];

/** The kind of an address (`table.sales.orders` → the table kind). */
export function kindOf(kind: string): ResourceKind {
  const found = RESOURCE_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown resource kind '${kind}'`);
  return found;
}
