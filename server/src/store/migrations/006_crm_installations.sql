-- A CRM account connected to a tenant: a HubSpot portal (hub id) or a Salesforce org. Tokens are
-- sealed by the token cipher (AES-256-GCM, bound to the tenant id); never stored in the clear.
CREATE TABLE crm_installations (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  crm text NOT NULL CHECK (crm IN ('hubspot', 'salesforce')),
  account_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('installed', 'uninstalled')),
  access_token text,
  refresh_token text,
  access_expires_at timestamptz,
  scopes jsonb NOT NULL DEFAULT '[]',
  installed_by text,
  installed_at timestamptz NOT NULL,
  uninstalled_at timestamptz,
  -- An uninstalled account's CRM data is purged once this has passed.
  purge_after timestamptz,
  last_error text,
  PRIMARY KEY (tenant_id, crm)
);
-- The one lookup that is not scoped by a tenant: which tenant a signed request's portal is.
CREATE UNIQUE INDEX crm_installations_account ON crm_installations (crm, account_id);

-- OAuth `state` values already used: each is accepted once, by any replica, until it expires.
CREATE TABLE oauth_states_used (
  nonce text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- A record card reads one record and the latest activities on it (DESIGN §8).
CREATE INDEX customers_by_id ON customers (tenant_id, id);
CREATE INDEX deals_by_id ON deals (tenant_id, id);
CREATE INDEX activities_contact ON activities (tenant_id, contact_id, at) WHERE contact_id IS NOT NULL;
CREATE INDEX activities_company ON activities (tenant_id, company_id, at) WHERE company_id IS NOT NULL;
CREATE INDEX activities_deal ON activities (tenant_id, deal_id, at) WHERE deal_id IS NOT NULL;
