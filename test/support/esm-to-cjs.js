// Turns the ES modules of @hubspot/ui-extensions and its dependencies into CommonJS for jest, as
// TypeScript would (allowJs); the HubSpot testing renderer then runs in plain Node.
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, jsx: ts.JsxEmit.ReactJSX, esModuleInterop: true, sourceMap: false },
    });
    return { code: out.outputText };
  },
  getCacheKey(source, filename) {
    return require('node:crypto').createHash('sha256').update(ts.version).update(filename).update(source).digest('hex');
  },
};
