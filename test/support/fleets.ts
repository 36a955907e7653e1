// Fixtures of the fleet tests: public images by platform, stacks and their fleets (through the
// API), the clock, streaming URLs opened as a browser would.
import { publicImages } from '../../src/catalog/public-images.js';
import type { RunningServer } from '../../src/index.js';
import { AssociateFleetCommand, CreateStackCommand } from '@aws-sdk/client-appstream';
import { appStreamClient } from './clients.js';
import { control } from './control.js';

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

/** Creates a stack (CreateStack through the JS SDK). */
export async function addStack(server: RunningServer, accountId: string, region: string, name: string): Promise<void> {
  await appStreamClient(server.url, 'awsJson1_1', { accountId, region }).send(new CreateStackCommand({ Name: name }));
}

/** Associates a fleet with a stack (AssociateFleet through the JS SDK); creates the stack first when `create`. */
export async function associate(server: RunningServer, accountId: string, region: string, stackName: string, fleetName: string, create = false): Promise<void> {
  if (create) await addStack(server, accountId, region, stackName);
  await appStreamClient(server.url, 'awsJson1_1', { accountId, region }).send(new AssociateFleetCommand({ StackName: stackName, FleetName: fleetName }));
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
