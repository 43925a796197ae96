#!/usr/bin/env node
// The HubSpot project checked offline, without an account (reference/hubspot.md §1.7): HubSpot's
// own project-parsing library reads and translates every *-hsmeta.json; the rules it leaves to
// the server's schema check are ours below. Usage: node scripts/check-hubspot-project.mjs [projectDir]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getProjectMetadata, parseProjectConfig, validateProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { collectFileDependencies, findAndParsePackageJsonFiles } from '@hubspot/project-parsing-lib/workspaces';

const CARD_LOCATIONS = ['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar'];
const REQUIRED_TYPES = { app: 'APPLICATION', card: 'CARD', page: 'the app home page', settings: 'the settings page' };
/** The versions the extension is built and tested with; every component's package.json must name them. */
const PINNED = { react: '18.3.1', '@hubspot/ui-extensions': '0.17.0' };

export async function checkProject(projectDir) {
  const problems = [];
  const fail = (where, message) => problems.push(`${where}: ${message}`);
  let config;
  try {
    config = parseProjectConfig(projectDir);
    validateProjectConfig(config, projectDir);
  } catch (error) {
    return { ok: false, problems: [`hsproject.json: ${error.message}`], uids: [] };
  }
  const srcDir = path.join(projectDir, config.srcDir);
  const rel = (file) => path.relative(srcDir, file);
  const meta = await getProjectMetadata(srcDir);

  // The library drops a file with malformed JSON silently: parse each one here.
  const parsed = new Map();
  for (const file of meta.hsMetaFiles) {
    try {
      parsed.set(file, JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      fail(rel(file), `invalid JSON (${error.message})`);
    }
  }
  for (const [type, what] of Object.entries(REQUIRED_TYPES)) {
    const count = meta.components[type]?.count ?? 0;
    if (count === 0) fail(config.srcDir, `no ${type} component (${what})`);
    const max = meta.components[type]?.maxCount;
    if (typeof max === 'number' && count > max) fail(config.srcDir, `${count} ${type} components, at most ${max}`);
  }

  let translated;
  try {
    translated = await translate({ projectSourceDir: srcDir, platformVersion: config.platformVersion }, { skipValidation: true });
  } catch (error) {
    fail(config.srcDir, `does not translate: ${error.message}`);
  }
  for (const skipped of translated?.skippedHsMetaFiles ?? []) fail(rel(path.resolve(srcDir, skipped)), 'not in an allowed component directory (skipped)');

  const uids = new Map();
  let app = null;
  const entrypoints = [];
  for (const [file, doc] of parsed) {
    const where = rel(file);
    const uidProblem = typeof doc.uid === 'string' ? validateUid(doc.uid) : 'missing';
    if (uidProblem) fail(where, `uid ${JSON.stringify(doc.uid)}: ${uidProblem}`);
    if (uids.has(doc.uid)) fail(where, `uid "${doc.uid}" is also the uid of ${uids.get(doc.uid)}`);
    else uids.set(doc.uid, where);
    const c = doc.config ?? {};
    if (doc.type === 'app') app = { where, config: c };
    if (doc.type === 'card') {
      if (!CARD_LOCATIONS.includes(c.location)) fail(where, `location ${JSON.stringify(c.location)} is not one of ${CARD_LOCATIONS.join(', ')}`);
      if (!Array.isArray(c.objectTypes) || c.objectTypes.length === 0) fail(where, 'objectTypes is empty');
    }
    if (['card', 'page', 'pages', 'settings'].includes(doc.type)) {
      if (typeof c.entrypoint !== 'string') fail(where, 'no entrypoint');
      else entrypoints.push({ where, entrypoint: c.entrypoint });
    }
  }
  for (const { where, entrypoint } of entrypoints) {
    const file = path.join(srcDir, entrypoint);
    if (!existsSync(file)) fail(where, `entrypoint ${entrypoint} does not exist`);
    else if (!/hubspot\.extend\s*</.test(readFileSync(file, 'utf8'))) fail(where, `entrypoint ${entrypoint} does not call hubspot.extend`);
    const pkgFile = path.join(path.dirname(file), 'package.json');
    if (!existsSync(pkgFile)) fail(where, `no package.json beside ${entrypoint} for HubSpot's build`);
    else {
      const deps = JSON.parse(readFileSync(pkgFile, 'utf8')).dependencies ?? {};
      for (const [name, version] of Object.entries(PINNED)) if (deps[name] !== version) fail(rel(pkgFile), `${name} must be ${version}, is ${deps[name] ?? 'missing'}`);
    }
  }

  if (!app) fail(config.srcDir, 'no app-hsmeta.json');
  else {
    const { where, config: c } = app;
    if (c.distribution === 'marketplace' && c.auth?.type !== 'oauth') fail(where, `a marketplace app must use OAuth, not ${JSON.stringify(c.auth?.type)}`);
    const urls = [...(c.permittedUrls?.fetch ?? []).map((u) => ['permittedUrls.fetch', u]), ...(c.auth?.redirectUrls ?? []).map((u) => ['auth.redirectUrls', u])];
    for (const [field, url] of urls) {
      let parsedUrl = null;
      try {
        parsedUrl = new URL(url);
      } catch {
        fail(where, `${field}: ${url} is not a URL`);
        continue;
      }
      if (parsedUrl.protocol !== 'https:') fail(where, `${field}: ${url} is not https`);
      if (['localhost', '127.0.0.1', '[::1]'].includes(parsedUrl.hostname)) fail(where, `${field}: ${url} is local (a local URL belongs in app/local.json)`);
    }
    // The origin the views call must be one HubSpot lets them fetch, and the OAuth callback on it.
    const originFile = path.join(srcDir, 'app/cards/lib/service-origin.json');
    if (existsSync(originFile)) {
      const { origin } = JSON.parse(readFileSync(originFile, 'utf8'));
      if (!(c.permittedUrls?.fetch ?? []).includes(origin)) fail(rel(originFile), `${origin} is not in permittedUrls.fetch`);
      if (!(c.auth?.redirectUrls ?? []).includes(`${origin}/oauth/hubspot/callback`)) fail(where, `auth.redirectUrls lacks ${origin}/oauth/hubspot/callback`);
    } else fail(config.srcDir, 'no app/cards/lib/service-origin.json');
  }

  // Local packages HubSpot's build installs (file: dependencies) must be there to upload.
  try {
    await collectFileDependencies(await findAndParsePackageJsonFiles(srcDir));
  } catch (error) {
    fail(config.srcDir, error.message);
  }
  return { ok: problems.length === 0, problems, uids: [...uids.keys()] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'));
  const result = await checkProject(dir);
  if (result.ok) console.log(`OK: ${result.uids.join(', ')}`);
  else for (const p of result.problems) console.error(p);
  process.exit(result.ok ? 0 : 1);
}
