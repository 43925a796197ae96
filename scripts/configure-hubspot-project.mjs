#!/usr/bin/env node
// Points the HubSpot project at the service's public URL before `hs project upload`: the origin
// the card, home and settings call, the fetch permission for it and the OAuth callback on it.
// Usage: npm run hubspot:configure -- https://scorecard.your-company.com (HUBSPOT_PROJECT_DIR: another copy of the project)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.env.HUBSPOT_PROJECT_DIR ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = process.argv[2];
let url;
try {
  url = new URL(arg ?? '');
} catch {
  console.error('Give the service\'s public URL, e.g. npm run hubspot:configure -- https://scorecard.your-company.com');
  process.exit(2);
}
if (url.protocol !== 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.pathname !== '/' || url.search !== '') {
  console.error(`${arg}: HubSpot fetches only public https origins (no path); a local service goes in extensions/hubspot/app/local.json`);
  process.exit(2);
}
const origin = url.origin;
const appFile = path.join(root, 'extensions/hubspot/app/app-hsmeta.json');
const app = JSON.parse(readFileSync(appFile, 'utf8'));
app.config.permittedUrls.fetch = [origin];
app.config.auth.redirectUrls = [`${origin}/oauth/hubspot/callback`];
writeFileSync(appFile, `${JSON.stringify(app, null, 2)}\n`);
writeFileSync(path.join(root, 'extensions/hubspot/app/cards/lib/service-origin.json'), `${JSON.stringify({ origin })}\n`);
console.log(`The HubSpot project now calls ${origin} (set PUBLIC_URL=${origin} on the service).`);
