import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadCache } from '../../src/service/read-cache.js';

test('a kept answer is served only for the version it was read under', () => {
  const cache = new ReadCache<string>((v) => v.length, 100);
  cache.set('k', '1', 'answer');
  assert.equal(cache.get('k', '1'), 'answer');
  assert.equal(cache.get('k', '2'), undefined);
  // A stale entry is dropped, not kept for later.
  assert.equal(cache.get('k', '1'), undefined);
  assert.equal(cache.heldBytes, 0);
});

test('the byte budget evicts the least recently used answers first', () => {
  const cache = new ReadCache<string>((v) => v.length, 10);
  cache.set('a', '1', 'xxxx');
  cache.set('b', '1', 'yyyy');
  assert.equal(cache.get('a', '1'), 'xxxx'); // a is now the most recent
  cache.set('c', '1', 'zzzz'); // 12 bytes > 10: b (least recent) goes
  assert.equal(cache.get('b', '1'), undefined);
  assert.equal(cache.get('a', '1'), 'xxxx');
  assert.equal(cache.get('c', '1'), 'zzzz');
  assert.ok(cache.heldBytes <= 10);
});

test('an answer larger than the whole budget is not kept', () => {
  const cache = new ReadCache<string>((v) => v.length, 3);
  cache.set('big', '1', 'xxxxxx');
  assert.equal(cache.get('big', '1'), undefined);
  assert.equal(cache.heldBytes, 0);
});

test('with admission on the second offer, an answer offered once is not kept', () => {
  const cache = new ReadCache<string>((v) => v.length, 100, true);
  cache.set('k', '1', 'answer');
  assert.equal(cache.get('k', '1'), undefined);
  assert.equal(cache.heldBytes, 0);
  cache.set('k', '1', 'answer');
  assert.equal(cache.get('k', '1'), 'answer');
  // Kept once: a newer answer for the key replaces it at once.
  cache.set('k', '2', 'newer');
  assert.equal(cache.get('k', '2'), 'newer');
});
