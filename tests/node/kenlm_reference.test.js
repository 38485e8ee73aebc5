// Our interpolated modified Kneser-Ney against KenLM's lmplz on the same
// splits and protocol (figures measured with KenLM, character level: every
// character a token, the end of each non-empty line predicted, the start
// context only). The splits are rebuilt here from the npm data packages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mobySplit, namesSplit } from '../../scripts/corpora.js';
import { loadLmp } from '../../web/lib/lmp.js';

const KENLM = [
  { corpus: 'moby', order: 3, valTokens: 112862, ppl: 7.5468 },
  { corpus: 'moby', order: 5, valTokens: 112862, ppl: 4.6086 },
  { corpus: 'names', order: 3, valTokens: 5937, ppl: 8.8050 },
  { corpus: 'names', order: 5, valTokens: 5937, ppl: 6.8585 },
];
const RELATIVE_TOLERANCE = 0.01;

const lmp = await loadLmp();
const splits = { moby: mobySplit(), names: namesSplit() };
const countLines = (text) => text.split('\n').length - 1;
assert.equal(countLines(splits.names.train) + countLines(splits.names.val), 8422, 'the deduplicated names list');

for (const reference of KENLM) {
  test(`kn order ${reference.order} on ${reference.corpus} is within 1% of KenLM's perplexity`, () => {
    const { train, val } = splits[reference.corpus];
    const model = lmp.train(train, { order: reference.order, smoothing: 'kn', valText: val });
    try {
      const { val: result } = model.report;
      assert.equal(result.tokens, reference.valTokens, 'val tokens: characters plus one end token per line');
      const relative = Math.abs(result.ppl - reference.ppl) / reference.ppl;
      assert.ok(relative < RELATIVE_TOLERANCE,
        `perplexity ${result.ppl.toFixed(4)} vs KenLM ${reference.ppl} (${(100 * relative).toFixed(3)}% off)`);
      assert.ok(Math.abs(result.bpc - Math.log2(result.ppl)) < 1e-9, 'bits per character = log2 perplexity for characters');
    } finally {
      model.dispose();
    }
  });
}
