/** Every state-changing action in the console, with who did it (console_audit). */
import type { Knex } from 'knex';

export async function audit(db: Knex | Knex.Transaction, actor: string, action: string, subject: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db('console_audit').insert({ actor, action, subject, detail: JSON.stringify(detail) });
}
