// What one more generated token costs, through the JS API: the rows it
// returns, one context length at a time, and the options it refuses. Timings
// are compared only where no noise can close the gap: at n = 256, recomputing
// the whole context costs about 80 times the KV cache's single row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLmp } from '../../web/lib/lmp.js';

const lmp = await loadLmp();
const COSTS = ['kvUs', 'recomputeUs', 'lstmUs'];

test('a row per context length, n doubling from 16, each reported as it is timed', () => {
  const reported = [];
  const rows = lmp.measureGenerationCost({ maxContext: 256, tokens: 8, onPoint: (row) => reported.push(row) });
  assert.deepEqual(rows.map((row) => row.n), [16, 32, 64, 128, 256]);
  assert.deepEqual(reported, rows, 'onPoint sees every row, in order');
  for (const row of rows) {
    for (const key of COSTS) assert.ok(Number.isFinite(row[key]) && row[key] > 0, `${key} at n = ${row.n}: ${row[key]}`);
  }
  const last = rows.at(-1);
  assert.ok(last.recomputeUs > last.kvUs,
    `at n = 256 recomputing (${last.recomputeUs.toFixed(0)} µs a token) costs more than the KV cache (${last.kvUs.toFixed(0)} µs)`);
});

test('a longest context between two doublings stops at the one below it', () => {
  const rows = lmp.measureGenerationCost({ maxContext: 100, tokens: 1 });
  assert.deepEqual(rows.map((row) => row.n), [16, 32, 64]);
});

test('measured step by step: the contexts to come, one row per call, then finished', () => {
  const meter = lmp.startGenerationCost({ maxContext: 32, tokens: 2 });
  try {
    assert.deepEqual(meter.contexts, [16, 32]);
    assert.equal(meter.finished, false);
    assert.equal(meter.measureNext().n, 16);
    assert.deepEqual([...meter].map((row) => row.n), [32], 'iterating goes on from where it is');
    assert.equal(meter.finished, true);
    assert.deepEqual([...meter], []);
    assert.throws(() => meter.measureNext(), /every context length has been measured/);
  } finally {
    meter.dispose();
  }
  assert.throws(() => meter.measureNext(), /disposed/);
});

test('the defaults measure up to n = 256', () => {
  const meter = lmp.startGenerationCost();
  try {
    assert.deepEqual(meter.contexts, [16, 32, 64, 128, 256]);
  } finally {
    meter.dispose();
  }
});

test('options out of range are refused with the allowed range', () => {
  const cases = [
    [{ maxContext: 15 }, /the longest context must be between 16 and 512 \(got 15\)/],
    [{ maxContext: 0 }, /the longest context must be between 16 and 512/],
    [{ maxContext: 513 }, /the longest context must be between 16 and 512/],
    [{ maxContext: 2 ** 31 }, /maxContext is far too large/],
    [{ maxContext: 2 ** 32 + 256 }, /maxContext is far too large/],
    [{ maxContext: 64.5 }, /maxContext must be a whole number/],
    [{ maxContext: '256' }, /maxContext must be a whole number/],
    [{ tokens: 0 }, /the number of tokens timed must be between 1 and 64 \(got 0\)/],
    [{ tokens: -4 }, /the number of tokens timed must be between 1 and 64/],
    [{ tokens: 65 }, /the number of tokens timed must be between 1 and 64/],
    [{ tokens: 1e12 }, /tokens is far too large/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => lmp.measureGenerationCost(options), message, JSON.stringify(options));
    assert.throws(() => lmp.startGenerationCost(options), message, JSON.stringify(options));
  }
});
