-- A sync run names the lease holder that runs it: a run whose holder no longer holds the lease
-- (its process was killed) is interrupted, not running, and the next sync resumes from its cursors.
ALTER TABLE sync_runs ADD COLUMN holder text;
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted'));
