// Fixtures of the fleet tests: public images by platform, stacks and associations (until the
// stacks family serves CreateStack/AssociateFleet, written through the repositories or the
// seed), the clock, the session control routes.
import { publicImages } from '../../src/catalog/public-images.js';
import type { RunningServer } from '../../src/index.js';
import { stackTable } from '../../src/service/stacks/family.js';
import { control } from './control.js';
import { seedOk } from './seed.js';

/** The AVAILABLE public images of `platform` that run general-purpose instances, by name. */
export function publicImagesOf(region: string, platform: string): string[] {
  return publicImages(region)
    .filter((i) => i.Platform === platform && i.State === 'AVAILABLE' && (i.SupportedInstanceFamilies ?? ['GENERAL_PURPOSE']).includes('GENERAL_PURPOSE'))
    .map((i) => i.Name!);
}

/** An AVAILABLE public image of `platform` that runs general-purpose instances. */
export function publicImageOf(region: string, platform: string): string {
  const name = publicImagesOf(region, platform)[0];
  if (!name) throw new Error(`no public ${platform} image in ${region}`);
  return name;
}

export const WINDOWS = 'WINDOWS_SERVER_2022';
export const LINUX = 'RHEL8';

/** A stack row (what CreateStack will write), straight into the store of an in-process server. */
export async function addStack(server: RunningServer, accountId: string, region: string, name: string): Promise<void> {
  const now = await server.service.clock.now();
  await server.service.db.transaction((tx) =>
    stackTable.insert(tx, { accountId, region, name, createdMs: now, schedule: [{ state: 'ACTIVE', atMs: now }], goneMs: null, doc: {} }, now),
  );
}

/** Associates a fleet with a stack through the seed (what AssociateFleet will do). */
export async function associate(url: string, accountId: string, region: string, stackName: string, fleetName: string): Promise<void> {
  await seedOk(url, { fleetStackAssociations: [{ AccountId: accountId, Region: region, StackName: stackName, FleetName: fleetName }] });
}

export async function advanceClock(server: RunningServer, seconds: number): Promise<void> {
  const r = await control(server, '/clock', { advanceSeconds: seconds });
  if (r.status !== 200) throw new Error(`clock: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Opens a streaming URL as a browser would (GET); answers the status and the JSON body. */
export async function openStreamingUrl(streamingUrl: string): Promise<{ status: number; body: any }> {
  const res = await fetch(streamingUrl);
  return { status: res.status, body: (await res.json()) as any };
}
