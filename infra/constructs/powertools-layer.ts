import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { type ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { projectPath } from './project.ts';

/** The Powertools version the project installs (the tracer's package), which the layer must match. */
export function powertoolsVersion(): string {
  const manifest = readFileSync(
    projectPath('node_modules/@aws-lambda-powertools/tracer/package.json'),
    'utf8',
  );
  return (JSON.parse(manifest) as { version: string }).version;
}

/**
 * The official Powertools for AWS Lambda (TypeScript) layer of that version, one per stack. AWS publishes
 * its ARN in every region (and partition) as a public SSM parameter, resolved at deployment; the layer
 * holds plain JavaScript, the same for arm64 and x86_64. The functions load Tracer and the X-Ray SDK from
 * it (infra/lambda-bundling.ts); Logger and Metrics stay in each bundle (they run at import).
 */
export function powertoolsLayer(scope: Construct): ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  const existing = stack.node.tryFindChild(id);
  if (existing !== undefined) return existing as ILayerVersion;
  const arn = StringParameter.valueForStringParameter(
    stack,
    `/aws/service/powertools/typescript/generic/all/${powertoolsVersion()}`,
  );
  return LayerVersion.fromLayerVersionArn(stack, id, arn);
}
