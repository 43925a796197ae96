#!/usr/bin/env node
'use strict';
/**
 * The offline check of the SFDX project (reference/salesforce.md Corrections 2–4): it must resolve
 * and convert to Metadata API format with @salesforce/source-deploy-retrieve, and — since that
 * library does not validate content — pass our own rules: every *-meta.xml well-formed, with the
 * root element its suffix names and the Metadata API namespace; files in the folders their type
 * lives in; LWC bundles whole, with known targets, record pages for exactly Contact and User, and
 * <objects> before <property> in each targetConfig; field types from Salesforce's list.
 *
 * Usage: node scripts/check-metadata.js [force-app]   (exit 1 and one line per problem when broken)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { XMLParser, XMLValidator } = require('fast-xml-parser');

const NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
/** File suffix → the root element it must have. */
const ROOTS = {
  '.cls-meta.xml': 'ApexClass',
  '.js-meta.xml': 'LightningComponentBundle',
  '.field-meta.xml': 'CustomField',
  '.object-meta.xml': 'CustomObject',
  '.cspTrustedSite-meta.xml': 'CspTrustedSite',
  '.remoteSite-meta.xml': 'RemoteSiteSetting',
  '.permissionset-meta.xml': 'PermissionSet',
  '.flexipage-meta.xml': 'FlexiPage',
};
/** Metadata API FieldType values (Metadata API Developer Guide, CustomField; @salesforce/types metadata.d.ts). */
const FIELD_TYPES = new Set(['AutoNumber', 'Lookup', 'MasterDetail', 'MetadataRelationship', 'Checkbox', 'Currency', 'Date', 'DateTime', 'Email', 'EncryptedText', 'Note', 'ExternalLookup', 'IndirectLookup', 'Number', 'Percent', 'Phone', 'Picklist', 'MultiselectPicklist', 'Summary', 'Text', 'TextArea', 'LongTextArea', 'Url', 'Hierarchy', 'File', 'CustomDataType', 'Html', 'Geolocation', 'Time']);
/** What each field type needs besides its type. */
const FIELD_NEEDS = { Text: ['length'], EncryptedText: ['length'], LongTextArea: ['length', 'visibleLines'], Number: ['precision', 'scale'], Currency: ['precision', 'scale'], Percent: ['precision', 'scale'] };
/** Lightning component targets (LWC Developer Guide, "XML Configuration File Elements"). */
const TARGETS = new Set(['lightning__AppPage', 'lightning__HomePage', 'lightning__RecordPage', 'lightning__RecordAction', 'lightning__GlobalAction', 'lightning__UtilityBar', 'lightning__FlowScreen', 'lightning__FlowAction', 'lightning__Tab', 'lightning__Inbox', 'lightning__UrlAddressable', 'lightning__Dashboard', 'lightning__VoiceExtension', 'lightning__ChatMessage', 'lightningCommunity__Page', 'lightningCommunity__Default', 'lightningCommunity__Page_Layout', 'lightningCommunity__Theme_Layout', 'lightningSnapin__ChatMessage', 'lightningSnapin__Minimized', 'lightningSnapin__PreChat', 'lightningSnapin__ChatHeader', 'analytics__Dashboard']);
/** The record pages the scorecard belongs on, and nowhere else. */
const RECORD_PAGE_OBJECTS = ['Contact', 'User'];
/** Inside a targetConfig the js-meta XSD has a sequence: objects, then property, then supportedFormFactors. */
const TARGET_CONFIG_ORDER = ['objects', 'property', 'supportedFormFactors'];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const flat = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['target', 'targetConfig', 'object', 'property', 'fieldPermissions', 'classAccesses'].includes(name) });
const ordered = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true });
const childNames = (nodes) => nodes.map((n) => Object.keys(n).find((k) => k !== ':@')).filter((k) => k && k !== '#text');

/** Our rules over the project's files (no org, no network). Answers one message per problem. */
function checkRules(sourceDir) {
  const problems = [];
  const files = walk(sourceDir).filter((f) => !f.split(path.sep).includes('__tests__'));
  const rel = (f) => path.relative(sourceDir, f).split(path.sep).join('/');
  const fields = new Set();
  const classes = new Set();
  const docs = [];
  for (const file of files.filter((f) => f.endsWith('-meta.xml'))) {
    const name = rel(file);
    const suffix = Object.keys(ROOTS).find((s) => file.endsWith(s));
    if (!suffix) {
      problems.push(`${name}: a metadata file of a type this package does not ship`);
      continue;
    }
    const xml = fs.readFileSync(file, 'utf8');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      problems.push(`${name}: not well-formed XML (${valid.err.msg}, line ${valid.err.line})`);
      continue;
    }
    const doc = flat.parse(xml);
    const root = Object.keys(doc).find((k) => k !== '?xml');
    if (root !== ROOTS[suffix]) {
      problems.push(`${name}: its root element is <${root}>, a ${suffix} file needs <${ROOTS[suffix]}>`);
      continue;
    }
    if (doc[root]['@xmlns'] !== NAMESPACE) problems.push(`${name}: <${root}> needs xmlns="${NAMESPACE}"`);
    const base = path.basename(file, suffix);
    const parts = name.split('/');
    docs.push({ file, name, suffix, base, parts, body: doc[root], xml });
  }
  for (const d of docs) {
    const at = (i) => d.parts[d.parts.length - i];
    switch (d.suffix) {
      case '.field-meta.xml': {
        // objects/<Object>/fields/<Field>.field-meta.xml, its fullName the file's name.
        if (at(2) !== 'fields' || at(4) !== 'objects') problems.push(`${d.name}: a field belongs in objects/<Object>/fields/`);
        else fields.add(`${at(3)}.${d.base}`);
        if (d.body.fullName !== d.base) problems.push(`${d.name}: its fullName "${d.body.fullName}" is not its file's name "${d.base}"`);
        if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(d.base)) problems.push(`${d.name}: a custom field's name ends in __c`);
        const type = d.body.type;
        if (!FIELD_TYPES.has(type)) problems.push(`${d.name}: "${type}" is not a Salesforce field type`);
        for (const need of FIELD_NEEDS[type] ?? []) if (d.body[need] === undefined) problems.push(`${d.name}: a ${type} field needs <${need}>`);
        if (!d.body.label) problems.push(`${d.name}: a field needs a <label>`);
        break;
      }
      case '.object-meta.xml':
        if (at(3) !== 'objects' || at(2) !== d.base) problems.push(`${d.name}: an object belongs in objects/<Object>/<Object>.object-meta.xml`);
        break;
      case '.cls-meta.xml':
        if (at(2) !== 'classes') problems.push(`${d.name}: an Apex class belongs in classes/`);
        if (!fs.existsSync(d.file.replace(/-meta\.xml$/, ''))) problems.push(`${d.name}: no ${d.base}.cls beside it`);
        else classes.add(d.base);
        break;
      case '.js-meta.xml':
        checkBundle(d, problems);
        break;
      case '.cspTrustedSite-meta.xml':
        if (at(2) !== 'cspTrustedSites') problems.push(`${d.name}: a CSP Trusted Site belongs in cspTrustedSites/`);
        if (String(d.body.isApplicableToFrameSrc) !== 'true') problems.push(`${d.name}: the scorecard is framed: isApplicableToFrameSrc must be true`);
        if (!/^https:\/\//.test(String(d.body.endpointUrl))) problems.push(`${d.name}: the endpoint must be https`);
        break;
      case '.remoteSite-meta.xml':
        if (at(2) !== 'remoteSiteSettings') problems.push(`${d.name}: a Remote Site Setting belongs in remoteSiteSettings/`);
        break;
      case '.permissionset-meta.xml':
        if (at(2) !== 'permissionsets') problems.push(`${d.name}: a permission set belongs in permissionsets/`);
        break;
      case '.flexipage-meta.xml':
        if (at(2) !== 'flexipages') problems.push(`${d.name}: a Lightning page belongs in flexipages/`);
        if (!['AppPage', 'HomePage', 'RecordPage'].includes(d.body.type)) problems.push(`${d.name}: "${d.body.type}" is not a Lightning page type this package ships`);
        break;
    }
  }
  // Every LWC folder is a whole bundle: its .js and its .js-meta.xml.
  for (const dir of new Set(files.map((f) => rel(f).split('/')).filter((p) => p.includes('lwc')).map((p) => p.slice(0, p.indexOf('lwc') + 2).join('/')))) {
    const bundle = path.basename(dir);
    for (const need of [`${bundle}.js`, `${bundle}.js-meta.xml`]) if (!fs.existsSync(path.join(sourceDir, dir, need))) problems.push(`${dir}: the bundle has no ${need}`);
  }
  // A page places only components the package has (a name without a namespace is one of ours), on a target they declare.
  const bundles = new Map(docs.filter((x) => x.suffix === '.js-meta.xml').map((x) => [x.base, x.body.targets?.target ?? []]));
  for (const d of docs.filter((x) => x.suffix === '.flexipage-meta.xml')) {
    for (const name of [...d.xml.matchAll(/<componentName>([^<]+)<\/componentName>/g)].map((m) => m[1])) {
      if (name.includes(':')) continue;
      if (!bundles.has(name)) problems.push(`${d.name}: places the component ${name}, which the package does not define`);
      else if (!bundles.get(name).includes(`lightning__${d.body.type}`)) problems.push(`${d.name}: places ${name}, which does not declare lightning__${d.body.type}`);
    }
  }
  // What the permission sets grant exists in the package (or is standard).
  for (const d of docs.filter((x) => x.suffix === '.permissionset-meta.xml')) {
    for (const fp of d.body.fieldPermissions ?? []) if (String(fp.field).endsWith('__c') && !fields.has(fp.field)) problems.push(`${d.name}: grants ${fp.field}, which the package does not define`);
    for (const ca of d.body.classAccesses ?? []) if (!classes.has(ca.apexClass)) problems.push(`${d.name}: grants the class ${ca.apexClass}, which the package does not define`);
  }
  return problems;
}

function checkBundle(d, problems) {
  const parts = d.parts;
  if (parts[parts.length - 3] !== 'lwc' || parts[parts.length - 2] !== d.base) problems.push(`${d.name}: a component's js-meta.xml belongs in lwc/<name>/<name>.js-meta.xml`);
  const targets = d.body.targets?.target ?? [];
  for (const t of targets) if (!TARGETS.has(t)) problems.push(`${d.name}: "${t}" is not a Lightning component target`);
  if (String(d.body.isExposed) !== 'true') problems.push(`${d.name}: the component must be exposed to App Builder (isExposed)`);
  const configs = d.body.targetConfigs?.targetConfig ?? [];
  for (const c of configs) {
    for (const t of String(c['@targets']).split(',').map((s) => s.trim())) if (!targets.includes(t)) problems.push(`${d.name}: a targetConfig for "${t}", which is not among its targets`);
  }
  if (targets.includes('lightning__RecordPage')) {
    const record = configs.find((c) => String(c['@targets']).split(',').map((s) => s.trim()).includes('lightning__RecordPage'));
    const objects = (record?.objects?.object ?? []).map(String).sort();
    if (JSON.stringify(objects) !== JSON.stringify(RECORD_PAGE_OBJECTS)) problems.push(`${d.name}: record pages must be exactly ${RECORD_PAGE_OBJECTS.join(' and ')} (found: ${objects.join(', ') || 'none'})`);
  }
  // The element order inside each targetConfig (the XSD's sequence).
  const tree = ordered.parse(d.xml);
  const bundle = tree.find((n) => n.LightningComponentBundle)?.LightningComponentBundle ?? [];
  const configNodes = bundle.filter((n) => n.targetConfigs).flatMap((n) => n.targetConfigs).filter((n) => n.targetConfig);
  for (const node of configNodes) {
    const order = childNames(node.targetConfig).map((k) => TARGET_CONFIG_ORDER.indexOf(k));
    if (order.some((i, n) => i < 0 || (n > 0 && i < order[n - 1]))) problems.push(`${d.name}: inside <targetConfig> write ${TARGET_CONFIG_ORDER.join(', then ')} (found: ${childNames(node.targetConfig).join(', ')})`);
  }
}

/** Resolves the project with source-deploy-retrieve and converts it to Metadata API format in a temporary folder. */
async function convert(projectDir, sourceDir) {
  const { ComponentSet, MetadataConverter } = require('@salesforce/source-deploy-retrieve');
  const set = ComponentSet.fromSource(sourceDir);
  // The project's API version, given explicitly: without it the library asks appexchange.salesforce.com over the network.
  const { sourceApiVersion } = JSON.parse(fs.readFileSync(path.join(projectDir, 'sfdx-project.json'), 'utf8'));
  if (!/^\d{2}\.0$/.test(String(sourceApiVersion))) throw new Error('sfdx-project.json needs a sourceApiVersion such as "64.0"');
  set.sourceApiVersion = sourceApiVersion;
  set.apiVersion = sourceApiVersion;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-mdapi-'));
  try {
    await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: out, packageName: 'BalancedScorecard' });
    const packageXml = fs.readFileSync(path.join(out, 'BalancedScorecard', 'package.xml'), 'utf8');
    const components = [...set].map((c) => `${c.type.name}:${c.fullName}`);
    return { components, packageXml, files: walk(out).map((f) => path.relative(out, f)) };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function check(projectDir) {
  const sourceDir = path.join(projectDir, 'force-app');
  const problems = checkRules(sourceDir);
  let converted = null;
  try {
    converted = await convert(projectDir, sourceDir);
  } catch (error) {
    problems.push(`source-deploy-retrieve could not convert the project: ${error.message}`);
  }
  return { problems, converted };
}

module.exports = { check, checkRules, FIELD_TYPES, TARGETS };

if (require.main === module) {
  const projectDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
  check(projectDir).then(({ problems, converted }) => {
    for (const p of problems) console.error(p);
    if (converted) console.log(`${converted.components.length} components converted to Metadata API format`);
    process.exit(problems.length === 0 ? 0 : 1);
  });
}
