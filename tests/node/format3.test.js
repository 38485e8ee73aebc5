// Model files written in format 3, before the option table (tests/fixtures/format3),
// still load: their options read back as the commands that wrote them gave
// them, they score their held-out text as they did when they were written, and
// they sample. Saved again, they are format 4 and hold the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadLmp } from '../../web/lib/lmp.js';
import { withModel } from './helpers.js';

const lmp = await loadLmp();
const fixture = (name) => readFileSync(new URL(`../fixtures/format3/${name}`, import.meta.url));
const text = fixture('names.txt');

// The options each file's command gave (README.md of the fixtures), and the
// Transformer's window, which format 3 kept as its sequence length.
const FILES = {
  'ngram-char.lmp': { model: 'ngram', tokenizer: 'char', order: 3, smoothing: 'kn', valSplit: 'interleaved' },
  'lstm-char.lmp': { model: 'lstm', tokenizer: 'char', hidden: 32, embed: 16, steps: 400, lr: 0.01, seed: 5,
    valSplit: 'interleaved' },
  'transformer-bpe.lmp': { model: 'transformer', tokenizer: 'bpe', vocabSize: 80, layers: 1, heads: 2, embed: 16,
    context: 12, steps: 400, lr: 0.01, seed: 3, valSplit: 'interleaved' },
  'mlp-word.lmp': { model: 'mlp', tokenizer: 'word', vocabSize: 300, context: 2, hidden: 16, embed: 8, steps: 300,
    valSplit: 'interleaved' },
};

for (const [name, given] of Object.entries(FILES)) {
  test(`${name} (format 3) loads with its options, scores as it did and samples`, () => {
    withModel(lmp.loadModel(fixture(name)), (model) => {
      for (const [key, value] of Object.entries(given)) assert.equal(model.options[key], value, key);
      const { val } = lmp.splitText(text, { valFraction: model.options.valFraction, valSplit: model.options.valSplit });
      // Scored token by token, a neural model leaves <bos> (never predicted) out of its softmax, which
      // training's evaluation keeps in: trained models put almost nothing there, so the two agree closely.
      const bpc = model.evaluate(val).bpc;
      assert.ok(Math.abs(bpc - model.report.val.bpc) <= 0.005 * model.report.val.bpc,
        `the held-out text scores ${bpc}, as when the file was written (${model.report.val.bpc})`);
      const samples = model.sample('', { count: 3, seed: 2, maxTokens: 20 });
      assert.equal(samples.length, 3);
      for (const sample of samples) assert.match(sample, /^[a-z\- ]*(<unk>)?[a-z\- ]*$/, 'names, or an unknown word');
      withModel(lmp.loadModel(model.save()), (again) => {
        assert.deepEqual(again.options, model.options);
        assert.deepEqual(again.sample('', { count: 3, seed: 2, maxTokens: 20 }), samples);
        assert.equal(new DataView(model.save().buffer).getUint32(4, true), 4, 'saved again in format 4');
      });
    });
  });
}
