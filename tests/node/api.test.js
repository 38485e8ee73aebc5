// The JS API over the wasm module, as the page's worker and the CLI use it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { namesText } from '../../scripts/corpora.js';
import { loadLmp } from '../../web/lib/lmp.js';
import { POEM, withModel } from './helpers.js';

const lmp = await loadLmp();
const names = namesText();
const namesAlphabet = new Set([...names.replace(/\n/g, '')]);

describe('training and evaluation', () => {
  test('a names trigram reports sane metrics and per-order statistics', () => {
    withModel(lmp.train(names, { order: 3, valSplit: 'interleaved' }), (model) => {
      const { report } = model;
      assert.equal(report.model, 'ngram-3-kn');
      assert.ok(report.hasVal);
      assert.ok(report.val.ppl > 5 && report.val.ppl < 15, `val perplexity ${report.val.ppl}`);
      assert.ok(Math.abs(report.val.ppl - Math.exp(report.val.nllPerToken)) < 1e-9);
      const stats = model.stats();
      assert.equal(stats.orders.length, 3);
      const total = stats.orders.reduce((sum, o) => sum + o.distinctNgrams, 0);
      assert.equal(total, report.params, 'params are the stored n-grams of every order');
      // Longer n-grams are sparser: more of them are new in val.
      const unseen = stats.orders.map((o) => o.valUnseenShare);
      assert.ok(unseen[0] <= unseen[1] && unseen[1] <= unseen[2], `unseen shares ${unseen}`);
      assert.ok(stats.memoryBytes > 0);
    });
  });

  test('plain MLE gives infinite perplexity when val has an unseen n-gram', () => {
    withModel(lmp.train('abab\nabab\n', { smoothing: 'none', order: 2, valText: 'abba\n' }), (model) => {
      assert.equal(model.report.val.ppl, Infinity);
      assert.ok(model.report.val.zeroProb >= 1);
    });
  });

  test('add-k and Kneser-Ney keep perplexity finite where MLE fails', () => {
    for (const smoothing of ['addk', 'kn']) {
      withModel(lmp.train('abab\nabab\n', { smoothing, order: 2, valText: 'abba\n' }), (model) => {
        assert.ok(Number.isFinite(model.report.val.ppl), smoothing);
      });
    }
  });

  test('evaluate counts unknown characters and agrees with the training report', () => {
    withModel(lmp.train('hello\nworld\n', { valFraction: 0 }), (model) => {
      assert.equal(model.report.hasVal, false);
      assert.equal(model.report.val, null, 'no validation text: no score, not a perfect one');
      const result = model.evaluate('hex\n');
      assert.equal(result.unk, 1);
      assert.equal(result.tokens, 4, 'three characters and the end of the line');
      assert.equal(result.chars, 4);
    });
  });

  test('Chinese text trains, samples and round-trips', () => {
    withModel(lmp.train(POEM, { valFraction: 0 }), (model) => {
      for (const sample of model.sample('床', { count: 5, seed: 3 })) {
        assert.match(sample, /^床[\u4e00-\u9fff]*$/u);
      }
      const tokens = model.nextTokens('床前明').map((t) => t.token);
      assert.equal(tokens[0], '月');
    });
  });
});

describe('sampling', () => {
  const model = lmp.train(names, { order: 3, valSplit: 'interleaved' });

  test('the same seed gives the same samples; another seed differs', () => {
    const a = model.sample('', { count: 20, seed: 42, temperature: 0.9 });
    const b = model.sample('', { count: 20, seed: 42, temperature: 0.9 });
    const c = model.sample('', { count: 20, seed: 43, temperature: 0.9 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    for (const s of a) for (const ch of s) assert.ok(namesAlphabet.has(ch), `unexpected '${ch}' in ${s}`);
  });

  test('greedy, temperature 0 and top-k 1 choose the same tokens', () => {
    const greedy = model.sample('ma', { greedy: true, count: 3, seed: 1 });
    assert.deepEqual(model.sample('ma', { temperature: 0, count: 3, seed: 9 }), greedy);
    assert.deepEqual(model.sample('ma', { topK: 1, count: 3, seed: 5 }), greedy);
    assert.equal(new Set(greedy).size, 1, 'greedy decoding is deterministic');
  });

  test('nextTokens: top-k 0 and top-p 1 leave the distribution as it is', () => {
    const next = model.nextTokens('an', {});
    const sum = next.reduce((s, t) => s + t.prob, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `sum ${sum}`);
    for (const t of next) {
      assert.equal(t.removedBy, null);
      assert.ok(Math.abs(t.prob - t.base) < 1e-12);
    }
  });

  test('nextTokens marks what top-k and top-p removed and renormalizes the rest', () => {
    const next = model.nextTokens('an', { topK: 5, topP: 0.6 });
    const kept = next.filter((t) => t.removedBy === null);
    assert.ok(kept.length >= 1 && kept.length <= 5);
    assert.ok(next.slice(5).every((t) => t.removedBy === 'top-k'));
    const keptMass = kept.reduce((s, t) => s + t.tempered, 0);
    for (const t of kept) assert.ok(Math.abs(t.prob - t.tempered / keptMass) < 1e-12);
    // Top-p applies to the renormalized top-k survivors; the nucleus is the
    // smallest prefix reaching p: without its last token it falls short.
    const topKMass = next.slice(0, 5).reduce((s, t) => s + t.tempered, 0);
    assert.ok(keptMass / topKMass >= 0.6 && (keptMass - kept.at(-1).tempered) / topKMass < 0.6);
  });

  test('temperature sharpens below 1 and flattens above 1', () => {
    const cold = model.nextTokens('an', { temperature: 0.5 });
    const hot = model.nextTokens('an', { temperature: 2 });
    assert.ok(cold[0].tempered > cold[0].base);
    assert.ok(hot[0].tempered < hot[0].base);
  });

  test('greedy marks every other possible token as cut by greedy', () => {
    const next = model.nextTokens('an', { greedy: true });
    assert.equal(next[0].prob, 1);
    assert.ok(next.slice(1).every((t) => t.removedBy === 'greedy' && t.prob === 0));
  });

  test('<unk> is never offered or sampled, even when add-k gives it much mass', () => {
    withModel(lmp.train('ab\nba\n', { smoothing: 'addk', k: 100, valFraction: 0 }), (small) => {
      assert.ok(small.nextTokens('a').every((t) => t.token !== '<unk>'));
      for (const s of small.sample('', { count: 50, seed: 4, maxTokens: 20 })) assert.doesNotMatch(s, /\uFFFD/);
    });
  });

  test('whole-number options are not silently truncated', () => {
    assert.throws(() => lmp.train('abc\n', { order: 3.5, valFraction: 0 }), /order must be a whole number/);
    assert.throws(() => model.sample('', { count: 1.5 }), /count must be a whole number/);
    assert.throws(() => model.nextTokens('', { topK: 2.2 }), /topK must be a whole number/);
    // 2^32 + 3 would reach the core as 3, 2^31 as a negative number.
    assert.throws(() => lmp.train('abc\n', { order: 2 ** 32 + 3, valFraction: 0 }), /order must be a whole number from 1 to 8/);
    assert.throws(() => model.sample('', { maxTokens: 2 ** 31 }), /maxTokens must be a whole number from 1 to 100000/);
    assert.throws(() => model.sample('', { seed: 2 ** 32 }), /sampleSeed must be a whole number from 0 to 4294967295/);
    assert.equal(model.sample('', { seed: 2 ** 32 - 1 }).length, 1, 'the largest seed is fine');
  });

  test('a prompt with unseen characters samples without error', () => {
    const [sample] = model.sample('Zö中', { seed: 2 });
    assert.ok(sample.startsWith('Zö中'));
  });

  test('absurd sampling settings are refused with a reason', () => {
    assert.throws(() => model.sample('', { temperature: -1 }), /temperature/);
    assert.throws(() => model.sample('', { topP: 0 }), /top-p/);
    assert.throws(() => model.sample('', { maxTokens: 0 }), /length/);
  });

  after(() => model.dispose());
});

describe('model files', () => {
  test('save and load keep the report and the distribution', () => {
    withModel(lmp.train(names, { order: 4 }), (model) => {
      const bytes = model.save();
      withModel(lmp.loadModel(bytes), (loaded) => {
        assert.deepEqual(loaded.report, model.report);
        assert.deepEqual(loaded.nextTokens('jo'), model.nextTokens('jo'));
        assert.deepEqual(loaded.sample('', { count: 5, seed: 8 }), model.sample('', { count: 5, seed: 8 }));
      });
    });
  });

  test('truncated, damaged or foreign files give a clear error', () => {
    withModel(lmp.train('abc\nabd\n', { valFraction: 0 }), (model) => {
      const bytes = model.save();
      assert.throws(() => lmp.loadModel(bytes.slice(0, bytes.length - 3)), /truncated/);
      const damaged = bytes.slice();
      damaged[damaged.length - 5] ^= 0x40;
      assert.throws(() => lmp.loadModel(damaged), /damaged/);
      assert.throws(() => lmp.loadModel(new TextEncoder().encode('hello world')), /not an LM Playground model/);
      assert.throws(() => lmp.loadModel(new Uint8Array(0)), /not an LM Playground model/);
    });
  });
});

describe('bad input', () => {
  const cases = [
    ['invalid UTF-8', new Uint8Array([0x61, 0x62, 0xc3, 0x28, 0x0a]), /not valid UTF-8.*offset 2/],
    ['a binary file', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]), /binary/],
    ['an empty text', '', /empty/],
    ['only blank lines', '\n\n  \n'.replace(/ /g, ''), /empty/],
    ['a text over the memory limit', new Uint8Array(5 << 20), /limit/, { memoryLimitMb: 16 }],
    ['order 0', 'abc\n', /order/, { order: 0 }],
    ['order 9', 'abc\n', /order/, { order: 9 }],
    ['k = 0 for add-k', 'abc\n', /k must be a number above 0/, { smoothing: 'addk', k: 0 }],
    ['k = -1 on a one-line text (options are checked first)', 'abc', /k must be a number above 0/, { smoothing: 'addk', k: -1, valFraction: 0.1 }],
    ['an unknown smoothing', 'abc\n', /smoothing/, { smoothing: 'good-turing' }],
    ['a validation fraction of 1', 'abc\n', /fraction/, { valFraction: 1 }],
  ];
  for (const [name, text, message, options = {}] of cases) {
    test(`${name} is refused with a reason`, () => {
      assert.throws(() => lmp.train(text, { valFraction: 0, ...options }), message);
    });
  }

  test('the module stays usable after errors', () => {
    assert.throws(() => lmp.train(new Uint8Array([0xff])));
    withModel(lmp.train('abc\n', { valFraction: 0 }), (model) => assert.equal(model.sample('a', { greedy: true })[0], 'abc'));
  });

  test('a model that outgrows its memory limit is refused, not aborted', () => {
    // 200,000 pseudo-random CJK characters: nearly every 8-gram is new.
    let text = '';
    let state = 2463534242;
    for (let i = 0; i < 200000; i++) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
      text += String.fromCharCode(0x4e00 + (state % 2000));
      if (i % 80 === 79) text += '\n';
    }
    assert.throws(() => lmp.train(text, { order: 8, memoryLimitMb: 16, valFraction: 0 }), /memory limit/);
  });
});
