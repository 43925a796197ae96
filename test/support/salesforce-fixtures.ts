import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';

/**
 * Recorded Salesforce responses, one per file under test/fixtures/salesforce/<method>/<path>/<variant>.json
 * (or .csv for a Bulk API 2.0 result page). A JSON file is the body itself (200), or an envelope
 * {status, headers?, body} for any other answer. Shapes follow reference/salesforce.md §1.
 */
const ROOT = path.join(__dirname, '../fixtures/salesforce');
export const SF_VERSION = '64.0';
export const INSTANCE = 'https://acme.my.salesforce.com';
export const LOGIN = 'https://login.salesforce.com';
export const ORG_ID = '00D5g000004XyZaEAK';
export const USERS = { vp: '0055g00000AbCdAAAZ', manager: '0055g00000AbCdBAAZ', sara: '0055g00000AbCdCAAZ', olav: '0055g00000AbCdDAAZ', admin: '0055g00000AbCdEAAZ', gone: '0055g00000AbCdFAAZ' } as const;
const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };

export interface RecordedResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export function salesforceFixture(method: string, apiPath: string, variant: string): RecordedResponse {
  const dir = path.join(ROOT, method.toLowerCase(), apiPath.replace(/^\//, ''));
  const csv = path.join(dir, `${variant}.csv`);
  if (fs.existsSync(csv)) return { status: 200, body: fs.readFileSync(csv, 'utf8'), headers: { 'content-type': 'text/csv' } };
  const json = JSON.parse(fs.readFileSync(path.join(dir, `${variant}.json`), 'utf8')) as Record<string, unknown>;
  const keys = Object.keys(json);
  if (typeof json.status === 'number' && 'body' in json && keys.every((k) => ['status', 'body', 'headers'].includes(k))) {
    return { status: json.status as number, body: json.body, headers: (json.headers as Record<string, string> | undefined) ?? JSON_TYPE };
  }
  return { status: 200, body: json, headers: JSON_TYPE };
}

const data = `/services/data/v${SF_VERSION}`;

/** Answers a GET of the org's REST API with a fixture, its usage header set. */
export function replyGet(scope: nock.Scope, apiPath: string, variant: string, options: { query?: (soql: string) => boolean; usage?: string; fixturePath?: string } = {}): nock.Scope {
  const f = salesforceFixture('get', `${data}${options.fixturePath ?? apiPath}`, variant);
  const interceptor = scope.get(`${data}${apiPath}`);
  const matched = options.query ? interceptor.query((q) => typeof q.q === 'string' && options.query!(q.q)) : interceptor;
  return matched.reply(f.status, f.body as nock.Body, { ...f.headers, 'sforce-limit-info': `api-usage=${options.usage ?? '120/15000'}` });
}

export const from = (object: string) => (soql: string) => new RegExp(`\\bFROM ${object}\\b`).test(soql) && !soql.startsWith('SELECT COUNT()');
export const countOf = (object: string) => (soql: string) => soql === `SELECT COUNT() FROM ${object}`;

/** What every sync reads first: the users and roles, and the describes of Task, Opportunity, Account and Contact. */
export function mockUsersAndDescribes(scope: nock.Scope, usage?: string): void {
  replyGet(scope, '/query', 'users', { query: from('User'), ...(usage ? { usage } : {}) });
  replyGet(scope, '/query', 'user-roles', { query: from('UserRole'), ...(usage ? { usage } : {}) });
  for (const object of ['Task', 'Opportunity', 'Account', 'Contact']) replyGet(scope, `/sobjects/${object}/describe`, 'default', usage ? { usage } : {});
}

/**
 * A whole first sync of the fixture org: users and roles, the four describes, accounts over two
 * pages (three rows sharing one SystemModstamp), contacts, opportunities, tasks and events.
 */
export function mockFirstSync(scope: nock.Scope): void {
  mockUsersAndDescribes(scope);
  replyGet(scope, '/queryAll', 'accounts-page-1', { query: from('Account') });
  replyGet(scope, '/queryAll/01gD0000002HU6KIAW-2000', 'accounts-page-2');
  replyGet(scope, '/queryAll', 'contacts', { query: from('Contact') });
  replyGet(scope, '/queryAll', 'opportunities', { query: from('Opportunity') });
  replyGet(scope, '/queryAll', 'count-small', { query: countOf('Task') });
  replyGet(scope, '/queryAll', 'tasks', { query: from('Task') });
  replyGet(scope, '/queryAll', 'count-small', { query: countOf('Event') });
  replyGet(scope, '/queryAll', 'events', { query: from('Event') });
}
