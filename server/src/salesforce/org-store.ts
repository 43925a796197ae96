import { createHash } from 'node:crypto';
import type { TokenCipher } from '../auth/token-cipher';
import type { SqlClient } from '../store/sql-client';

/** A connected org's connection details (its tokens live with its installation). */
export interface SalesforceOrg {
  tenantId: string;
  orgId: string;
  instanceUrl: string;
  loginUrl: string;
  secretState: 'pending' | 'delivered' | 'refused';
  secretReason: string | null;
}

export interface EmbedTicketClaims {
  tenantId: string;
  userId: string;
  /** The seller whose scorecard the page shows (the record's owner, or the User record's own seller). */
  sellerId: string | null;
}

export interface SalesforceOrgStore {
  save(org: Omit<SalesforceOrg, 'secretState' | 'secretReason'> & { embedSecret: string }): Promise<void>;
  get(tenantId: string): Promise<SalesforceOrg | null>;
  /** The org's embed secret, opened; null when the org is unknown. */
  embedSecret(tenantId: string): Promise<string | null>;
  updateInstanceUrl(tenantId: string, instanceUrl: string): Promise<void>;
  setSecretState(tenantId: string, state: { state: 'delivered' } | { state: 'refused'; reason: string }): Promise<void>;
  /** Keeps a new ticket (its hash) until it expires. */
  saveTicket(ticket: string, claims: EmbedTicketClaims, expiresAt: Date, now: Date): Promise<void>;
  /** Spends a ticket: its claims the first time, while unexpired; null ever after. */
  spendTicket(ticket: string, now: Date): Promise<EmbedTicketClaims | null>;
}

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

interface OrgRow {
  tenant_id: string;
  org_id: string;
  instance_url: string;
  login_url: string;
  secret_state: SalesforceOrg['secretState'];
  secret_reason: string | null;
}

export function createSalesforceOrgStore(db: SqlClient, cipher: TokenCipher): SalesforceOrgStore {
  return {
    async save({ tenantId, orgId, instanceUrl, loginUrl, embedSecret }) {
      await db.query(
        `INSERT INTO salesforce_orgs (tenant_id, org_id, instance_url, login_url, embed_secret) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET org_id = EXCLUDED.org_id, instance_url = EXCLUDED.instance_url, login_url = EXCLUDED.login_url,
           embed_secret = EXCLUDED.embed_secret, secret_state = 'pending', secret_reason = NULL`,
        [tenantId, orgId, instanceUrl, loginUrl, cipher.encrypt(embedSecret, tenantId)],
      );
    },
    async get(tenantId) {
      const rows = await db.query<OrgRow>('SELECT tenant_id, org_id, instance_url, login_url, secret_state, secret_reason FROM salesforce_orgs WHERE tenant_id = $1', [tenantId]);
      const r = rows[0];
      return r ? { tenantId: r.tenant_id, orgId: r.org_id, instanceUrl: r.instance_url, loginUrl: r.login_url, secretState: r.secret_state, secretReason: r.secret_reason } : null;
    },
    async embedSecret(tenantId) {
      const rows = await db.query<{ embed_secret: string }>('SELECT embed_secret FROM salesforce_orgs WHERE tenant_id = $1', [tenantId]);
      return rows[0] ? cipher.decrypt(rows[0].embed_secret, tenantId) : null;
    },
    async updateInstanceUrl(tenantId, instanceUrl) {
      await db.query('UPDATE salesforce_orgs SET instance_url = $2 WHERE tenant_id = $1', [tenantId, instanceUrl]);
    },
    async setSecretState(tenantId, state) {
      await db.query('UPDATE salesforce_orgs SET secret_state = $2, secret_reason = $3 WHERE tenant_id = $1', [tenantId, state.state, state.state === 'refused' ? state.reason : null]);
    },
    async saveTicket(ticket, claims, expiresAt, now) {
      await db.query('DELETE FROM embed_tickets WHERE expires_at < $1', [new Date(now.getTime() - 60_000)]);
      await db.query('INSERT INTO embed_tickets (ticket_hash, tenant_id, user_id, seller_id, expires_at) VALUES ($1, $2, $3, $4, $5)', [hash(ticket), claims.tenantId, claims.userId, claims.sellerId, expiresAt]);
    },
    async spendTicket(ticket, now) {
      const rows = await db.query<{ tenant_id: string; user_id: string; seller_id: string | null }>(
        'UPDATE embed_tickets SET used_at = $2 WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING tenant_id, user_id, seller_id',
        [hash(ticket), now],
      );
      const r = rows[0];
      return r ? { tenantId: r.tenant_id, userId: r.user_id, sellerId: r.seller_id } : null;
    },
  };
}
