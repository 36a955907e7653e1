// The emulated clock: GET /_appstream/clock answers it; POST /_appstream/clock
// {"advanceSeconds": N} moves it forward (for every instance that shares the store) and
// answers the new time. States of images and builders follow it (they are schedules).
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

/** The latest emulated time: 9999-12-31T23:59:59Z. */
const MAX_EMULATED_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** DECISION: the clock's answer: ISO time, epoch milliseconds and epoch seconds. */
function clockBody(nowMs: number) {
  return { now: new Date(nowMs).toISOString(), epochMillis: nowMs, epochSeconds: nowMs / 1000 };
}

export function clockRoutes(deps: ControlDeps): ControlRoute[] {
  const clock = deps.service.clock;
  return [
    {
      method: 'GET',
      path: '/_appstream/clock',
      handle: async () => ({ body: clockBody(await clock.now()) }),
    },
    {
      method: 'POST',
      path: '/_appstream/clock',
      async handle(request) {
        const body = request.json();
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw controlError('The body must be a JSON object: {"advanceSeconds": N}.');
        }
        const extra = Object.keys(body).filter((k) => k !== 'advanceSeconds');
        if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (the clock takes only advanceSeconds).`);
        const seconds = (body as { advanceSeconds?: unknown }).advanceSeconds;
        if (seconds === undefined) return { body: clockBody(await clock.now()) };
        // DECISION: the clock only moves forward (states already reached stay reached).
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          throw controlError('advanceSeconds must be a number >= 0 (the emulated clock only moves forward).');
        }
        // A time past what a Date (and a wire timestamp) can hold would be stored and break every
        // later read of the clock: the emulated time stays within year 9999.
        if ((await clock.now()) + seconds * 1000 > MAX_EMULATED_MS) {
          throw controlError(`advanceSeconds ${seconds} would move the emulated clock past 9999-12-31T23:59:59Z.`);
        }
        return { body: clockBody(await clock.advance(seconds)) };
      },
    },
  ];
}
