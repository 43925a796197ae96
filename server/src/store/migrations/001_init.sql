-- Every table holds tenant data keyed by tenant_id; every query filters by it.

CREATE TABLE tenants (
  tenant_id text PRIMARY KEY,
  name text NOT NULL,
  will_visibility text NOT NULL DEFAULT 'manager' CHECK (will_visibility IN ('manager', 'aggregate')),
  -- Bumped by every write that changes scorecards, so caches in any replica know when to recompute.
  data_version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  user_id text NOT NULL,
  name text NOT NULL,
  email text,
  is_admin boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE teams (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  source text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  parent_id text,
  PRIMARY KEY (tenant_id, source, id)
);

CREATE TABLE sellers (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  source text NOT NULL,
  id text NOT NULL,
  external_id text NOT NULL,
  user_id text,
  name text NOT NULL,
  email text,
  team_ids jsonb NOT NULL,
  manager_ids jsonb NOT NULL,
  active boolean NOT NULL,
  started_at timestamptz,
  PRIMARY KEY (tenant_id, source, id)
);
CREATE INDEX sellers_user ON sellers (tenant_id, user_id);

CREATE TABLE activities (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  source text NOT NULL,
  id text NOT NULL,
  seller_id text NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  duration_min double precision,
  outcome text,
  direction text,
  contact_id text,
  company_id text,
  deal_id text,
  logged boolean NOT NULL,
  PRIMARY KEY (tenant_id, source, id)
);
CREATE INDEX activities_seller_at ON activities (tenant_id, seller_id, at);

CREATE TABLE deals (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  source text NOT NULL,
  id text NOT NULL,
  seller_id text NOT NULL,
  amount double precision,
  currency text NOT NULL,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  stage text NOT NULL,
  is_closed boolean NOT NULL,
  is_won boolean NOT NULL,
  company_id text,
  contact_ids jsonb NOT NULL,
  PRIMARY KEY (tenant_id, source, id)
);
CREATE INDEX deals_seller ON deals (tenant_id, seller_id);

CREATE TABLE customers (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  source text NOT NULL,
  id text NOT NULL,
  kind text NOT NULL,
  seller_id text,
  created_at timestamptz NOT NULL,
  became_customer_at timestamptz,
  potential double precision,
  satisfaction double precision,
  PRIMARY KEY (tenant_id, source, id)
);

-- Check-ins are history: every submission is kept; the engine reads the latest.
CREATE TABLE check_ins (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  id bigserial,
  seller_id text NOT NULL,
  period_key text NOT NULL,
  by_role text NOT NULL CHECK (by_role IN ('self', 'manager')),
  answers jsonb NOT NULL,
  note text,
  at timestamptz NOT NULL,
  source text NOT NULL,
  submitted_by text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX check_ins_seller ON check_ins (tenant_id, seller_id, at);
-- Imported check-ins are upserted idempotently; submissions through the service are all kept.
CREATE UNIQUE INDEX check_ins_imported ON check_ins (tenant_id, source, seller_id, by_role, at) WHERE source <> 'service';

CREATE TABLE sync_cursors (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  connector text NOT NULL,
  kind text NOT NULL,
  cursor text NOT NULL,
  records bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, connector, kind)
);

CREATE TABLE sync_runs (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  run_id text NOT NULL,
  connector text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  pages integer NOT NULL DEFAULT 0,
  records bigint NOT NULL DEFAULT 0,
  error text,
  PRIMARY KEY (tenant_id, run_id)
);

-- One sync per tenant at a time across every replica: a lease with an expiry, renewed while working.
CREATE TABLE sync_leases (
  tenant_id text PRIMARY KEY REFERENCES tenants ON DELETE CASCADE,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE definitions (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  PRIMARY KEY (tenant_id, version)
);

CREATE TABLE audit_log (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  id bigserial,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id text NOT NULL,
  action text NOT NULL,
  seller_id text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id)
);
