// GET /_appstream/health: is the server up, which version, which store, and can it reach the
// store. A store that does not answer within PING_TIMEOUT_MS (PostgreSQL gone): 503,
// "status": "degraded", with the reason; the process stays up and recovers when it returns.
import type { ControlDeps, ControlRoute } from './control-types.js';

const PING_TIMEOUT_MS = 2000;

async function ping(deps: ControlDeps): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      // A table of the schema, not just the server: a database made again empty is not usable
      // until it is migrated again (PostgreSQL: the store does that on this miss).
      deps.service.db.get('SELECT version FROM schema_migrations LIMIT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      }),
    ]);
    return null;
  } catch (error) {
    return (error as Error)?.message ?? String(error);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'GET',
      path: '/_appstream/health',
      handle: async () => {
        const problem = await ping(deps);
        const body = { status: problem ? 'degraded' : 'running', version: deps.version, store: deps.storeKind };
        return problem ? { status: 503, body: { ...body, storeError: problem } } : { body };
      },
    },
  ];
}
