// Lambda bundles load node:http2 when the module that imports it first runs (infra/lambda-bundling.ts).
module.exports = process.getBuiltinModule('node:http2');
