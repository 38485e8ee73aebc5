// model.context(prompt): what each model reads for its next prediction, as
// the page's next-token panel shows it, and the distribution after a prompt
// that stops inside a word (healed, as sampling draws it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { namesText } from '../../scripts/corpora.js';
import { loadLmp } from '../../web/lib/lmp.js';
import { withModel } from './helpers.js';

const lmp = await loadLmp();
const names = namesText();
const pieces = (context) => context.tokens.map((t) => t.piece);

describe('model.context', () => {
  test('a character trigram reads the last two characters, the line start while it fits', () => {
    withModel(lmp.train(names, { order: 3, valFraction: 0 }), (model) => {
      const context = model.context('emma');
      assert.deepEqual(pieces(context), ['m', 'a']);
      assert.equal(context.fromLineStart, false);
      assert.equal(context.healedPrefix, '', 'characters are never healed');
      assert.deepEqual(pieces(model.context('e')), ['e']);
      assert.equal(model.context('e').fromLineStart, true);
      assert.deepEqual(pieces(model.context('anna\nem')), ['e', 'm'], 'only the last line');
      assert.ok(model.context('em').tokens.every((t) => Number.isInteger(t.id) && t.id >= 3), 'ids of real pieces');
    });
  });

  test('an MLP reads its window, a GRU the whole line', () => {
    withModel(lmp.train(names, { model: 'mlp', context: 4, steps: 2, valFraction: 0 }), (model) => {
      assert.deepEqual(pieces(model.context('isabella')), ['e', 'l', 'l', 'a']);
    });
    withModel(lmp.train(names, { model: 'gru', hidden: 8, steps: 2, valFraction: 0 }), (model) => {
      const context = model.context('isabella');
      assert.equal(context.tokens.length, 8);
      assert.equal(context.fromLineStart, true);
    });
  });

  test('a BPE model heals a prompt that stops inside a word: the piece is given back', () => {
    withModel(lmp.train(names, { tokenizer: 'bpe', vocabSize: 512, order: 3, valFraction: 0 }), (model) => {
      const whole = model.tokenize('mar').tokens.filter((t) => t.piece !== '<eol>');
      const context = model.context('mar');
      assert.equal(context.healedPrefix, whole.at(-1).piece, 'the last piece of the prompt is taken back');
      assert.equal(context.tokens.length, whole.length - 1);
      const next = model.nextTokens('mar');
      assert.ok(next.length > 1);
      assert.ok(next.every((t) => t.token.startsWith(context.healedPrefix)), `every next piece starts with "${context.healedPrefix}"`);
      const total = next.reduce((sum, t) => sum + t.base, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, `renormalized (${total})`);
      for (const sample of model.sample('mar', { count: 10, seed: 3 })) assert.ok(sample.startsWith('mar'), sample);
    });
  });
});
