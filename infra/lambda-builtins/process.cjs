// Lambda bundles load node:process when the module that imports it first runs (infra/lambda-bundling.ts).
module.exports = process.getBuiltinModule('node:process');
