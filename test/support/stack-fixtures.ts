// Stacks, fleets and their associations written straight into a store through the families'
// repositories, for the user, entitlement and directory config tests while the stack and fleet
// operations are built elsewhere. Once CreateStack/CreateFleet/AssociateFleet are served in
// main, tests should drive them through the API instead.
import type { RunningServer } from '../../src/index.js';
import { applicationFleetTable } from '../../src/service/applications/family.js';
import { fleetStackTable, fleetTable, type FleetDoc } from '../../src/service/fleets/family.js';
import { write } from '../../src/service/resources/write.js';
import { stackTable } from '../../src/service/stacks/family.js';
import type { Partition } from '../../src/store/resource-repo.js';
import type { SqlDb } from '../../src/store/sql-db.js';

type Deps = RunningServer['service'];

/** The fixtures of one partition, written in one transaction each. */
export interface Fixtures {
  stack(name: string): Promise<void>;
  /** A fleet (STOPPED); `doc` adds its members (ImageName/ImageArn, FleetType, DomainJoinInfo...). */
  fleet(name: string, doc?: Partial<FleetDoc>): Promise<void>;
  associate(stack: string, fleet: string): Promise<void>;
  /** An Elastic fleet's application association (by the application's ARN). */
  fleetApplication(fleet: string, applicationArn: string): Promise<void>;
  /** Removes a stack row (not its children: the caller checks what the stack family's delete hook must do). */
  removeStack(name: string): Promise<void>;
}

export async function insertStack(tx: SqlDb, part: Partition, name: string, nowMs: number): Promise<void> {
  await stackTable.insert(tx, { ...part, name, createdMs: nowMs, schedule: [], goneMs: null, doc: {} }, nowMs);
}

export function fixtures(deps: Deps, part: Partition): Fixtures {
  const run = (work: (tx: SqlDb, now: number) => Promise<unknown>) => write(deps, part, ({ tx, now }) => work(tx, now)).then(() => undefined);
  return {
    stack: (name) => run((tx, now) => insertStack(tx, part, name, now)),
    fleet: (name, doc = {}) =>
      run((tx, now) =>
        fleetTable.insert(
          tx,
          {
            ...part,
            name,
            createdMs: now,
            schedule: [{ state: 'STOPPED', atMs: now }],
            goneMs: null,
            doc: { InstanceType: 'stream.standard.medium', FleetType: 'ON_DEMAND', ...doc } as FleetDoc,
            refs: { image_name: doc.ImageName ?? null, directory_name: doc.DomainJoinInfo?.DirectoryName ?? null },
          },
          now,
        ),
      ),
    associate: (stack, fleet) =>
      run((tx, now) => fleetStackTable.insert(tx, { ...part, parent: stack, name: fleet, createdMs: now, schedule: [], goneMs: null, doc: {}, refs: { fleet_name: fleet } }, now)),
    fleetApplication: (fleet, arn) =>
      run((tx, now) =>
        applicationFleetTable.insert(tx, { ...part, parent: fleet, name: arn, createdMs: now, schedule: [], goneMs: null, doc: {}, refs: { application_arn: arn } }, now),
      ),
    removeStack: (name) => run((tx) => stackTable.remove(tx, part, name)),
  };
}
