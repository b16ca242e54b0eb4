export { ACCOUNT_ID, LocalStepFunctions } from './engine.ts';
export { SfnError } from './errors.ts';
export { startSfnServer } from './server.ts';
export type { LambdaHandler, LocalStepFunctionsOptions } from './types.ts';
