// core/'s layering (scripts/check-layers.js): the real tree holds it, and a
// copy with one wrong include, a relative include or an include cycle does not.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLayers } from '../../scripts/check-layers.js';

const core = fileURLToPath(new URL('../../core', import.meta.url));

function withCopy(change) {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-layers-'));
  try {
    cpSync(core, dir, { recursive: true });
    change(dir);
    return checkLayers(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function addInclude(dir, file, include) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(/^#include /m, `#include ${include}\n#include `));
}

test('every file of core/ includes only its own layer and those below, without cycles', () => {
  assert.deepEqual(checkLayers(core), []);
});

test('an include of a layer above is reported with the file, the line and both layers', () => {
  const faults = withCopy((dir) => addInclude(dir, 'kernels/gemm_reference.cpp', '"app/generation_cost.h"'));
  assert.equal(faults.length, 1, faults.join('\n'));
  assert.match(faults[0], /^kernels\/gemm_reference\.cpp:\d+: kernels\/ includes "app\/generation_cost\.h" from app\/, a layer above it$/);
});

test('a tokenizer kind may not include another kind (peers on one layer)', () => {
  const faults = withCopy((dir) => addInclude(dir, 'tokenize/bpe/bpe_tokenizer.cpp', '"tokenize/word/word_split.h"'));
  assert.equal(faults.length, 1, faults.join('\n'));
  assert.match(faults[0], /a peer on the same layer/);
});

test('includes are paths from core/, not relative ones', () => {
  const faults = withCopy((dir) => addInclude(dir, 'nn/tape.cpp', '"../base/rng.h"'));
  assert.equal(faults.length, 1, faults.join('\n'));
  assert.match(faults[0], /include "\.\.\/base\/rng\.h" is not a path from core\//);
});

test('two units that include each other are a cycle, even on one layer', () => {
  const faults = withCopy((dir) => addInclude(dir, 'app/trained_model.cpp', '"app/training_session.h"'));
  assert.equal(faults.length, 1, faults.join('\n'));
  assert.match(faults[0], /^include cycle: .*app\/trained_model -> app\/training_session -> app\/trained_model/);
});

test('a source file outside every layer folder is reported', () => {
  const faults = withCopy((dir) => writeFileSync(join(dir, 'stray.cpp'), '#include "base/rng.h"\n'));
  assert.equal(faults.length, 1, faults.join('\n'));
  assert.match(faults[0], /^stray\.cpp: not in any layer folder/);
});
