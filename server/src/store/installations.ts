import type { TokenCipher } from '../auth/token-cipher';
import type { SqlClient } from './sql-client';

/**
 * CRM accounts connected to tenants (a HubSpot portal, a Salesforce org) and their OAuth
 * tokens, sealed by the token cipher before they reach the store and opened only on the way out.
 */
export type CrmName = 'hubspot' | 'salesforce';

export interface Installation {
  tenantId: string;
  crm: CrmName;
  accountId: string;
  status: 'installed' | 'uninstalled';
  accessExpiresAt: Date | null;
  scopes: string[];
  installedBy: string | null;
  installedAt: Date;
  uninstalledAt: Date | null;
  purgeAfter: Date | null;
  lastError: string | null;
  /** Whether the CRM accepted the check-in answer properties (DESIGN §7), and why not. */
  properties: 'pending' | 'created' | 'refused';
  propertiesReason: string | null;
  /** The CRM properties read as a customer's potential and satisfaction; null: the defaults. */
  customerProperties: CustomerPropertyNames | null;
}

export interface CustomerPropertyNames {
  potential: string;
  satisfaction: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
}

export interface InstallationStore {
  /** Connects (or connects again) an account to a tenant with fresh tokens: installed, nothing pending purge. */
  install(input: { tenantId: string; crm: CrmName; accountId: string; tokens: Tokens; scopes: readonly string[]; installedBy: string | null; at: Date }): Promise<Installation>;
  get(tenantId: string, crm: CrmName): Promise<Installation | null>;
  /** The installation of an account, whichever tenant holds it (how a signed request finds its tenant). */
  findByAccount(crm: CrmName, accountId: string): Promise<Installation | null>;
  /** Every installed account of a CRM (the sync schedule's list). */
  listInstalled(crm: CrmName): Promise<Installation[]>;
  /** The account's tokens, opened; null when it is not installed. */
  tokens(tenantId: string, crm: CrmName): Promise<Tokens | null>;
  saveTokens(tenantId: string, crm: CrmName, tokens: Tokens): Promise<void>;
  /** Uninstalled (by the CRM, or a refused refresh): tokens dropped, CRM data purged after `purgeAfter`. */
  markUninstalled(tenantId: string, crm: CrmName, input: { at: Date; purgeAfter: Date; reason: string }): Promise<void>;
  /** What became of creating the answer properties. */
  setPropertySetup(tenantId: string, crm: CrmName, setup: { state: 'pending' } | { state: 'created' } | { state: 'refused'; reason: string }): Promise<void>;
  /**
   * Names the properties read as customer potential and satisfaction, and drops the customers'
   * sync cursor in the same transaction: the next sync reads every customer again with them.
   */
  setCustomerProperties(tenantId: string, crm: CrmName, names: CustomerPropertyNames): Promise<void>;
  /** The account's CRM data is gone: nothing is pending purge any more. */
  markPurged(tenantId: string, crm: CrmName): Promise<void>;
  /** Uninstalled accounts whose grace period has passed at `now`. */
  listDueForPurge(now: Date): Promise<Installation[]>;
  /** Spends an OAuth state nonce: true the first time, false ever after (until it expires). */
  useOAuthState(nonce: string, expiresAt: Date, now: Date): Promise<boolean>;
}

interface Row {
  tenant_id: string;
  crm: CrmName;
  account_id: string;
  status: Installation['status'];
  access_expires_at: Date | string | null;
  scopes: string[];
  installed_by: string | null;
  installed_at: Date | string;
  uninstalled_at: Date | string | null;
  purge_after: Date | string | null;
  last_error: string | null;
  properties: Installation['properties'];
  properties_reason: string | null;
  customer_properties: CustomerPropertyNames | null;
}

const COLUMNS = 'tenant_id, crm, account_id, status, access_expires_at, scopes, installed_by, installed_at, uninstalled_at, purge_after, last_error, properties, properties_reason, customer_properties';
const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function toInstallation(r: Row): Installation {
  return {
    tenantId: r.tenant_id,
    crm: r.crm,
    accountId: r.account_id,
    status: r.status,
    accessExpiresAt: date(r.access_expires_at),
    scopes: r.scopes,
    installedBy: r.installed_by,
    installedAt: date(r.installed_at)!,
    uninstalledAt: date(r.uninstalled_at),
    purgeAfter: date(r.purge_after),
    lastError: r.last_error,
    properties: r.properties,
    propertiesReason: r.properties_reason,
    customerProperties: r.customer_properties,
  };
}

export function createInstallationStore(db: SqlClient, cipher: TokenCipher): InstallationStore {
  const one = async (sql: string, params: unknown[]) => {
    const rows = await db.query<Row>(sql, params);
    return rows[0] ? toInstallation(rows[0]) : null;
  };
  return {
    async install({ tenantId, crm, accountId, tokens, scopes, installedBy, at }) {
      const rows = await db.query<Row>(
        `INSERT INTO crm_installations (tenant_id, crm, account_id, status, access_token, refresh_token, access_expires_at, scopes, installed_by, installed_at)
         VALUES ($1, $2, $3, 'installed', $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, crm) DO UPDATE SET account_id = EXCLUDED.account_id, status = 'installed', access_token = EXCLUDED.access_token,
           refresh_token = EXCLUDED.refresh_token, access_expires_at = EXCLUDED.access_expires_at, scopes = EXCLUDED.scopes,
           installed_by = EXCLUDED.installed_by, installed_at = EXCLUDED.installed_at, uninstalled_at = NULL, purge_after = NULL, last_error = NULL,
           properties = CASE WHEN crm_installations.properties = 'created' THEN 'created' ELSE 'pending' END, properties_reason = NULL
         RETURNING ${COLUMNS}`,
        [tenantId, crm, accountId, cipher.encrypt(tokens.accessToken, tenantId), cipher.encrypt(tokens.refreshToken, tenantId), tokens.accessExpiresAt, JSON.stringify(scopes), installedBy, at],
      );
      return toInstallation(rows[0]!);
    },
    get: (tenantId, crm) => one(`SELECT ${COLUMNS} FROM crm_installations WHERE tenant_id = $1 AND crm = $2`, [tenantId, crm]),
    findByAccount: (crm, accountId) => one(`SELECT ${COLUMNS} FROM crm_installations WHERE crm = $1 AND account_id = $2`, [crm, accountId]),
    async listInstalled(crm) {
      return (await db.query<Row>(`SELECT ${COLUMNS} FROM crm_installations WHERE crm = $1 AND status = 'installed' ORDER BY tenant_id`, [crm])).map(toInstallation);
    },
    async tokens(tenantId, crm) {
      const rows = await db.query<{ access_token: string | null; refresh_token: string | null; access_expires_at: Date | string | null }>(
        `SELECT access_token, refresh_token, access_expires_at FROM crm_installations WHERE tenant_id = $1 AND crm = $2 AND status = 'installed'`,
        [tenantId, crm],
      );
      const r = rows[0];
      if (!r || r.access_token === null || r.refresh_token === null || r.access_expires_at === null) return null;
      return { accessToken: cipher.decrypt(r.access_token, tenantId), refreshToken: cipher.decrypt(r.refresh_token, tenantId), accessExpiresAt: new Date(r.access_expires_at) };
    },
    async saveTokens(tenantId, crm, tokens) {
      await db.query(
        `UPDATE crm_installations SET access_token = $3, refresh_token = $4, access_expires_at = $5, last_error = NULL WHERE tenant_id = $1 AND crm = $2 AND status = 'installed'`,
        [tenantId, crm, cipher.encrypt(tokens.accessToken, tenantId), cipher.encrypt(tokens.refreshToken, tenantId), tokens.accessExpiresAt],
      );
    },
    async markUninstalled(tenantId, crm, { at, purgeAfter, reason }) {
      await db.query(
        `UPDATE crm_installations SET status = 'uninstalled', access_token = NULL, refresh_token = NULL, access_expires_at = NULL,
           uninstalled_at = $3, purge_after = $4, last_error = $5 WHERE tenant_id = $1 AND crm = $2 AND status = 'installed'`,
        [tenantId, crm, at, purgeAfter, reason],
      );
    },
    async setPropertySetup(tenantId, crm, setup) {
      await db.query('UPDATE crm_installations SET properties = $3, properties_reason = $4 WHERE tenant_id = $1 AND crm = $2', [tenantId, crm, setup.state, setup.state === 'refused' ? setup.reason : null]);
    },
    async setCustomerProperties(tenantId, crm, names) {
      await db.transaction(async (tx) => {
        await tx.query('UPDATE crm_installations SET customer_properties = $3::jsonb WHERE tenant_id = $1 AND crm = $2', [tenantId, crm, JSON.stringify(names)]);
        await tx.query("DELETE FROM sync_cursors WHERE tenant_id = $1 AND connector = $2 AND kind = 'customers'", [tenantId, crm]);
      });
    },
    async markPurged(tenantId, crm) {
      await db.query(`UPDATE crm_installations SET purge_after = NULL WHERE tenant_id = $1 AND crm = $2 AND status = 'uninstalled'`, [tenantId, crm]);
    },
    async listDueForPurge(now) {
      return (await db.query<Row>(`SELECT ${COLUMNS} FROM crm_installations WHERE status = 'uninstalled' AND purge_after <= $1 ORDER BY tenant_id`, [now])).map(toInstallation);
    },
    async useOAuthState(nonce, expiresAt, now) {
      await db.query('DELETE FROM oauth_states_used WHERE expires_at < $1', [now]);
      const rows = await db.query('INSERT INTO oauth_states_used (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING RETURNING nonce', [nonce, expiresAt]);
      return rows.length === 1;
    },
  };
}
