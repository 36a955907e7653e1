// Helpers of the Elastic families' tests: fleets written straight into the store (until the
// fleets family serves CreateFleet), and the inputs the tests create things with.
import type { RunningServer } from '../../src/index.js';
import { fleetTable, type FleetDoc } from '../../src/service/fleets/family.js';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

/** Writes a STOPPED fleet of `FleetType` (ELASTIC by default) into the server's store, as the fleets family would. */
export async function putFleet(
  server: RunningServer,
  name: string,
  doc: Partial<FleetDoc> = {},
  where: { accountId?: string; region?: string } = {},
): Promise<void> {
  const now = await server.service.clock.now();
  const fleetType = doc.FleetType ?? 'ELASTIC';
  await server.service.db.transaction((tx) =>
    fleetTable.insert(
      tx,
      {
        accountId: where.accountId ?? ACCOUNT,
        region: where.region ?? REGION,
        name,
        createdMs: now,
        schedule: [{ state: 'STOPPED', atMs: now }],
        goneMs: null,
        doc: {
          InstanceType: 'stream.standard.small',
          FleetType: fleetType,
          Platform: 'WINDOWS_SERVER_2019',
          ...(fleetType === 'ELASTIC' ? { MaxConcurrentSessions: 5, VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'] } } : { ComputeCapacity: { DesiredInstances: 1 } }),
          ...doc,
        },
      },
      now,
    ),
  );
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
