import { describe, expect, it } from 'vitest';
import { extraJvmOptions, javaArguments } from '../../../../infra/local/dynamodb-local.ts';

const JAR = { jar: 'release/DynamoDBLocal.jar', nativeLibraries: 'release/DynamoDBLocal_lib' };

describe('the java command line of DynamoDB Local', () => {
  it('takes no extra JVM flags when DYNAMODB_LOCAL_JAVA_OPTS is unset or blank', () => {
    // Act & Assert
    expect(extraJvmOptions({})).toEqual([]);
    expect(extraJvmOptions({ DYNAMODB_LOCAL_JAVA_OPTS: '  \n ' })).toEqual([]);
  });

  it('splits DYNAMODB_LOCAL_JAVA_OPTS on white space', () => {
    // Act
    const flags = extraJvmOptions({
      DYNAMODB_LOCAL_JAVA_OPTS: ' -XX:StartFlightRecording=filename=ddb.jfr,settings=profile\t-Xmx512m ',
    });

    // Assert
    expect(flags).toEqual(['-XX:StartFlightRecording=filename=ddb.jfr,settings=profile', '-Xmx512m']);
  });

  it('puts the extra flags after the workload flags (so they win) and before -jar', () => {
    // Act
    const args = javaArguments({ port: 8000, dataDir: null }, JAR, {
      DYNAMODB_LOCAL_JAVA_OPTS: '-XX:TieredStopAtLevel=4',
    });

    // Assert
    expect(args.slice(0, args.indexOf('-jar'))).toEqual([
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=4',
      '-Djava.library.path=release/DynamoDBLocal_lib',
    ]);
    expect(args.slice(args.indexOf('-jar'))).toEqual([
      '-jar',
      'release/DynamoDBLocal.jar',
      '-inMemory',
      '-port',
      '8000',
      '-sharedDb',
      '-disableTelemetry',
    ]);
  });

  it('keeps the JVM defaults for bulk runs and the database in its folder when one is given', () => {
    // Act
    const args = javaArguments({ port: 9000, dataDir: 'data', workload: 'bulk' }, JAR, {});

    // Assert
    expect(args[0]).toBe('-Djava.library.path=release/DynamoDBLocal_lib');
    expect(args[args.indexOf('-dbPath') + 1]).toMatch(/\/data$/);
    expect(args).not.toContain('-inMemory');
  });
});
