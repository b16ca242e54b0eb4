import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UnionClaimsStack } from '../../infra/stack.ts';

export const LINK_BASE_URL = 'https://u.test.example';
export const SES_FROM_ADDRESS = 'claims@test.example';

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: UnionClaimsStack;
  readonly template: Template;
}

/**
 * The stack as infra/app.ts builds it, and its template. `bundle: false` skips bundling the functions
 * (their code becomes a placeholder): for tests of the template alone, which then take a second.
 */
export function synthStack(options: { readonly bundle?: boolean } = {}): SynthesizedStack {
  const app = new App(options.bundle === false ? { context: { 'aws:cdk:bundling-stacks': [] } } : {});
  const stack = new UnionClaimsStack(app, 'UnionClaimsStack', {
    linkBaseUrl: LINK_BASE_URL,
    sesFromAddress: SES_FROM_ADDRESS,
  });
  return { app, stack, template: Template.fromStack(stack) };
}
