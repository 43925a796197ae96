import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql-client';

/** A saved training plan: what was analysed, the plan with its baselines, who saved it and when. */
export interface SavedPlan<Body = unknown> {
  planId: string;
  teamId: string;
  periodKey: string;
  createdBy: string;
  createdAt: string;
  body: Body;
}

export interface InsightPlanStore {
  save(tenantId: string, input: { teamId: string; periodKey: string; createdBy: string; body: unknown }): Promise<SavedPlan>;
  /** The team's plans, newest first (without their bodies' follow-up, which is computed on reading). */
  list(tenantId: string, teamId: string, limit: number): Promise<Omit<SavedPlan, 'body'>[]>;
  get(tenantId: string, planId: string): Promise<SavedPlan | null>;
  /** The newest plan that names this seller. */
  latestForSeller(tenantId: string, sellerId: string): Promise<SavedPlan | null>;
}

interface Row {
  plan_id: string;
  team_id: string;
  period_key: string;
  created_by: string;
  created_ms: number;
  body?: unknown;
}

const toPlan = (r: Row): SavedPlan => ({ planId: r.plan_id, teamId: r.team_id, periodKey: r.period_key, createdBy: r.created_by, createdAt: new Date(r.created_ms).toISOString(), body: r.body });
const COLUMNS = 'plan_id, team_id, period_key, created_by, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms';

export function createPlanStore(db: SqlClient): InsightPlanStore {
  return {
    async save(tenantId, { teamId, periodKey, createdBy, body }) {
      const rows = await db.query<Row>(`INSERT INTO insight_plans (tenant_id, plan_id, team_id, period_key, created_by, body) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${COLUMNS}, body`, [
        tenantId,
        randomUUID(),
        teamId,
        periodKey,
        createdBy,
        JSON.stringify(body),
      ]);
      return toPlan(rows[0]!);
    },
    async list(tenantId, teamId, limit) {
      const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM insight_plans WHERE tenant_id = $1 AND team_id = $2 ORDER BY created_at DESC, plan_id LIMIT $3`, [tenantId, teamId, limit]);
      return rows.map((r) => {
        const { body: _body, ...rest } = toPlan(r);
        return rest;
      });
    },
    async get(tenantId, planId) {
      const rows = await db.query<Row>(`SELECT ${COLUMNS}, body FROM insight_plans WHERE tenant_id = $1 AND plan_id = $2`, [tenantId, planId]);
      return rows[0] ? toPlan(rows[0]) : null;
    },
    async latestForSeller(tenantId, sellerId) {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS}, body FROM insight_plans WHERE tenant_id = $1 AND body -> 'plan' -> 'sellers' @> $2::jsonb ORDER BY created_at DESC, plan_id LIMIT 1`,
        [tenantId, JSON.stringify([{ sellerId }])],
      );
      return rows[0] ? toPlan(rows[0]) : null;
    },
  };
}
