// The lmp command line, run as a user runs it, on the built-in corpora.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mobyText, namesText } from '../../scripts/corpora.js';
import { POEM, tempDir, writeTemp } from './helpers.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'lmp.js');
const dir = tempDir();
const namesFile = writeTemp(dir, 'names.txt', namesText());
const mobyFile = writeTemp(dir, 'moby.txt', mobyText());

function lmp(...args) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lmpOk(...args) {
  const result = lmp(...args);
  assert.equal(result.code, 0, `lmp ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

describe('train, eval, sample, probs on names', () => {
  const modelFile = join(dir, 'names.lmp');
  const train = lmpOk('train', '--text', namesFile, '--val-fraction', '0.1', '--tokenizer', 'char', '--model', 'ngram',
    '--order', '3', '--smoothing', 'kn', '--seed', '1', '--out', modelFile);
  const report = JSON.parse(train.stdout);

  test('train prints the contract fields as JSON and progress on stderr', () => {
    for (const field of ['model', 'params', 'train_tokens', 'val_tokens', 'val_nll_per_token', 'val_ppl', 'val_bpc', 'val_unk', 'seconds']) {
      assert.ok(field in report, `missing ${field}`);
    }
    assert.equal(report.model, 'ngram-3-kn');
    assert.ok(report.val_ppl > 5 && report.val_ppl < 15);
    assert.ok(Math.abs(report.val_bpc - Math.log2(report.val_ppl)) < 1e-9);
    assert.match(train.stderr, /saved/);
  });

  test('eval on the training text itself scores better than on val', () => {
    const result = JSON.parse(lmpOk('eval', '--model', modelFile, '--text', namesFile).stdout);
    for (const field of ['tokens', 'chars', 'nll_per_token', 'ppl', 'bpc', 'unk']) assert.ok(field in result, field);
    assert.ok(result.ppl < report.val_ppl);
  });

  test('sample prints one sample per line, each starting with the prompt', () => {
    const { stdout } = lmpOk('sample', '--model', modelFile, '--prompt', 'ka', '--count', '8', '--temperature', '0.8',
      '--top-k', '10', '--top-p', '0.95', '--seed', '7', '--max-tokens', '30');
    const lines = stdout.split('\n').slice(0, -1);
    assert.equal(lines.length, 8);
    for (const line of lines) {
      assert.match(line, /^ka[a-z-]*$/);
      assert.ok([...line].length <= 32);
    }
    assert.equal(lmpOk('sample', '--model', modelFile, '--prompt', 'ka', '--count', '8', '--temperature', '0.8',
      '--top-k', '10', '--top-p', '0.95', '--seed', '7', '--max-tokens', '30').stdout, stdout, 'same seed, same text');
  });

  test('greedy sampling ignores the seed', () => {
    const a = lmpOk('sample', '--model', modelFile, '--greedy', '--seed', '1').stdout;
    assert.equal(lmpOk('sample', '--model', modelFile, '--greedy', '--seed', '2').stdout, a);
  });

  test('probs lists the kept tokens, most probable first, summing to 1', () => {
    const list = JSON.parse(lmpOk('probs', '--model', modelFile, '--prompt', 'jo', '--top-k', '4').stdout);
    assert.equal(list.length, 4);
    assert.ok(list.every((t, i) => i === 0 || list[i - 1].prob >= t.prob));
    assert.ok(Math.abs(list.reduce((s, t) => s + t.prob, 0) - 1) < 1e-9);
    const all = JSON.parse(lmpOk('probs', '--model', modelFile, '--prompt', 'jo').stdout);
    assert.ok(all.length > 4);
    assert.deepEqual(all.slice(0, 4).map((t) => t.token), list.map((t) => t.token));
  });
});

test('Moby Dick order-5 Kneser-Ney with a separate val file', () => {
  const lines = mobyText().split('\n');
  const cut = Math.floor(lines.length * 0.9);
  const train = writeTemp(dir, 'moby.train.txt', lines.slice(0, cut).join('\n') + '\n');
  const val = writeTemp(dir, 'moby.val.txt', lines.slice(cut).join('\n'));
  const report = JSON.parse(lmpOk('train', '--text', train, '--val', val, '--order', '5').stdout);
  assert.ok(report.val_bpc > 1.8 && report.val_bpc < 2.6, `val bpc ${report.val_bpc}`);
  assert.equal(report.orders.length, 5);
});

test('plain MLE reports infinite perplexity as such', () => {
  const report = JSON.parse(lmpOk('train', '--text', mobyFile, '--order', '4', '--smoothing', 'none').stdout);
  assert.equal(report.val_ppl, 'Infinity');
  assert.ok(report.val_zero_prob > 0);
});

test('Chinese text through the CLI', () => {
  const poem = writeTemp(dir, 'poem.txt', POEM.repeat(3));
  const model = join(dir, 'poem.lmp');
  lmpOk('train', '--text', poem, '--val-fraction', '0', '--order', '2', '--out', model);
  assert.match(lmpOk('sample', '--model', model, '--prompt', '低', '--seed', '3').stdout, /^低[\u4e00-\u9fff]+\n$/u);
});

describe('errors: one line on stderr, the exit code of their kind', () => {
  const binary = writeTemp(dir, 'binary.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0x01]));
  const latin1 = writeTemp(dir, 'latin1.txt', Buffer.from('caf\xe9\n', 'latin1'));
  const empty = writeTemp(dir, 'empty.txt', '');
  const corrupt = writeTemp(dir, 'corrupt.lmp', Buffer.from('LMPM\x01\x00\x00\x00garbage'));
  const cases = [
    [['train', '--text', join(dir, 'missing.txt')], 7, /no such file/],
    [['train', '--text', binary], 3, /binary/],
    [['train', '--text', latin1], 3, /not valid UTF-8/],
    [['train', '--text', empty], 3, /empty/],
    [['train', '--text', namesFile, '--order', '20'], 3, /--order must be a whole number from 1 to 8/],
    [['train', '--text', namesFile, '--order', 'three'], 3, /whole number/],
    [['train', '--text', namesFile, '--val', namesFile, '--val-fraction', '0.2'], 2, /either --val or --val-fraction/],
    [['train'], 2, /--text is required/],
    [['sample', '--model', corrupt], 4, /truncated|damaged/],
    [['sample', '--model', namesFile], 4, /not an LM Playground model/],
    [['frobnicate'], 2, /unknown command/],
    [['sample', '--model', join(dir, 'names.lmp'), '--top-p', '1.5'], 3, /top-p/],
    [['train', '--text', namesFile, '--bogus'], 2, /bogus/],
  ];
  for (const [args, code, message] of cases) {
    test(`lmp ${args.map((a) => a.replace(dir, '…')).join(' ')}`, () => {
      const result = lmp(...args);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr.split('\n')[result.stderr.startsWith('lmp: training') ? 1 : 0], /^lmp: error: /);
      assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
    });
  }
});
