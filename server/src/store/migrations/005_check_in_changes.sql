-- A check-in is its own kind of change: replicas re-read only that seller's check-ins, and the
-- seller's snapshot (activities, deals, customers) stays fresh.
ALTER TABLE tenant_changes DROP CONSTRAINT tenant_changes_scope_check;
ALTER TABLE tenant_changes ADD CONSTRAINT tenant_changes_scope_check CHECK (scope IN ('records', 'checkIns', 'people', 'definition', 'settings'));
