import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface NagAcknowledgement {
  /** The AwsSolutions rule, e.g. `IAM5`. */
  readonly rule: string;
  /** One finding of a rule that reports several, e.g. `Resource::*`; each is acknowledged on its own. */
  readonly finding?: string;
  readonly reason: string;
}

/**
 * Acknowledges a cdk-nag (v3) AwsSolutions finding on a construct and everything below it, through CDK's
 * `Validations` API. Put it on the narrowest construct that has the finding.
 */
export function acknowledge(scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void {
  for (const { rule, finding, reason } of acknowledgements) {
    const id = finding === undefined ? `AwsSolutions-${rule}` : `AwsSolutions-${rule}[${finding}]`;
    Validations.of(scope).acknowledge({ id, reason });
  }
}
