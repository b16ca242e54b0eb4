/**
 * A local AWS Step Functions service: one Standard state machine (ASL, JSONPath) run in-process by
 * aws-local-stepfunctions, its Lambda tasks dispatched to in-process handlers, `.waitForTaskToken`
 * callbacks, executions persisted under `dataDir` and resumed after a restart where they stood (a waiting
 * callback on the same token), an execution-status-change event for every execution that ends, and the Step Functions
 * API served over HTTP (AWS JSON 1.0) for @aws-sdk/client-sfn and the AWS CLI.
 *
 * @example
 * const engine = new LocalStepFunctions({ stateMachineName: 'ClaimWorkflow', definition, dataDir, lambdas });
 * await engine.start();
 * const server = await startSfnServer(engine, { port: 8083 });
 * // ...
 * await server.close();
 * await engine.close();
 */
export { ACCOUNT_ID, LocalStepFunctions } from './engine.ts';
export { SfnError } from './errors.ts';
export { type SfnServer, startSfnServer } from './server.ts';
export type { ExecutionStatusChange, LambdaHandler, LocalStepFunctionsOptions } from './types.ts';
