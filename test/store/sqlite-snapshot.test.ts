// SQLite's per-turn snapshot values (SqliteDb.snapshotValue): the clock offset and the data
// version are read once per read transaction, which a turn's reads share; a commit by another
// connection is seen from the next turn on, this connection's own writes at once. The values kept
// answer what the snapshot would: this test holds the answers to that (the reads saved are the
// bench's to show).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { readDataVersion } from '../../src/store/data-version.js';
import { clockOffset, emulatedNow, setMeta } from '../../src/store/meta-repo.js';
import { openStore } from '../../src/store/open-store.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('the clock offset and the data version keep to the turn\'s snapshot: another connection seen from the next turn, our own writes at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asl-snapshot-'));
  const store = await openStore({ inMemory: false, dataDir: dir });
  const other = new Database(store.location);
  try {
    const db = store.db;
    await setMeta(db, 'clock_offset_ms', '1000');
    await nextTurn();
    assert.equal(await clockOffset(db), 1000);
    const version = await readDataVersion(db);
    // Another process moves the clock and writes: this turn keeps its snapshot.
    other.prepare(`UPDATE meta SET value = '7000' WHERE key = 'clock_offset_ms'`).run();
    other.prepare(`UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'`).run();
    assert.equal(await clockOffset(db), 1000);
    assert.equal(await emulatedNow(db, { wallMs: 5 }), 1005);
    assert.equal(await readDataVersion(db), version);
    await nextTurn();
    assert.equal(await clockOffset(db), 7000);
    assert.equal(await emulatedNow(db, { wallMs: 5 }), 7005);
    assert.equal(await readDataVersion(db), String(Number(version) + 1));
    // This connection's write ends the turn's snapshot: seen at once.
    await setMeta(db, 'clock_offset_ms', '9000');
    assert.equal(await clockOffset(db), 9000);
    // In a transaction, its own uncommitted value.
    await db.transaction(async (tx) => {
      await setMeta(tx, 'clock_offset_ms', '11000');
      assert.equal(await clockOffset(tx), 11000);
    });
    assert.equal(await clockOffset(db), 11000);
    // No offset stored: 0.
    await db.run(`DELETE FROM meta WHERE key = 'clock_offset_ms'`);
    assert.equal(await clockOffset(db), 0);
  } finally {
    other.close();
    await store.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
