// Seeding: resources written straight into the store, so that private and shared images,
// builders, fleets, ... exist without driving their lifecycles. Used by POST /_appstream/seed,
// `start --seed FILE` and the console. Each family declares its sections (its family.ts
// `seed`); this driver reads the document, checks every entry, and writes them in one go.
//
// Rules:
// - every entry is checked before anything is written, and everything is written in one
//   transaction: a bad entry answers a SeedError naming it (`images[3] ("my-image"): ...`)
//   and nothing is written;
// - quotas do not apply; name rules are the model's (`Name`'s pattern), reserved prefixes
//   (aws, appstream, amazon) are allowed so that test data can look like anything;
// - DECISION: seeding is idempotent: an entry replaces an existing row with the same key
//   (account, region, name / image + shared account), so a `--seed FILE` on a persistent
//   store can be loaded at every start. An image entry's Tags replace the image's tags;
// - a seeded image or builder in a transitional state moves on to its settled state after
//   deps.settings.transitionSeconds (PENDING/CREATING/COPYING/IMPORTING/VALIDATING ->
//   AVAILABLE, DELETING -> gone; builders PENDING/REBOOTING/UPDATING... -> RUNNING,
//   STOPPING/SNAPSHOTTING -> STOPPED, DELETING -> gone), so tests and the console can watch it.
import { jsonHoldsLoneSurrogate } from '../../core/unicode.js';
import type { ServiceDeps } from '../service-deps.js';
import type { SeedRun, SeedSection } from '../resources/family.js';
import { FAMILIES } from '../resources/registry.js';
import { SeedError, isObj } from './seed-reader.js';

export { SeedError };

/** Entries written, by section key (`images`, `imageBuilders`, ...). */
export type SeedCounts = Record<string, number>;

/** The sections of every registered family, in registry order (a section may refer to the ones before it). */
function sections(): SeedSection[] {
  return FAMILIES.flatMap((f) => f.seed ?? []);
}

function list(doc: Record<string, unknown>, key: string): unknown[] {
  const v = doc[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SeedError(`${key} must be a list`);
  return v;
}

/**
 * Loads a seed document into the store: every entry checked first, all written in one
 * transaction, quotas bypassed. Throws SeedError (nothing written) for a bad entry.
 */
export async function seedStore(deps: Pick<ServiceDeps, 'db' | 'clock' | 'settings'>, document: unknown): Promise<SeedCounts> {
  const run: SeedRun = { nowMs: await deps.clock.now(), stepMs: Math.max(0, deps.settings.transitionSeconds) * 1000, written: new Map() };
  const all = sections();
  const keys = all.map((s) => s.key);
  if (!isObj(document)) throw new SeedError(`a seed document is a JSON object {${keys.map((k) => `"${k}": [...]`).join(', ')}}`);
  for (const key of Object.keys(document)) {
    if (!keys.includes(key)) throw new SeedError(`unknown member '${key}' (a seed document has ${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]})`);
  }
  const read = all.map((section) => {
    const entries = list(document, section.key).map((e, i) => section.read(e, i, run));
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
      const id = section.identity(entry);
      if (seen.has(id)) throw new SeedError(`${section.key}[${i}]: the same entry as ${section.key}[${seen.get(id)}]`);
      seen.set(id, i);
    });
    return { section, entries };
  });
  await deps.db.transaction(async (tx) => {
    for (const { section, entries } of read) for (const entry of entries) await section.write(tx, entry, run);
  });
  return Object.fromEntries(read.map(({ section, entries }) => [section.key, entries.length]));
}

/** `start --seed FILE`: loads a seed document from a JSON file; errors name the file. */
export async function seedStoreFromFile(deps: Pick<ServiceDeps, 'db' | 'clock' | 'settings'>, file: string): Promise<SeedCounts> {
  const { readFile } = await import('node:fs/promises');
  let document: unknown;
  let text = '';
  try {
    text = await readFile(file, 'utf8');
    document = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`${file}: cannot read a JSON seed document (${(error as Error).message})`);
  }
  if (jsonHoldsLoneSurrogate(text, document)) throw new SeedError(`${file}: the document holds a string with an unpaired surrogate escape, which is not valid Unicode`);
  try {
    return await seedStore(deps, document);
  } catch (error) {
    if (error instanceof SeedError) throw new SeedError(`${file}: ${error.message}`);
    throw error;
  }
}
