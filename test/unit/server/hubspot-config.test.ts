import { loadConfig } from '../../../server/src/config/load-config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const APP = { HUBSPOT_CLIENT_ID: '5f1c3b9a-2d4e-4f6a-8b7c-9d0e1f2a3b4c', HUBSPOT_CLIENT_SECRET: 'the-app-client-secret-0123456789abcdef' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('HubSpot configuration', () => {
  it('reads the app, its public URL, the schedule and the grace period', () => {
    const config = loadConfig({ MODE: 'production', TOKEN_ENCRYPTION_KEY: KEY, PUBLIC_URL: 'https://scorecard.example.com', HUBSPOT_SYNC_INTERVAL_MINUTES: '15', HUBSPOT_PURGE_GRACE_DAYS: '7', ...APP });
    expect(config.publicUrl).toBe('https://scorecard.example.com');
    expect(config.hubspot).toMatchObject({ client: { id: APP.HUBSPOT_CLIENT_ID, secret: APP.HUBSPOT_CLIENT_SECRET }, syncIntervalMs: 15 * 60_000, purgeGraceMs: 7 * 86_400_000, demoPortalId: null });
    expect(loadConfig({}).hubspot).toMatchObject({ client: null, syncIntervalMs: 10 * 60_000, purgeGraceMs: 30 * 86_400_000 });
  });

  it('refuses half an app, an app without its public URL, plain http in production and a URL with a path', () => {
    expect(refusal({ HUBSPOT_CLIENT_ID: APP.HUBSPOT_CLIENT_ID, PUBLIC_URL: 'https://x.example.com' })).toContain('HUBSPOT_CLIENT_SECRET');
    expect(refusal(APP)).toContain('PUBLIC_URL is required');
    expect(refusal({ MODE: 'production', TOKEN_ENCRYPTION_KEY: KEY, PUBLIC_URL: 'http://scorecard.example.com', ...APP })).toContain('PUBLIC_URL must be https in production');
    expect(refusal({ PUBLIC_URL: 'https://scorecard.example.com/app', ...APP })).toContain('an origin without a path');
  });

  it('keeps the demo bridge to demo mode, with a secret to check its requests', () => {
    expect(refusal({ MODE: 'production', TOKEN_ENCRYPTION_KEY: KEY, PUBLIC_URL: 'https://x.example.com', DEMO_HUBSPOT_PORTAL_ID: '123', ...APP })).toContain('DEMO_HUBSPOT_PORTAL_ID is for demo mode only');
    expect(refusal({ DEMO_HUBSPOT_PORTAL_ID: '123' })).toContain('HUBSPOT_CLIENT_SECRET is required with DEMO_HUBSPOT_PORTAL_ID');
    const demo = loadConfig({ DEMO_HUBSPOT_PORTAL_ID: '123', DEMO_HUBSPOT_USERS: '55:user-admin,56:user-seller-001', PUBLIC_URL: 'http://localhost:3000', ...APP });
    expect(demo.hubspot.demoPortalId).toBe('123');
    expect([...demo.hubspot.demoUsers]).toEqual([['55', 'user-admin'], ['56', 'user-seller-001']]);
    expect(refusal({ DEMO_HUBSPOT_USERS: '55=user-admin' })).toContain('DEMO_HUBSPOT_USERS');
  });
});
