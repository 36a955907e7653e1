import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadCache } from '../../src/service/read-cache.js';
import { fingerprint, RecentKeys } from '../../src/service/recent-keys.js';

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

test('an answer is kept only when offered again within as many offers as the budget holds answers of its size', () => {
  // 10-byte answers, a 100-byte budget: a second offer counts within 10 offers.
  const cache = new ReadCache<string>((v) => v.length, 100, true);
  const answer = 'ten bytes!';
  cache.set('soon', '1', answer);
  for (let i = 0; i < 5; i++) cache.set(`other-${i}`, '1', answer);
  cache.set('soon', '1', answer);
  assert.equal(cache.get('soon', '1'), answer);
  // A second walk: every key comes back after more offers than the budget holds.
  const walk = Array.from({ length: 30 }, (_, i) => `page-${i}`);
  for (const key of walk) cache.set(key, '1', answer);
  for (const key of walk) cache.set(key, '1', answer);
  for (const key of walk) assert.equal(cache.get(key, '1'), undefined, key);
  // The same key offered twice in a row (a repeated request) is kept.
  cache.set('page-3', '1', answer);
  assert.equal(cache.get('page-3', '1'), undefined);
  cache.set('page-3', '1', answer);
  assert.equal(cache.get('page-3', '1'), answer);
});

test('recent keys answer how many sightings ago a key was last seen', () => {
  const recent = new RecentKeys(64);
  const a = fingerprint('a');
  const b = fingerprint('b');
  assert.notEqual(a, b);
  assert.equal(recent.sight(a), Infinity);
  assert.equal(recent.sight(b), Infinity);
  assert.equal(recent.sight(a), 2);
  assert.equal(recent.sight(a), 1);
  // A fingerprint continued from a seed is the fingerprint of the whole text.
  assert.equal(fingerprint('bc', fingerprint('a')), fingerprint('abc'));
  assert.throws(() => new RecentKeys(100), /power of two/);
});
