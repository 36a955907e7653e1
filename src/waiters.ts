// Waiters for test suites: poll DescribeImages / DescribeImageBuilders with the caller's own AWS
// SDK client until a resource reaches a state. AppStream's model has waiters for fleets only, so
// every suite would otherwise write this loop. With `clock`, the wait moves the emulated clock
// (POST /_appstream/clock) instead of sleeping: a 5-second transition takes milliseconds.
import type { Image, ImageBuilder, ImageBuilderState, ImageState } from './generated/shapes.js';

/** An AppStream client of the AWS SDK for JavaScript v3 (`new AppStreamClient({...})`), either protocol. */
export interface AppStreamClientLike {
  send(command: any): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The emulator whose clock a wait may move: startServer's answer, or its URL (and control token). */
export interface ClockTarget {
  url: string;
  controlToken?: string;
  config?: { controlToken?: string };
}

export interface WaitOptions {
  /** Give up after this long (default 600): real seconds, or emulated seconds with `clock`. */
  timeoutSeconds?: number;
  /** Between two polls (default 1): sleep this long, or with `clock` move the emulated clock this far. */
  intervalSeconds?: number;
  /** Move this emulator's emulated clock instead of sleeping (in-process servers, or a test server you own). */
  clock?: ClockTarget;
}

/** Thrown when the resource fails (state FAILED, not asked for), is not found, or the time runs out. */
export class WaitError extends Error {
  override name = 'WaitError';
  constructor(message: string, readonly lastState?: string) {
    super(message);
  }
}

type Sdk = typeof import('@aws-sdk/client-appstream');
let sdk: Promise<Sdk> | undefined;

/** The SDK's command classes, from the copy the caller's project has (an optional peer dependency). */
function loadSdk(): Promise<Sdk> {
  sdk ??= import('@aws-sdk/client-appstream').catch((error: unknown) => {
    sdk = undefined;
    throw new WaitError(`waitFor* needs @aws-sdk/client-appstream (npm install @aws-sdk/client-appstream): ${(error as Error).message}`);
  });
  return sdk;
}

async function advanceClock(target: ClockTarget, seconds: number): Promise<void> {
  const token = target.controlToken ?? target.config?.controlToken;
  const res = await fetch(`${target.url.replace(/\/+$/, '')}/_appstream/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  if (!res.ok) throw new WaitError(`could not move the emulated clock at ${target.url}: HTTP ${res.status} ${await res.text()}`);
}

async function waitFor<R extends { State?: string; StateChangeReason?: { Message?: string } }>(
  what: string,
  name: string,
  wanted: string | readonly string[],
  describe: () => Promise<R | undefined>,
  options: WaitOptions,
): Promise<R> {
  const states = typeof wanted === 'string' ? [wanted] : wanted;
  const timeout = options.timeoutSeconds ?? 600;
  const interval = options.intervalSeconds ?? 1;
  if (!(interval > 0) || !(timeout >= 0)) throw new WaitError('intervalSeconds must be > 0 and timeoutSeconds >= 0');
  const started = Date.now();
  let waited = 0;
  let last: string | undefined;
  for (;;) {
    const resource = await describe();
    if (resource === undefined) throw new WaitError(`${what} '${name}' does not exist`, last);
    last = resource.State;
    if (last !== undefined && states.includes(last)) return resource;
    if (last === 'FAILED') {
      throw new WaitError(`${what} '${name}' is FAILED${resource.StateChangeReason?.Message ? `: ${resource.StateChangeReason.Message}` : ''}`, last);
    }
    const spent = options.clock ? waited : (Date.now() - started) / 1000;
    if (spent >= timeout) {
      throw new WaitError(`${what} '${name}' is still ${last} after ${timeout} ${options.clock ? 'emulated ' : ''}seconds (waiting for ${states.join(' or ')})`, last);
    }
    if (options.clock) await advanceClock(options.clock, interval);
    else await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    waited += interval;
  }
}

/** The first resource a Describe call answers, or undefined when the name does not exist. */
async function firstOrNone<R>(describe: () => Promise<unknown[] | undefined>): Promise<R | undefined> {
  try {
    return (await describe())?.[0] as R | undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * Polls DescribeImages (Names: [name]) with `client` until the image is in `state` (or one of
 * several); answers the image. Throws WaitError if it becomes FAILED (unless asked for), does
 * not exist, or is not there within `timeoutSeconds`. With `options.clock` (an in-process
 * server, or `{ url, controlToken }`), each poll moves the emulated clock by `intervalSeconds`
 * instead of sleeping.
 */
export async function waitForImage(client: AppStreamClientLike, name: string, state: ImageState | readonly ImageState[], options: WaitOptions = {}): Promise<Image> {
  const { DescribeImagesCommand } = await loadSdk();
  return waitFor('image', name, state, () => firstOrNone<Image>(async () => (await client.send(new DescribeImagesCommand({ Names: [name] }))).Images), options);
}

/** As waitForImage, for an image builder (DescribeImageBuilders): e.g. `waitForImageBuilder(client, 'b1', 'RUNNING')`. */
export async function waitForImageBuilder(
  client: AppStreamClientLike,
  name: string,
  state: ImageBuilderState | readonly ImageBuilderState[],
  options: WaitOptions = {},
): Promise<ImageBuilder> {
  const { DescribeImageBuildersCommand } = await loadSdk();
  return waitFor('image builder', name, state, () => firstOrNone<ImageBuilder>(async () => (await client.send(new DescribeImageBuildersCommand({ Names: [name] }))).ImageBuilders), options);
}
