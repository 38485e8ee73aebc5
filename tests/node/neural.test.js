// Neural models through the JS API and the CLI: stepwise training with
// progress, previews, early stop, model files, and bad settings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { namesText } from '../../scripts/corpora.js';
import { loadLmp } from '../../web/lib/lmp.js';
import { tempDir, withModel, writeTemp } from './helpers.js';

const lmp = await loadLmp();
const names = namesText();
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'lmp.js');
const uniformNats = (model) => Math.log(model.vocabSize - 1);

test('an LSTM trains in slices, reports progress and learns names', () => {
  const training = lmp.startTraining(names, { model: 'lstm', hidden: 32, steps: 120, evalEvery: 60, valSplit: 'interleaved', lr: 0.01 });
  const seen = [];
  while (!training.finished) seen.push(training.run({ maxSeconds: 0.05 }));
  assert.ok(seen.length >= 2, 'several slices');
  assert.ok(seen.every((p, i) => i === 0 || p.step >= seen[i - 1].step), 'steps only grow');
  const last = seen.at(-1);
  assert.equal(last.step, 120);
  assert.equal(last.stopped, '');
  assert.ok(last.valLoss > 0 && last.tokensPerS > 0);
  assert.equal(training.preview('', { count: 3, seed: 2 }).length, 3);
  withModel(training.finish(), (model) => {
    assert.match(model.report.model, /^lstm-1x32$/);
    assert.ok(model.report.val.nllPerToken < uniformNats(model) - 0.5, `val ${model.report.val.nllPerToken}`);
    for (const s of model.sample('', { count: 10, seed: 1 })) assert.match(s, /^[a-z-]*$/);
  });
});

test('stopping early keeps what was learned', () => {
  const training = lmp.startTraining(names, { model: 'gru', hidden: 16, steps: 100000, evalEvery: 0 });
  const progress = training.run({ maxSteps: 20 });
  assert.equal(progress.step, 20);
  assert.equal(progress.finished, false);
  withModel(training.finish(), (model) => {
    assert.equal(model.report.steps, 20);
    assert.ok(Number.isFinite(model.report.val.ppl));
  });
});

test('a neural model file round-trips and scores the same', () => {
  withModel(lmp.train(names, { model: 'mlp', hidden: 32, steps: 30, evalEvery: 0 }), (model) => {
    withModel(lmp.loadModel(model.save()), (loaded) => {
      assert.deepEqual(loaded.evaluate('anna\nbob\n'), model.evaluate('anna\nbob\n'));
      assert.deepEqual(loaded.nextTokens('an'), model.nextTokens('an'));
    });
  });
});

test('absurd neural settings are refused with a reason', () => {
  assert.throws(() => lmp.startTraining(names, { model: 'lstm', hidden: 0 }), /hidden size/);
  assert.throws(() => lmp.startTraining(names, { model: 'lstm', lr: 100 }), /lr|learning rate/);
  assert.throws(() => lmp.startTraining(names, { model: 'diffusion' }), /unknown model/);
  assert.throws(() => lmp.startTraining(names, { model: 'gru', layers: 2.5 }), /whole number/);
  assert.throws(() => lmp.startTraining('ab\n', { model: 'lstm', mode: 'stream', seqLen: 64, valFraction: 0 }), /too short/);
});

test('the CLI trains an MLP and reports the neural fields', () => {
  const dir = tempDir();
  const text = writeTemp(dir, 'names.txt', names);
  const out = join(dir, 'mlp.lmp');
  const result = spawnSync(process.execPath, [cli, 'train', '--text', text, '--model', 'mlp', '--context', '3',
    '--hidden', '64', '--steps', '200', '--lr', '0.01', '--val-split', 'interleaved', '--out', out], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.model, 'mlp-3x64');
  assert.equal(report.steps, 200);
  assert.ok(report.tokens_per_s > 0 && report.params > 1000);
  assert.ok(report.val_nll_per_token < Math.log(report.vocab_size - 1) - 0.5);
  assert.match(result.stderr, /step 200\/200/);
  const sample = spawnSync(process.execPath, [cli, 'sample', '--model', out, '--count', '3', '--seed', '4'], { encoding: 'utf8' });
  assert.equal(sample.status, 0, sample.stderr);
  assert.equal(sample.stdout.split('\n').length, 4);
});

test('a Transformer trains from the JS API, and the CLI takes its flags', () => {
  const training = lmp.startTraining(names, { model: 'transformer', embed: 32, heads: 4, layers: 2, seqLen: 16,
    steps: 150, evalEvery: 0, lr: 0.005, valSplit: 'interleaved' });
  while (!training.finished) training.run({ maxSeconds: 0.2 });
  withModel(training.finish(), (model) => {
    assert.equal(model.report.model, 'transformer-2x32');
    assert.ok(model.report.val.nllPerToken < uniformNats(model) - 0.5, `val ${model.report.val.nllPerToken}`);
    for (const s of model.sample('', { count: 5, seed: 3 })) assert.match(s, /^[a-z-]*$/);
    withModel(lmp.loadModel(model.save()), (loaded) => assert.deepEqual(loaded.nextTokens('ma'), model.nextTokens('ma')));
  });
  assert.throws(() => lmp.startTraining(names, { model: 'transformer', embed: 30, heads: 4 }), /multiple of the number of heads/);
  assert.throws(() => lmp.startTraining(names, { model: 'transformer', positions: 'rotary' }), /position encoding/);

  const dir = tempDir();
  const text = writeTemp(dir, 'names.txt', names);
  const result = spawnSync(process.execPath, [cli, 'train', '--text', text, '--model', 'transformer', '--layers', '1',
    '--heads', '2', '--d-model', '16', '--context', '12', '--pos', 'sinusoidal', '--no-causal-mask', '--steps', '40',
    '--eval-every', '0', '--val-split', 'interleaved'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.model, 'transformer-1x16');
  assert.equal(report.steps, 40);
  const misuse = spawnSync(process.execPath, [cli, 'train', '--text', text, '--model', 'lstm', '--no-causal-mask'], { encoding: 'utf8' });
  assert.equal(misuse.status, 3);
  assert.match(misuse.stderr, /for the transformer model only/);
});

test('a Transformer shows its attention: rows are distributions and the future gets none', () => {
  withModel(lmp.train(names, { model: 'transformer', embed: 16, heads: 2, layers: 2, seqLen: 8, steps: 30, evalEvery: 0 }), (model) => {
    const maps = model.attention('annabella');  // <bos> + 9 characters, a window of 8: the last 8
    assert.deepEqual(maps.tokens, ['a', 'n', 'n', 'a', 'b', 'e', 'l', 'l', 'a'].slice(1));
    assert.equal(maps.layers, 2);
    assert.equal(maps.heads, 2);
    const T = maps.tokens.length;
    assert.equal(maps.weights.length, 2 * 2 * T * T);
    for (let m = 0; m < 4; m++) {
      for (let q = 0; q < T; q++) {
        let total = 0;
        for (let k = 0; k < T; k++) {
          const w = maps.weights[(m * T + q) * T + k];
          if (k > q) assert.equal(w, 0, 'nothing from the future');
          total += w;
        }
        assert.ok(Math.abs(total - 1) < 1e-5, `row ${q} of map ${m} sums to ${total}`);
      }
    }
    assert.deepEqual(model.attention('').tokens, ['<bos>']);
  });
  withModel(lmp.train(names, { model: 'gru', hidden: 8, steps: 5, evalEvery: 0 }), (model) => {
    assert.throws(() => model.attention('ab'), /only a Transformer/);
  });
});
