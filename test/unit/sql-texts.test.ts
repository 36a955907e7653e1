// SqlTexts (src/store/sql-db.ts, on core/kept.ts): a page's statement text is built once per
// shape and then handed back as the same kept string, so that the stores' statement caches hash
// it once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqlTexts } from '../../src/store/sql-db.js';

test('a text is built once per key, and the cache starts again when full', () => {
  const texts = new SqlTexts(2);
  let builds = 0;
  const build = (text: string) => () => {
    builds++;
    return text;
  };
  assert.equal(texts.get('a', build('SELECT 1')), 'SELECT 1');
  assert.equal(texts.get('a', build('SELECT other')), 'SELECT 1');
  assert.equal(builds, 1);
  assert.equal(texts.get('b', build('SELECT 2')), 'SELECT 2');
  assert.equal(builds, 2);
  // Full (2 texts): the third key clears it, so 'a' is built again.
  assert.equal(texts.get('c', build('SELECT 3')), 'SELECT 3');
  assert.equal(texts.get('a', build('SELECT 1 again')), 'SELECT 1 again');
  assert.equal(builds, 4);
});
