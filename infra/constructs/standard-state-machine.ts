import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * A Standard state machine of ours, made in `scope` as `Logs` and `StateMachine`: its fixed name, its ASL
 * inlined (not `DefinitionBody.fromFile`, which uploads it as a separate S3 asset, so the template and
 * `cdk diff` show it) with the task functions' ARNs substituted, X-Ray tracing, leave to invoke exactly
 * those functions (grantInvoke would add `<arn>:*` for every version), and every state transition logged
 * to a one-year log group kept on delete, but never execution data: states' input, output and parameters
 * carry task tokens and personal data, which must not reach CloudWatch (the claim's audit events record
 * what was decided).
 */
export function standardStateMachine(
  scope: Construct,
  props: { readonly name: string; readonly asl: string; readonly tasks: Readonly<Record<string, IFunction>> },
): { stateMachine: StateMachine; logGroup: LogGroup } {
  // Step Functions needs no log resource policy for groups under /aws/vendedlogs/.
  const logGroup = new LogGroup(scope, 'Logs', {
    logGroupName: `/aws/vendedlogs/states/${props.name}`,
    retention: RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const stateMachine = new StateMachine(scope, 'StateMachine', {
    stateMachineName: props.name,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromString(props.asl),
    definitionSubstitutions: Object.fromEntries(
      Object.entries(props.tasks).map(([name, fn]) => [name, fn.functionArn]),
    ),
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
  });
  stateMachine.addToRolePolicy(
    new PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: Object.values(props.tasks).map((fn) => fn.functionArn),
    }),
  );
  return { stateMachine, logGroup };
}
