// Calls of the control API (/_appstream/*) from tests.
import type { RunningServer } from '../../src/index.js';

export async function control(server: RunningServer, path: string, body: unknown, method = 'POST'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/_appstream${path}`, { method, body: method === 'GET' ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
