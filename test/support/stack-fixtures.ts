// Stacks and fleets for the user, entitlement and directory config tests, made as a user makes
// them: CreateStack, CreateFleet (STOPPED; StartFleet with `running`), AssociateFleet, through
// the JS SDK as the partition's account.
import { AssociateFleetCommand, CreateFleetCommand, CreateStackCommand, StartFleetCommand, type CreateFleetCommandInput } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from './clients.js';
import { publicImageOf, WINDOWS } from './fleets.js';

/** An account in a region. */
export interface Part {
  accountId: string;
  region: string;
}

/** The fixtures of one partition. */
export interface Fixtures {
  stack(name: string): Promise<void>;
  /**
   * CreateFleet `name`: an ON_DEMAND fleet of one instance on a public Windows image of the
   * region, unless `input` says otherwise (ImageName, DomainJoinInfo, ...). STOPPED, or RUNNING
   * with `running` (StartFleet: at once on a server with transitionSeconds 0).
   */
  fleet(name: string, input?: Partial<CreateFleetCommandInput>, running?: boolean): Promise<void>;
  /** CreateFleet of an Elastic Windows Server 2019 fleet (two subnets, 5 sessions). */
  elasticFleet(name: string): Promise<void>;
  associate(stack: string, fleet: string): Promise<void>;
}

export function fixtures(server: RunningServer, part: Part): Fixtures {
  const client = () => appStreamClient(server.url, 'awsJson1_1', part);
  return {
    async stack(name) {
      await client().send(new CreateStackCommand({ Name: name }));
    },
    async fleet(name, input = {}, running = false) {
      const image = input.ImageName === undefined && input.ImageArn === undefined ? { ImageName: publicImageOf(part.region, WINDOWS) } : {};
      await client().send(new CreateFleetCommand({ Name: name, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 1 }, ...image, ...input }));
      if (running) await client().send(new StartFleetCommand({ Name: name }));
    },
    async elasticFleet(name) {
      await client().send(
        new CreateFleetCommand({
          Name: name,
          FleetType: 'ELASTIC',
          Platform: 'WINDOWS_SERVER_2019',
          InstanceType: 'stream.standard.small',
          MaxConcurrentSessions: 5,
          VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'] },
        }),
      );
    },
    async associate(stack, fleet) {
      await client().send(new AssociateFleetCommand({ StackName: stack, FleetName: fleet }));
    },
  };
}
