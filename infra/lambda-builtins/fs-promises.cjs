// Lambda bundles load node:fs/promises when the module that imports it first runs (infra/lambda-bundling.ts).
module.exports = process.getBuiltinModule('node:fs/promises');
