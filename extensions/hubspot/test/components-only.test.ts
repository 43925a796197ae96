import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * HubSpot renders extensions from its own components only (reference/hubspot.md §2.1): no DOM
 * elements, no style or class props, no browser globals, `hubspot.fetch` the only way out.
 */
const APP = path.resolve(__dirname, '../app');
const ALLOWED_IMPORTS = [/^react$/, /^@hubspot\/ui-extensions$/, /^@balanced-scorecard\/shared\/src\/(model\/[a-z-]+|format)$/, /^zod$/, /^\.\.?\//];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

interface Finding {
  imports: string[];
  intrinsic: string[];
  forbiddenProps: string[];
  globals: string[];
}

function inspect(file: string): Finding {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding = { imports: [], intrinsic: [], forbiddenProps: [], globals: [] };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) found.imports.push(node.moduleSpecifier.text);
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = node.tagName.getText(sf);
      if (/^[a-z]/.test(tag)) found.intrinsic.push(tag);
    }
    if (ts.isJsxAttribute(node) && ['style', 'className', 'dangerouslySetInnerHTML'].includes(node.name.getText(sf))) found.forbiddenProps.push(node.name.getText(sf));
    // A browser global read as such, not a property of that name (`report.window`).
    const member = node.parent !== undefined && ((ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) || (ts.isPropertyAssignment(node.parent) && node.parent.name === node));
    if (ts.isIdentifier(node) && !member && ['window', 'document', 'localStorage', 'XMLHttpRequest'].includes(node.text)) found.globals.push(node.text);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fetch') found.globals.push('fetch');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('the HubSpot extension', () => {
  const files = sources(APP);

  it('has its card, home and settings entry files and their views', () => {
    const names = files.map((f) => path.relative(APP, f));
    expect(names).toEqual(expect.arrayContaining(['cards/ScorecardCard.tsx', 'pages/Home.tsx', 'settings/SettingsPage.tsx', 'cards/lib/RecordCard.tsx', 'cards/lib/TeamHome.tsx', 'cards/lib/AdminSettings.tsx']));
  });

  it.each(sources(APP).map((f) => [path.relative(APP, f), f]))('%s uses only HubSpot components, and no DOM', (_name, file) => {
    const found = inspect(file);
    expect(found.imports.filter((i) => !ALLOWED_IMPORTS.some((re) => re.test(i)))).toEqual([]);
    expect(found.intrinsic).toEqual([]);
    expect(found.forbiddenProps).toEqual([]);
    expect(found.globals).toEqual([]);
  });
});
