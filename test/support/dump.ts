import type { SqlClient } from '../../server/src/store/sql-client';

const TABLES: Record<string, string> = {
  teams: 'id, name, parent_id',
  sellers: 'id, external_id, user_id, name, email, team_ids, manager_ids, active, started_at',
  activities: 'id, seller_id, type, at, duration_min, outcome, direction, contact_id, company_id, deal_id, logged',
  deals: 'id, seller_id, amount, currency, created_at, closed_at, stage, is_closed, is_won, company_id, contact_ids',
  customers: 'id, kind, seller_id, created_at, became_customer_at, potential, satisfaction',
  check_ins: 'seller_id, period_key, by_role, answers, note, at, source',
  sync_cursors: 'connector, kind, cursor',
};

/** Every synced row of a tenant, as text, in a stable order: two syncs that agree give equal dumps. */
export async function dumpTenant(db: SqlClient, tenantId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(TABLES)) {
    const rows = await db.query<{ row: string }>(`SELECT (${columns.split(', ').map((c) => `coalesce(${c}::text, '∅')`).join(" || '|' || ")}) AS row FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    out[table] = rows.map((r) => r.row).sort();
  }
  return out;
}
