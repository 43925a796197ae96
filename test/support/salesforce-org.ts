import { createHash } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { signEmbedRequest } from '../../server/src/salesforce/embed';
import { INSTANCE, LOGIN, mockFirstSync, ORG_ID, salesforceFixture, USERS } from './salesforce-fixtures';
import type { TestService } from './service';

export const PUBLIC_URL = 'https://scorecard.example.com';
/** The service as a Salesforce app (production mode adds its token key). */
export const SALESFORCE_ENV = { PUBLIC_URL, SALESFORCE_CLIENT_ID: '3MVG9consumer.key.of.the.app', SALESFORCE_CLIENT_SECRET: 'consumer-secret-0123456789' };

/** Connects the fixture org through the real OAuth flow (nock as Salesforce) and answers its embed secret as the org received it. */
export async function connectFixtureOrg(svc: TestService, orgId = ORG_ID): Promise<string> {
  const start = await request(svc.app).get('/oauth/salesforce/connect');
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.location as string);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${LOGIN}/services/oauth2/authorize`);
  expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const cookie = (start.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  const token = salesforceFixture('post', '/services/oauth2/token', 'authorization-code');
  let verifier = '';
  const body = { ...(token.body as Record<string, string>), id: `${LOGIN}/id/${orgId}/${USERS.admin}` };
  nock(LOGIN)
    .post('/services/oauth2/token', (b: Record<string, string>) => ((verifier = b.code_verifier ?? ''), b.grant_type === 'authorization_code' && b.code === 'aPrxCode'))
    .reply(200, body, token.headers);
  // The embed secret lands in the package's custom setting; then the first sync starts.
  nock(INSTANCE).get('/services/data/v64.0/query').query((q) => q.q === 'SELECT Name FROM Organization').reply(200, { totalSize: 1, done: true, records: [{ attributes: { type: 'Organization', url: `/services/data/v64.0/sobjects/Organization/${orgId}` }, Name: 'Acme Nordic AS' }] }, { 'content-type': 'application/json' });
  let secret = '';
  nock(INSTANCE).get('/services/data/v64.0/query').query((q) => String(q.q).includes('FROM Scorecard_Service__c')).reply(200, { totalSize: 0, done: true, records: [] }, { 'content-type': 'application/json' });
  const created = salesforceFixture('post', '/services/data/v64.0/sobjects/Scorecard_Service__c', 'created');
  nock(INSTANCE)
    .post('/services/data/v64.0/sobjects/Scorecard_Service__c', (b: Record<string, string>) => ((secret = b.Embed_Secret__c ?? ''), b.SetupOwnerId === orgId && b.Service_Url__c === PUBLIC_URL))
    .reply(created.status, created.body as nock.Body, created.headers);
  mockFirstSync(nock(INSTANCE));
  const callback = await request(svc.app).get(`/oauth/salesforce/callback?code=aPrxCode&state=${authorize.searchParams.get('state')}`).set('cookie', cookie);
  expect(callback.status).toBe(200);
  // The verifier behind the challenge came back from the sealed state.
  expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize.searchParams.get('code_challenge'));
  await svc.sync.drain();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return secret;
}

export function embedRequest(svc: TestService, secret: string, body: Record<string, unknown>, at = Date.now()) {
  const raw = JSON.stringify(body);
  const timestamp = String(at);
  return request(svc.app).post('/api/v1/embed-sessions').set('content-type', 'application/json').set('x-scorecard-timestamp', timestamp).set('x-scorecard-signature', signEmbedRequest(secret, timestamp, raw)).send(raw);
}


