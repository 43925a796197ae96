-- Training plans as a manager saved them (DESIGN §6.2): per tenant, team and the last month they
-- were analysed on, with history; each keeps its baselines, so later months show what moved.
CREATE TABLE insight_plans (
  tenant_id text NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
  plan_id text NOT NULL,
  team_id text NOT NULL,
  period_key text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  body jsonb NOT NULL,
  PRIMARY KEY (tenant_id, plan_id)
);
CREATE INDEX insight_plans_team ON insight_plans (tenant_id, team_id, created_at DESC);
