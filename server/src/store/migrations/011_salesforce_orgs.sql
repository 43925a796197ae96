-- A connected Salesforce org beside its installation: where its API lives (the instance URL of
-- the token response), the login host it was connected through (production or sandbox), and the
-- secret its package signs embed-session requests with (sealed like the tokens).
CREATE TABLE salesforce_orgs (
  tenant_id text PRIMARY KEY REFERENCES tenants ON DELETE CASCADE,
  org_id text NOT NULL UNIQUE,
  instance_url text NOT NULL,
  login_url text NOT NULL,
  embed_secret text NOT NULL,
  -- Whether the secret reached the org's protected custom setting, and why not.
  secret_state text NOT NULL DEFAULT 'pending' CHECK (secret_state IN ('pending', 'delivered', 'refused')),
  secret_reason text
);

-- Embed tickets: minted for one record page view, valid 60 s, traded once (by any replica).
-- Only a hash of each ticket is kept.
CREATE TABLE embed_tickets (
  ticket_hash text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  user_id text NOT NULL,
  seller_id text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX embed_tickets_expiry ON embed_tickets (expires_at);
