// The emulated clock: GET /_appstream/clock answers it; POST /_appstream/clock moves it (for
// every instance that shares the store) and answers the new time:
//   {"advanceSeconds": N}           N >= 0 seconds forward
//   {"time": "2030-01-01T00:00:00Z"} to that time (ISO-8601 or epoch seconds), not earlier than real time
//   {"realTime": true}              back to real time
// States of images and builders follow it (they are schedules), also when it goes back.
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

/** The latest emulated time: 9999-12-31T23:59:59Z. */
const MAX_EMULATED_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

const MEMBERS = ['advanceSeconds', 'time', 'realTime'];
const USAGE = '{"advanceSeconds": N}, {"time": "2030-01-01T00:00:00Z"} or {"realTime": true}';

/** DECISION: the clock's answer: ISO time, epoch milliseconds and epoch seconds. */
function clockBody(nowMs: number) {
  return { now: new Date(nowMs).toISOString(), epochMillis: nowMs, epochSeconds: nowMs / 1000 };
}

/** `time` as epoch ms: an ISO-8601 string with a zone, or epoch seconds. */
function parseTime(value: unknown): number {
  let ms = NaN;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value * 1000;
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw controlError('time must be an ISO-8601 time with a zone (2030-01-01T00:00:00Z) or epoch seconds.');
  return ms;
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
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw controlError(`The body must be a JSON object: ${USAGE}.`);
        const extra = Object.keys(body).filter((k) => !MEMBERS.includes(k));
        if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (the clock takes ${USAGE}).`);
        const given = Object.keys(body);
        if (given.length > 1) throw controlError(`Give one of advanceSeconds, time or realTime, not ${given.join(' and ')}.`);
        const { advanceSeconds: seconds, time, realTime } = body as { advanceSeconds?: unknown; time?: unknown; realTime?: unknown };
        if (realTime !== undefined) {
          if (realTime !== true) throw controlError('realTime must be true (it sets the emulated clock back to real time).');
          return { body: clockBody(await clock.setTime(null)) };
        }
        if (time !== undefined) {
          const target = parseTime(time);
          // DECISION: the emulated clock may go back, but never behind real time: every instance
          // and restart reads wall time plus an offset >= 0, and AWS's SigV4 dates are real time.
          if (target < Date.now()) {
            throw controlError(`time ${new Date(target).toISOString()} is earlier than the real time now; the emulated clock can go back to real time ({"realTime": true}) but not before it.`);
          }
          if (target > MAX_EMULATED_MS) throw controlError('time may not be later than 9999-12-31T23:59:59Z.');
          return { body: clockBody(await clock.setTime(target)) };
        }
        if (seconds === undefined) return { body: clockBody(await clock.now()) };
        // advanceSeconds only moves forward: going back is {"time": ...} or {"realTime": true}.
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          throw controlError('advanceSeconds must be a number >= 0 (to go back, use {"time": ...} or {"realTime": true}).');
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
