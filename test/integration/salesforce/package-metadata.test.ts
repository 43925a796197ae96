import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultDefinition } from '@balanced-scorecard/shared';
import { userFieldOf } from '../../../server/src/salesforce/answer-mirror';

/* The checker is the package's own CommonJS script (also run as `npm run check --workspace extensions/salesforce`). */
const { check } = require('../../../extensions/salesforce/scripts/check-metadata.js') as {
  check(projectDir: string): Promise<{ problems: string[]; converted: { components: string[]; packageXml: string; files: string[] } | null }>;
};

const PROJECT = path.join(__dirname, '../../../extensions/salesforce');
const DEFAULT = 'force-app/main/default';

/** A copy of the project (without node_modules) to break. */
function copy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-sfdx-'));
  fs.cpSync(path.join(PROJECT, 'force-app'), path.join(dir, 'force-app'), { recursive: true });
  fs.copyFileSync(path.join(PROJECT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
  fs.copyFileSync(path.join(PROJECT, '.forceignore'), path.join(dir, '.forceignore'));
  return dir;
}
const edit = (dir: string, file: string, change: (text: string) => string) => {
  const p = path.join(dir, DEFAULT, file);
  fs.writeFileSync(p, change(fs.readFileSync(p, 'utf8')));
};
const LWC_META = 'lwc/sellerScorecard/sellerScorecard.js-meta.xml';

describe('the Salesforce package metadata', () => {
  const made: string[] = [];
  const broken = () => {
    const dir = copy();
    made.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resolves, converts to Metadata API format, and passes our rules', async () => {
    const { problems, converted } = await check(PROJECT);
    expect(problems).toEqual([]);
    expect(converted!.components).toEqual(
      expect.arrayContaining([
        'LightningComponentBundle:sellerScorecard',
        'ApexClass:ScorecardEmbedController',
        'ApexClass:ScorecardEmbedControllerTest',
        'CspTrustedSite:ScorecardService',
        'RemoteSiteSetting:ScorecardService',
        'PermissionSet:Balanced_Scorecard',
        'CustomObject:Scorecard_Service__c',
        'CustomField:Account.Scorecard_Potential__c',
        'CustomField:Account.Scorecard_Satisfaction__c',
        'CustomField:User.Scorecard_Motivation__c',
        'CustomField:User.Scorecard_Tools_Support__c',
        'FlexiPage:My_Scorecard',
      ]),
    );
    expect(converted!.packageXml).toContain('<name>LightningComponentBundle</name>');
    // The project's own API version, never one asked of Salesforce over the network.
    expect(converted!.packageXml).toContain('<version>64.0</version>');
    // The LWC tests stay out of the package (.forceignore).
    expect(converted!.files.some((f) => f.includes('__tests__'))).toBe(false);
  });

  it('has one User field per check-in item of the default definition', () => {
    const shipped = fs.readdirSync(path.join(PROJECT, DEFAULT, 'objects/User/fields')).map((f) => f.replace('.field-meta.xml', ''));
    for (const item of defaultDefinition().checkInItems) expect(shipped).toContain(userFieldOf(item.id));
  });

  it.each([
    ['malformed XML', (dir: string) => edit(dir, 'objects/Account/fields/Scorecard_Potential__c.field-meta.xml', (t) => t.replace('</label>', '</labl>')), /Scorecard_Potential__c.field-meta.xml: not well-formed XML/],
    ['a misspelled field type', (dir: string) => edit(dir, 'objects/Account/fields/Scorecard_Satisfaction__c.field-meta.xml', (t) => t.replace('<type>Number</type>', '<type>Numbr</type>')), /"Numbr" is not a Salesforce field type/],
    ['an unknown target', (dir: string) => edit(dir, LWC_META, (t) => t.replace('<target>lightning__AppPage</target>', '<target>lightning__AppPag</target>')), /"lightning__AppPag" is not a Lightning component target/],
    ['a record page for another object', (dir: string) => edit(dir, LWC_META, (t) => t.replace('<object>User</object>', '<object>Account</object>')), /record pages must be exactly Contact and User \(found: Account, Contact\)/],
    ['<property> before <objects>', (dir: string) => edit(dir, LWC_META, (t) => t.replace(/(<objects>[\s\S]*?<\/objects>)(\s*)(<property [^>]*\/>)/, '$3$2$1')), /inside <targetConfig> write objects, then property/],
    [
      'a field in the wrong folder',
      (dir: string) => {
        const from = path.join(dir, DEFAULT, 'objects/Account/fields/Scorecard_Potential__c.field-meta.xml');
        fs.renameSync(from, path.join(dir, DEFAULT, 'objects/Account/Scorecard_Potential__c.field-meta.xml'));
      },
      /a field belongs in objects\/<Object>\/fields\//,
    ],
    ['an LWC without its js-meta.xml', (dir: string) => fs.rmSync(path.join(dir, DEFAULT, LWC_META)), /lwc\/sellerScorecard: the bundle has no sellerScorecard.js-meta.xml/],
    ['the wrong root element', (dir: string) => edit(dir, 'cspTrustedSites/ScorecardService.cspTrustedSite-meta.xml', (t) => t.replace(/CspTrustedSite/g, 'CspTrustedSites')), /needs <CspTrustedSite>/],
    ['the wrong namespace', (dir: string) => edit(dir, 'classes/ScorecardEmbedController.cls-meta.xml', (t) => t.replace('2006/04/metadata', '2006/05/metadata')), /needs xmlns="http:\/\/soap.sforce.com\/2006\/04\/metadata"/],
    ['a Number field without its precision', (dir: string) => edit(dir, 'objects/User/fields/Scorecard_Energy__c.field-meta.xml', (t) => t.replace(/\s*<precision>1<\/precision>/, '')), /a Number field needs <precision>/],
    ['an app page placing a component the package lacks', (dir: string) => edit(dir, 'flexipages/My_Scorecard.flexipage-meta.xml', (t) => t.replace('<componentName>sellerScorecard</componentName>', '<componentName>sellerScorcard</componentName>')), /places the component sellerScorcard/],
    ['a permission on a field the package lacks', (dir: string) => edit(dir, 'permissionsets/Balanced_Scorecard.permissionset-meta.xml', (t) => t.replace('Account.Scorecard_Potential__c', 'Account.Scorecard_Potentail__c')), /grants Account.Scorecard_Potentail__c/],
  ])('fails on a broken copy: %s', async (_what, breakIt, message) => {
    const dir = broken();
    breakIt(dir);
    const { problems } = await check(dir);
    expect(problems.join('\n')).toMatch(message);
  });
});
