// Tokenizers through the JS API and the CLI: every kind trains, cuts text into
// pieces that spell it back, reports its figures, and works with any model;
// bits per character stay comparable across tokenizers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mobySplit, namesSplit } from '../../scripts/corpora.js';
import { loadLmp } from '../../web/lib/lmp.js';
import { POEM, tempDir, withModel, writeTemp } from './helpers.js';

const lmp = await loadLmp();
const names = namesSplit();
const moby = mobySplit();
const mobyTrain = moby.train.slice(0, 200_000);
const MIXED = 'the whale, 鲸鱼 🐋\n  two  spaces\tand a tab \nnaïve café\n';
const SUBWORD_KINDS = ['word', 'bpe'];

// The pieces of each line, <eol> entries as line ends.
function linesOf(tokenization) {
  const lines = [[]];
  for (const token of tokenization.tokens) {
    if (token.piece === '<eol>') lines.push([]);
    else lines.at(-1).push(token.piece);
  }
  lines.pop();
  return lines;
}

const withTokenizer = (tokenizer, fn) => {
  try {
    return fn(tokenizer);
  } finally {
    tokenizer.dispose();
  }
};

describe('lmp.trainTokenizer', () => {
  for (const kind of ['char', ...SUBWORD_KINDS]) {
    test(`${kind}: pieces trained on a text spell that text back, line by line`, () => {
      withTokenizer(lmp.trainTokenizer(MIXED + POEM, { tokenizer: kind, vocabSize: kind === 'char' ? 0 : 300 }), (tok) => {
        assert.equal(tok.kind, kind);
        const result = tok.tokenize(MIXED + POEM);
        const expected = (MIXED + POEM).split('\n').slice(0, -1);
        assert.equal(result.lineStartSpace, kind === 'bpe', 'BPE reads each line with a space before it');
        const spelled = expected.map((line) => (result.lineStartSpace && line ? ' ' : '') + line);
        assert.deepEqual(linesOf(result).map((pieces) => pieces.join('')), spelled);
        assert.equal(result.chars, [...expected.join('')].length);
        assert.equal(result.pieces, result.tokens.length - expected.length);
        assert.equal(result.tokensPerChar, result.pieces / result.chars);
        assert.equal(result.unk, 0);
        for (const t of result.tokens) assert.ok(t.id >= 0 && t.id < tok.vocabSize, `id ${t.id}`);
      });
    });
  }

  test('bpe: characters it never saw come out as byte pieces, in UTF-8 order', () => {
    withTokenizer(lmp.trainTokenizer(names.train, { tokenizer: 'bpe', vocabSize: 200 }), (tok) => {
      const pieces = linesOf(tok.tokenize('鲸\n'))[0];
      const bytes = [...new TextEncoder().encode('鲸')].map((b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      assert.deepEqual(pieces, [' ', ...bytes], 'the line-start space, then the bytes');
      assert.equal(tok.vocabSize, 200 + 256, 'byte pieces come on top of the requested size');
    });
  });

  test('word: unseen words are <unk>, and the OOV rate counts them', () => {
    withTokenizer(lmp.trainTokenizer('the cat sat\nthe dog sat\n', { tokenizer: 'word' }), (tok) => {
      const result = tok.tokenize('the cow sat\n');
      assert.deepEqual(linesOf(result)[0], ['the', '<unk>', ' sat']);
      assert.equal(result.oovRate, 1 / 3);
    });
  });

  test('subword vocabularies compress: fewer tokens per character as the vocabulary grows', () => {
    const rates = [300, 1000, 3000].map((vocabSize) =>
      withTokenizer(lmp.trainTokenizer(mobyTrain, { tokenizer: 'bpe', vocabSize }), (tok) => tok.tokenize(moby.val).tokensPerChar));
    assert.ok(rates[0] < 0.75 && rates[1] < rates[0] && rates[2] < rates[1], rates.join(' '));
  });

  test('bad options and bad text give messages', () => {
    assert.throws(() => lmp.trainTokenizer('abc\n', { tokenizer: 'wordpiece' }), /unknown tokenizer 'wordpiece'.*bpe/);
    assert.throws(() => lmp.trainTokenizer('abc\n', { tokenizer: 'bpe', vocabSize: 2 }), /vocabulary size/);
    assert.throws(() => lmp.trainTokenizer('abc\n', { tokenizer: 'bpe', lowercase: true }), /word tokenizer only/);
    assert.throws(() => lmp.trainTokenizer(new Uint8Array([0x61, 0xff, 0x0a]), { tokenizer: 'bpe' }), /UTF-8/);
    withTokenizer(lmp.trainTokenizer('abc\n', { tokenizer: 'bpe', vocabSize: 10 }), (tok) => {
      assert.equal(tok.canSample, false);
      assert.throws(() => tok.tokenize('abc\n', { alpha: 0.5 }), /unigram/);
    });
  });
});

describe('models with other tokenizers', () => {
  test('an n-gram on BPE tokens: bits per character on the same text as the char model, fewer tokens', () => {
    const char = withModel(lmp.train(names.train, { valText: names.val, order: 3 }), (m) => m.report);
    const bpe = withModel(lmp.train(names.train, { valText: names.val, order: 3, tokenizer: 'bpe', vocabSize: 400 }), (m) => {
      assert.equal(m.options.tokenizer, 'bpe');
      assert.ok(m.sample('', { count: 3, seed: 2 }).every((s) => /^[a-z' -]*$/.test(s)), 'names from BPE pieces');
      return m.report;
    });
    assert.equal(bpe.val.chars, char.val.chars, 'the same characters to predict');
    assert.ok(bpe.val.tokens < 0.8 * char.val.tokens, `${bpe.val.tokens} vs ${char.val.tokens}`);
    assert.ok(bpe.val.tokensPerChar < 0.8 && char.val.tokensPerChar === 1);
    // bits per character is total nats over characters, whatever a token is
    assert.ok(Math.abs(bpe.val.bpc - bpe.val.nllTotal / Math.log(2) / bpe.val.chars) < 1e-12);
    assert.ok(bpe.val.bpc > 1.5 && bpe.val.bpc < 4.5, String(bpe.val.bpc));
  });

  test('an LSTM on word tokens trains, saves, loads and samples', () => {
    const options = { model: 'lstm', tokenizer: 'word', vocabSize: 2000, hidden: 32, embed: 16, steps: 30, batch: 8, evalEvery: 0 };
    const bytes = withModel(lmp.train(mobyTrain, { ...options, valText: moby.val.slice(0, 20_000) }), (m) => {
      assert.ok(Number.isFinite(m.report.val.bpc));
      assert.ok(m.report.val.oovRate > 0 && m.report.val.oovRate < 0.5, String(m.report.val.oovRate));
      return m.save();
    });
    withModel(lmp.loadModel(bytes), (m) => {
      assert.equal(m.options.tokenizer, 'word');
      assert.equal(m.sample('the', { maxTokens: 5, seed: 1 }).length, 1);
      assert.deepEqual(linesOf(m.tokenize('the whale\n'))[0], ['the', ' whale']);
    });
  });

  test('every neural model trains on every subword tokenizer and writes text from its pieces', () => {
    for (const model of ['mlp', 'rnn', 'gru', 'transformer']) {
      for (const tokenizer of ['word', 'bpe', 'unigram']) {
        const options = { ...lmp.applicable({ model, tokenizer, vocabSize: 300, hidden: 16, embed: 16, seqLen: 16, heads: 2,
          layers: 1, steps: 3, batch: 4, evalEvery: 0 }), valText: names.val.slice(0, 2000) };
        withModel(lmp.train(names.train.slice(0, 20_000), options), (m) => {
          assert.ok(Number.isFinite(m.report.val.bpc), `${model} on ${tokenizer}`);
          const [sample] = m.sample('an', { maxTokens: 8, seed: 3 });
          assert.ok(sample.startsWith('an'), `${model} on ${tokenizer}: ${sample}`);
          // An untrained BPE model may draw a lone byte piece, which decodes as U+FFFD; the others only write pieces.
          if (tokenizer !== 'bpe') assert.ok(!sample.includes('\ufffd'), `${model} on ${tokenizer}: ${sample}`);
        });
      }
    }
  });

  test('subword sampling is refused where it cannot work', () => {
    assert.throws(() => lmp.train(names.train, { model: 'lstm', tokenizer: 'bpe', subwordAlpha: 0.1, steps: 1 }), /unigram/);
    assert.throws(() => lmp.train(names.train, { tokenizer: 'unigram', subwordAlpha: 0.1 }), /neural/);
  });
});

describe('lmp tokenize and train --tokenizer', () => {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'lmp.js');
  const dir = tempDir();
  const textFile = writeTemp(dir, 'names.txt', names.train);
  const mixedFile = writeTemp(dir, 'mixed.txt', MIXED);
  const run = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

  test('train with --tokenizer bpe reports the tokenizer figures; tokenize prints each line\'s pieces', () => {
    const modelFile = join(dir, 'bpe.lmp');
    const train = run('train', '--text', textFile, '--tokenizer', 'bpe', '--vocab-size', '300', '--out', modelFile);
    assert.equal(train.status, 0, train.stderr);
    const report = JSON.parse(train.stdout);
    assert.equal(report.tokenizer, 'bpe');
    assert.equal(report.vocab_size, 300 + 256);
    assert.ok(report.val_tokens_per_char > 0.2 && report.val_tokens_per_char < 0.9, String(report.val_tokens_per_char));
    const out = run('tokenize', '--model', modelFile, '--text', mixedFile);
    assert.equal(out.status, 0, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.lines.length, 3);
    assert.equal(result.lines[2].map((t) => t.piece).join(''), ' na<0xC3><0xAF>ve caf<0xC3><0xA9>');
    assert.equal(result.tokens, result.lines.flat().length);
  });

  test('usage mistakes and impossible requests exit with a reason', () => {
    const modelFile = join(dir, 'char.lmp');
    assert.equal(run('train', '--text', textFile, '--out', modelFile).status, 0);
    const sample = run('tokenize', '--model', modelFile, '--text', mixedFile, '--sample');
    assert.equal(sample.status, 3);
    assert.match(sample.stderr, /unigram/);
    assert.equal(run('tokenize', '--model', modelFile, '--text', mixedFile, '--alpha', '0.2').status, 2);
    const small = run('train', '--text', textFile, '--tokenizer', 'bpe', '--vocab-size', '5');
    assert.equal(small.status, 3);
    // 27 characters in names, and the space BPE reads before each line
    assert.match(small.stderr, /vocabulary of 5 cannot hold .* 28 different characters .*use a size from 31/);
  });
});
