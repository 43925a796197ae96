import { createHmac } from 'node:crypto';
import request from 'supertest';
import { TEST_NOW, type TestService } from './service';

/** The test app's HubSpot settings: the secret HubSpot signs with, and the public URL it calls. */
export const HUBSPOT_SECRET = 'the-app-client-secret-0123456789abcdef';
export const HUBSPOT_CLIENT_ID = '5f1c3b9a-2d4e-4f6a-8b7c-9d0e1f2a3b4c';
export const HUBSPOT_PUBLIC_URL = 'https://scorecard.example.com';
export const HUBSPOT_ENV = { HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET, PUBLIC_URL: HUBSPOT_PUBLIC_URL };

/** HubSpot's v3 signature (reference/hubspot.md §4.4), computed with node:crypto: method + URL + raw body + timestamp. */
export function hubspotSignature(method: string, url: string, rawBody: string, timestamp: string, secret = HUBSPOT_SECRET): string {
  return createHmac('sha256', secret).update(`${method}${url}${rawBody}${timestamp}`).digest('base64');
}

export type SignedMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as HubSpot's proxy sends it: signed over the public URL, `tamper` changing what is sent after signing. */
export function signedRequest(
  app: TestService['app'],
  method: SignedMethod,
  path: string,
  body?: unknown,
  options: { at?: number; secret?: string; tamper?: (path: string) => string } = {},
) {
  const timestamp = String(options.at ?? TEST_NOW.getTime());
  const raw = body === undefined ? '' : JSON.stringify(body);
  const signature = hubspotSignature(method, `${HUBSPOT_PUBLIC_URL}${path}`, raw, timestamp, options.secret);
  const sent = options.tamper ? options.tamper(path) : path;
  const agent = request(app);
  const req =
    method === 'GET' ? agent.get(sent) : (method === 'POST' ? agent.post(sent) : method === 'PUT' ? agent.put(sent) : method === 'PATCH' ? agent.patch(sent) : agent.delete(sent)).set('content-type', 'application/json').send(raw);
  return req.set('x-hubspot-signature-v3', signature).set('x-hubspot-request-timestamp', timestamp);
}
