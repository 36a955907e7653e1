// Helpers of the Elastic families' tests: Elastic fleets made through CreateFleet (as a user
// makes them), and the inputs the tests create things with.
import { CreateFleetCommand, type AppStreamClient, type CreateFleetCommandInput, type Fleet } from '@aws-sdk/client-appstream';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

/** CreateFleet's input for a Windows Elastic fleet of 5 sessions on two subnets; `extra` overrides members. */
export const elasticFleetInput = (Name: string, extra: Partial<CreateFleetCommandInput> = {}): CreateFleetCommandInput => ({
  Name,
  FleetType: 'ELASTIC',
  InstanceType: 'stream.standard.small',
  Platform: 'WINDOWS_SERVER_2019',
  MaxConcurrentSessions: 5,
  VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'] },
  ...extra,
});

/** Creates a (STOPPED) Elastic fleet with CreateFleet through `client`; answers the Fleet. */
export async function createElasticFleet(client: AppStreamClient, name: string, extra: Partial<CreateFleetCommandInput> = {}): Promise<Fleet> {
  return (await client.send(new CreateFleetCommand(elasticFleetInput(name, extra)))).Fleet!;
}

export const S3 = (key: string) => ({ S3Bucket: 'my-app-bucket', S3Key: key });

export const SCRIPT = {
  ScriptS3Location: S3('scripts/setup.ps1'),
  ExecutablePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  ExecutableParameters: '-File setup.ps1',
  TimeoutInSeconds: 300,
};

/** A CUSTOM app block's input. */
export const customAppBlock = (Name: string, extra: Record<string, unknown> = {}) => ({
  Name,
  SourceS3Location: S3(`blocks/${Name}.vhdx`),
  SetupScriptDetails: SCRIPT,
  ...extra,
});

/** An application's input on the app block `AppBlockArn`. */
export const applicationInput = (Name: string, AppBlockArn: string, extra: Record<string, unknown> = {}) => ({
  Name,
  AppBlockArn,
  IconS3Location: S3(`icons/${Name}.png`),
  LaunchPath: `C:\\Program Files\\${Name}\\${Name}.exe`,
  Platforms: ['WINDOWS_SERVER_2019' as const],
  InstanceFamilies: ['GENERAL_PURPOSE'],
  ...extra,
});

/** An app block builder's input. */
export const builderInput = (Name: string, extra: Record<string, unknown> = {}) => ({
  Name,
  Platform: 'WINDOWS_SERVER_2019' as const,
  InstanceType: 'stream.standard.medium',
  VpcConfig: { SubnetIds: ['subnet-1111', 'subnet-2222'], SecurityGroupIds: ['sg-1'] },
  ...extra,
});
