// A walk over the core's option table (lmp.options()): every option is taken
// by the CLI and by the JS API, a value outside its range is refused by both
// with a message naming the option and what it allows, and every training
// option comes back from a saved model file. (That the page has a control for
// each option, or says why not, is checked in tests/e2e.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kebab, LmpError, loadLmp } from '../../web/lib/lmp.js';
import { namesText } from '../../scripts/corpora.js';
import { PROBES } from '../option-probes.js';
import { runCli as run } from '../run-cli.js';
import { tempDir, withModel, writeTemp } from './helpers.js';

const lmp = await loadLmp();
const dir = tempDir();
const text = namesText().split('\n').slice(0, 400).join('\n') + '\n';
const textFile = writeTemp(dir, 'names.txt', text);

// Small enough to train in a moment: every neural option here is its own probe's neighbour.
const TINY = {
  ngram: {},
  mlp: { steps: 2, batch: 2, embed: 8, hidden: 8, seqLen: 8, evalEvery: 0 },
  lstm: { steps: 2, batch: 2, embed: 8, hidden: 8, seqLen: 8, evalEvery: 0 },
  transformer: { steps: 2, batch: 2, embed: 8, heads: 2, context: 8, evalEvery: 0 },
};

// The options a training of this probe takes: its model's tiny sizes, then the probe.
function trainOptions(option, value) {
  const probe = PROBES[option.key];
  const model = option.key === 'model' ? value : probe.model ?? 'ngram';
  const tokenizer = option.key === 'tokenizer' ? value : probe.tokenizer ?? 'char';
  return { model, tokenizer, ...TINY[model] ?? TINY.lstm, [option.key]: value };
}

function flagsOf(options) {
  return Object.entries(options).flatMap(([key, value]) => {
    if (value === true) return [`--${kebab(key)}`];
    if (value === false) return [`--no-${kebab(key)}`];
    return [`--${kebab(key)}=${value}`];  // with "=", a value may start with a dash
  });
}

// Values outside the option's range (or not of its type).
function outOfRange(option) {
  if (option.type === 'choice') return ['bogus'];
  if (option.type === 'boolean') return ['maybe'];
  if (option.type === 'text') return [];
  const below = option.aboveMin ? option.min : option.min - 1;
  return [option.max + 1, below, 'many'].concat(option.type === 'integer' ? [option.min + 0.5] : []);
}

const trainOptionsOf = lmp.options().filter((o) => o.group === 'train');
const sampleOptionsOf = lmp.options().filter((o) => o.group === 'sample');
const sampleModel = join(dir, 'sample-from.lmp');

test('every option of the table has a probe here, and every probe an option', () => {
  assert.deepEqual(lmp.options().map((o) => o.key).sort(), Object.keys(PROBES).sort());
  for (const option of lmp.options()) {
    assert.notDeepEqual(PROBES[option.key].value, option.default, `${option.key}: the probe must differ from the default`);
  }
});

describe('training options', { concurrency: 2 }, () => {
  for (const option of trainOptionsOf) {
    const value = PROBES[option.key].value;
    const options = trainOptions(option, value);

    test(`${option.key}: the CLI takes ${option.flag}, and the saved model holds it`, async () => {
      const out = join(dir, `${option.key}.lmp`);
      const result = await run(['train', '--text', textFile, ...flagsOf(options), '--out', out]);
      assert.equal(result.code, 0, result.stderr);
      withModel(lmp.loadModel(readFileSync(out)), (model) => assert.deepEqual(model.options[option.key], value));
    });

    test(`${option.key}: the JS API takes it and a model file round-trips it`, () => {
      withModel(lmp.train(text, options), (model) => {
        assert.deepEqual(model.options[option.key], value);
        withModel(lmp.loadModel(model.save()), (loaded) => assert.deepEqual(loaded.options, model.options));
      });
    });

    test(`${option.key}: a value outside ${option.allowed} is refused, naming the option`, async () => {
      for (const bad of outOfRange(option)) {
        assert.throws(() => lmp.startTraining(text, { ...options, [option.key]: bad }), (error) => {
          assert.ok(error instanceof LmpError, String(error));
          assert.equal(error.kind, 'invalid-input');
          assert.ok(error.message.includes(option.key) && error.message.includes(option.allowed), error.message);
          return true;
        }, `${option.key} = ${bad}`);
        if (option.type === 'boolean') continue;  // a flag takes no value on the command line
        const result = await run(['train', '--text', textFile, ...flagsOf({ ...options, [option.key]: bad })]);
        assert.equal(result.code, 3, `${option.key} = ${bad}: ${result.stderr}`);
        assert.ok(result.stderr.includes(option.flag) && result.stderr.includes(option.allowed), result.stderr);
      }
    });
  }
});

describe('sampling options', { concurrency: 2 }, () => {
  const ready = run(['train', '--text', textFile, '--out', sampleModel]);
  for (const option of sampleOptionsOf) {
    const value = PROBES[option.key].value;

    test(`${option.key}: the CLI's sample takes ${option.flag}, the JS API's sample takes it`, async () => {
      assert.equal((await ready).code, 0);
      const result = await run(['sample', '--model', sampleModel, ...flagsOf({ [option.key]: value })]);
      assert.equal(result.code, 0, result.stderr);
      withModel(lmp.loadModel(readFileSync(sampleModel)), (model) => {
        const { prompt = '', ...rest } = { [option.key]: value };
        const samples = model.sample(prompt, rest);
        assert.equal(samples.join('\n') + '\n', result.stdout, 'the CLI and the JS API draw the same samples');
      });
    });

    test(`${option.key}: a value outside ${option.allowed} is refused, naming the option`, async () => {
      assert.equal((await ready).code, 0);
      for (const bad of outOfRange(option)) {
        withModel(lmp.loadModel(readFileSync(sampleModel)), (model) => {
          assert.throws(() => model.sample('', { [option.key]: bad }), (error) => {
            assert.equal(error.kind, 'invalid-input');
            assert.ok(error.message.includes(option.key) && error.message.includes(option.allowed), error.message);
            return true;
          });
        });
        if (option.type === 'boolean') continue;
        const result = await run(['sample', '--model', sampleModel, ...flagsOf({ [option.key]: bad })]);
        assert.equal(result.code, 3, result.stderr);
        assert.ok(result.stderr.includes(option.flag) && result.stderr.includes(option.allowed), result.stderr);
      }
    });
  }
});

describe('older spellings', () => {
  test('each alias reaches its option, for the models it is an alias for', async () => {
    const cases = [
      ['transformer', ['--seq-len', '6'], 'context', 6],
      ['transformer', ['--d-model', '16'], 'embed', 16],
      ['transformer', ['--pos', 'sinusoidal'], 'positions', 'sinusoidal'],
      ['transformer', ['--no-causal-mask'], 'causal', false],
      ['lstm', ['--time-budget-s', '20'], 'timeBudget', 20],
      ['lstm', ['--seq-len', '6'], 'seqLen', 6],
    ];
    for (const [model, flags, key, value] of cases) {
      const out = join(dir, `alias-${key}-${model}.lmp`);
      const { [key]: replaced, ...tiny } = TINY[model];
      const result = await run(['train', '--text', textFile, '--model', model, ...flags, ...flagsOf(tiny), '--out', out]);
      assert.equal(result.code, 0, `${flags.join(' ')}: ${result.stderr}`);
      withModel(lmp.loadModel(readFileSync(out)), (m) => assert.equal(m.options[key], value, flags.join(' ')));
    }
    // The sampling seed answers to --seed in `lmp sample`, as it always did.
    assert.equal((await run(['train', '--text', textFile, '--out', sampleModel])).code, 0);
    const bySeed = await run(['sample', '--model', sampleModel, '--seed', '5', '--count', '3']);
    const bySampleSeed = await run(['sample', '--model', sampleModel, '--sample-seed', '5', '--count', '3']);
    assert.equal(bySeed.code, 0, bySeed.stderr);
    assert.equal(bySeed.stdout, bySampleSeed.stdout);
  });
});

test('lmp train --help and lmp sample --help print every option of their group from the table', async () => {
  for (const [command, options] of [['train', trainOptionsOf], ['sample', sampleOptionsOf]]) {
    const result = await run([command, '--help']);
    assert.equal(result.code, 0, result.stderr);
    for (const option of options) {
      assert.ok(result.stdout.includes(option.flag), `${command} --help lacks ${option.flag}`);
      // The help line is the table's: its first words appear as they are.
      assert.ok(result.stdout.replace(/\s+/g, ' ').includes(option.help.split(' ').slice(0, 6).join(' ')), option.key);
    }
  }
});

test('lmp --help lists an exit code for every kind of error', async () => {
  const result = await run(['--help']);
  for (const kind of ['invalid-input', 'corrupt-model', 'resource-limit', 'diverged']) assert.match(result.stdout, new RegExp(`\\d ${kind}`));
});
