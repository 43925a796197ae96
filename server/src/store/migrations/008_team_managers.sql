-- Managers of a team named in the settings, beside those the CRM names per seller: a user who owns
-- nothing in the CRM can still review a team (DESIGN §8).
CREATE TABLE team_managers (
  tenant_id text NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
  team_id text NOT NULL,
  user_id text NOT NULL,
  PRIMARY KEY (tenant_id, team_id, user_id)
);
