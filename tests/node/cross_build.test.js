// The same seed must give the same samples in the native and the wasm build.
// Both GoogleTest runs write what they sampled (and the probabilities, to 17
// digits) to test-output/; this compares the two files line by line.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const outputDir = process.env.LMP_TEST_OUTPUT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output');
const native = join(outputDir, 'cross-build-samples-native.txt');
const wasm = join(outputDir, 'cross-build-samples-wasm.txt');
// Under the full test run both GoogleTest layers have just written their files.
const mustExist = process.env.LMP_TEST_OUTPUT !== undefined;

test('native and wasm builds sample the same text from the same seed', { skip: !mustExist && !(existsSync(native) && existsSync(wasm)) && 'run the GoogleTest layers first' }, () => {
  assert.ok(existsSync(native), `${native} is missing: did the native GoogleTest run?`);
  assert.ok(existsSync(wasm), `${wasm} is missing: did the wasm GoogleTest run?`);
  const a = readFileSync(native, 'utf8').split('\n');
  const b = readFileSync(wasm, 'utf8').split('\n');
  assert.ok(a.length > 5, 'the fingerprint has content');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    assert.equal(b[i], a[i], `line ${i + 1} differs between native and wasm`);
  }
});
