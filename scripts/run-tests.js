#!/usr/bin/env node
// Runs every test layer in order and prints one summary:
//   1. GoogleTest, native        2. the same GoogleTest suite in wasm under node
//   3. node:test, JS API and CLI 4. node:test + playwright-core, the page in Chromium
// Each layer runs even if an earlier one failed, so one run shows everything.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = join(root, 'test-output');
mkdirSync(outputDir, { recursive: true });
const env = { ...process.env, LMP_TEST_OUTPUT: outputDir };

const nodeTests = (dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.test.js')).map((f) => join(dir, f));

const layers = [
  { name: 'GoogleTest (native)', command: join(root, 'build/native/lmp_tests'), args: [], kind: 'gtest' },
  { name: 'GoogleTest (wasm under node)', command: process.execPath, args: ['--no-experimental-fetch', join(root, 'build/wasm/lmp_tests.js')], kind: 'gtest' },
  { name: 'JS API and CLI (node:test)', command: process.execPath, args: ['--test', ...nodeTests('tests/node')], kind: 'node' },
  { name: 'page in Chromium (node:test + playwright)', command: process.execPath, args: ['--test', ...nodeTests('tests/e2e')], kind: 'node' },
];

function counts(kind, output) {
  if (kind === 'gtest') {
    const passed = Number(/\[ {2}PASSED {2}\] (\d+) test/.exec(output)?.[1] ?? 0);
    const failed = Number(/\[ {2}FAILED {2}\] (\d+) test/.exec(output)?.[1] ?? 0);
    // A skip says why in the log (e.g. a kernel that is its own reference in this build).
    const skipped = Number(/\[ {2}SKIPPED \] (\d+) test/.exec(output)?.[1] ?? 0);
    return { passed, failed, skipped };
  }
  return {
    passed: Number(/^# pass (\d+)/m.exec(output)?.[1] ?? 0),
    failed: Number(/^# fail (\d+)/m.exec(output)?.[1] ?? 0),
    skipped: Number(/^# skipped (\d+)/m.exec(output)?.[1] ?? 0),
  };
}

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
for (const layer of layers) {
  console.log(`\n=== ${layer.name} ===`);
  const result = spawnSync(layer.command, layer.args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  const c = counts(layer.kind, result.stdout ?? '');
  // A layer that exits non-zero without naming a failed test still counts as one failure.
  if (result.status !== 0 && c.failed === 0) c.failed = 1;
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  const skips = c.skipped ? `, ${c.skipped} skipped` : '';
  summary.push(`${result.status === 0 ? 'ok  ' : 'FAIL'} ${layer.name}: ${c.passed} passed${skips}, ${c.failed} failed`);
}
console.log('\n' + summary.join('\n'));
console.log(`tests: ${passed} passed${skipped ? `, ${skipped} skipped` : ''}, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
