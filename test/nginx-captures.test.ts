// readsCapture(), the quick test nginx/missing-capture runs on every value line, against
// captureRefs(), whose findings it stands for.
import { expect, test } from 'vitest';
import { captureRefs, readsCapture } from '../src/query/index.js';

test('readsCapture(v) is captureRefs(v).length > 0 on 20,000 generated values', () => {
  const alphabet = ['$', '$', '1', '9', '0', 'a', '{', '}', '/', ':'];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  let reading = 0;
  for (let k = 0; k < 20000; k++) {
    const length = next() % 9;
    let value = '';
    for (let i = 0; i < length; i++) value += alphabet[next() % alphabet.length];
    const expected = captureRefs(value).length > 0;
    if (expected) reading++;
    expect(readsCapture(value), JSON.stringify(value)).toBe(expected);
  }
  // Both answers were drawn often.
  expect(reading).toBeGreaterThan(2000);
  expect(reading).toBeLessThan(18000);
});

test('readsCapture: the usual values', () => {
  expect(readsCapture('/static/$1')).toBe(true);
  expect(readsCapture('$scheme://$host$request_uri')).toBe(false);
  expect(readsCapture('$0')).toBe(false);
  expect(readsCapture('x$')).toBe(false);
  expect(readsCapture('$$9')).toBe(true);
});
