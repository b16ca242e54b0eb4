// Lambda bundles load node:stream when the module that imports it first runs (infra/lambda-bundling.ts).
module.exports = process.getBuiltinModule('node:stream');
