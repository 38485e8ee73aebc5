// The shipped models (models/*.lmp, models/manifest.json): each file is the
// one the manifest names (size, sha256), loads, scores its split's held-out
// text as the manifest says, and samples; and scripts/train-models.js, run
// briefly, writes files that load.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SPLITS } from '../../scripts/train-models.js';
import { loadLmp } from '../../web/lib/lmp.js';
import { tempDir, withModel } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const modelsDir = join(root, 'models');
const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8'));
const lmp = await loadLmp();
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const splits = {};
const valOf = (corpus) => (splits[corpus] ??= SPLITS[corpus].split()).val;
const HAN = /\p{Script=Han}/u;

describe('the shipped models', () => {
  test('the manifest lists the models the project promises', () => {
    const names = manifest.models.map((m) => m.name);
    for (const name of ['names-kn3', 'names-mlp', 'names-lstm', 'names-transformer', 'moby-kn5', 'tang-transformer']) {
      assert.ok(names.includes(name), `${name} in the manifest`);
    }
    assert.ok(manifest.models.some((m) => m.corpus === 'moby' && m.model === 'transformer' && ['bpe', 'unigram'].includes(m.tokenizer)));
    const total = manifest.models.reduce((sum, m) => sum + m.bytes, 0);
    assert.ok(total < 10 * 2 ** 20, `${total} bytes in all`);
  });

  for (const entry of manifest.models) {
    test(`${entry.name}: the file, its val figure and a sample`, () => {
      const bytes = readFileSync(join(modelsDir, entry.file));
      assert.equal(entry.budget, null, 'trained to its steps, not to a time budget');
      assert.equal(bytes.length, entry.bytes);
      assert.equal(sha256(bytes), entry.sha256);
      withModel(lmp.loadModel(bytes), (model) => {
        assert.equal(model.options.model, entry.model);
        assert.equal(model.options.tokenizer, entry.tokenizer);
        const { bpc } = model.evaluate(valOf(entry.corpus));
        assert.ok(Math.abs(bpc - entry.valBpc) <= 1e-6 * entry.valBpc, `val ${bpc} bpc, the manifest says ${entry.valBpc}`);
        if (entry.model !== 'ngram') {
          const ngram = manifest.models.find((m) => m.corpus === entry.corpus && m.model === 'ngram');
          assert.equal(entry.againstNgram.name, ngram.name);
          assert.equal(entry.againstNgram.valBpc, ngram.valBpc);
        }
        const [text] = model.sample('', { maxTokens: 40, sampleSeed: 3 });
        assert.ok(text.length > 0, `${entry.name} samples something`);
        if (entry.corpus === 'tang') assert.match(text, HAN, `a Tang poem in Chinese characters: ${text}`);
      });
    });
  }
});

test('train-models --only --budget trains into a folder, and the files load', () => {
  const out = tempDir();
  const only = ['names-kn3', 'names-transformer'];
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'train-models.js'), '--only', only.join(','), '--budget', '2', '--out', out],
    { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const written = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.ok(written.models.every((m) => m.budget === (m.model === 'ngram' ? null : 2)));
  assert.deepEqual(written.models.map((m) => m.name), only);
  assert.equal(written.models[1].againstNgram.name, 'names-kn3');
  for (const entry of written.models) {
    const bytes = readFileSync(join(out, entry.file));
    assert.equal(sha256(bytes), entry.sha256);
    withModel(lmp.loadModel(bytes), (model) => {
      assert.ok(Math.abs(model.evaluate(valOf(entry.corpus)).bpc - entry.valBpc) <= 1e-6 * entry.valBpc);
    });
  }
});
