import fs from 'node:fs';
import path from 'node:path';

/**
 * Recorded HubSpot responses, one per file under test/fixtures/hubspot/<method>/<api path>/<variant>.json
 * (checked against HubSpot's published specs by check-hubspot-fixtures). A file is the body
 * itself (200), or an envelope {status, headers?, body} for any other answer.
 */
const ROOT = path.join(__dirname, '../fixtures/hubspot');

export interface RecordedResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export function hubspotFixture(method: string, apiPath: string, variant: string): RecordedResponse {
  const file = path.join(ROOT, method.toLowerCase(), apiPath.replace(/^\//, ''), `${variant}.json`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const keys = Object.keys(json);
  const isEnvelope = typeof json.status === 'number' && 'body' in json && keys.every((k) => ['status', 'body', 'headers'].includes(k));
  if (isEnvelope) return { status: json.status as number, body: json.body, headers: (json.headers as Record<string, string> | undefined) ?? {} };
  return { status: 200, body: json, headers: { 'content-type': 'application/json;charset=utf-8' } };
}
