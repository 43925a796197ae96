-- What changed in a tenant, one row per data version, so that every replica (this one included)
-- applies only what changed since the version it holds instead of reloading the tenant.
-- scope: 'records' (activities, deals, customers, check-ins of seller_ids), 'people' (sellers,
-- teams or users; seller_ids are the seller rows that changed), 'definition', 'settings'.
CREATE TABLE tenant_changes (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  version bigint NOT NULL,
  scope text NOT NULL CHECK (scope IN ('records', 'people', 'definition', 'settings')),
  seller_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

-- Each seller's records packed as the engine reads them (columns, times in ms), so that loading a
-- tenant reads one row per seller instead of one per activity. A write to a seller's records bumps
-- `revision` and clears `payload` in the same transaction; a payload is written back only for the
-- revision it was built from, so a stale one is never taken for fresh.
CREATE TABLE seller_snapshots (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  seller_id text NOT NULL,
  revision bigint NOT NULL DEFAULT 1,
  payload text,
  payload_revision bigint,
  -- Activities in the last payload built (kept while stale): loads size their slices by it.
  activities integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, seller_id)
);

INSERT INTO seller_snapshots (tenant_id, seller_id)
SELECT DISTINCT tenant_id, seller_id FROM activities
UNION SELECT DISTINCT tenant_id, seller_id FROM deals
UNION SELECT DISTINCT tenant_id, seller_id FROM customers WHERE seller_id IS NOT NULL
UNION SELECT DISTINCT tenant_id, seller_id FROM check_ins;

CREATE INDEX customers_seller ON customers (tenant_id, seller_id);

-- Snapshots are written whole and read whole: uncompressed, they cost no compression on either side.
ALTER TABLE seller_snapshots ALTER COLUMN payload SET STORAGE EXTERNAL;

-- Activities in the order snapshots pack them (seller, time, id): the index serves the order, no sort.
DROP INDEX activities_seller_at;
CREATE INDEX activities_seller_at ON activities (tenant_id, seller_id, at, id);
