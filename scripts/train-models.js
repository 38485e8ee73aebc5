#!/usr/bin/env node
// The models the project ships (models/*.lmp and models/manifest.json),
// trained with fixed seeds and step counts on texts that npm packages ship,
// each on a fixed split of scripts/corpora.js, so that anyone can train them
// again and tests/node/models.test.js can check each file against its split.
//
//   npm run train-models [-- --only names-kn3,tang-transformer] [--budget S] [--out DIR]
//
// --budget S trains each neural model for S seconds (the timeBudget option)
// instead of to its steps: for tests, not for the shipped files (each entry
// of the manifest says which it had). With --only, the manifest keeps the
// other models it lists. Line mode
// throughout, as the n-grams see the text (each line's start is context
// only, its end is predicted), so every val figure compares with the KN
// n-gram of its corpus, which the manifest gives beside it.
// It leaves out float16 weights (a change to the core's model file).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadLmp } from '../web/lib/lmp.js';
import { mobySplit, namesSplit, tangSplit } from './corpora.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const SPLITS = {
  names: { split: namesSplit, describe: 'names (scripts/corpora.js namesSplit): val = every name whose index % 10 == 9' },
  moby: { split: mobySplit, describe: 'Moby Dick (scripts/corpora.js mobySplit): val = the last 10% of the lines' },
  tang: { split: tangSplit, describe: 'Tang poems from chinese-poetry (scripts/corpora.js tangSplit): val = every poem whose index % 10 == 9' },
};

// Each model: its file name, a title, the corpus, and the options of
// lmp.train. Steps were chosen so that the whole run takes about 20 minutes
// of one wasm thread on a 2-core machine; widths so that the files stay
// small (a weight is 4 bytes). On 7,580 names, more steps overfit (the MLP
// scores 2.95 bpc after 2,000 steps and 3.01 after 40,000). The n-gram of each corpus is the yardstick;
// Moby Dick's order 5 is the largest file (2.9 MB: 197K n-grams).
export const MODELS = [
  { name: 'names-kn3', title: 'Names, Kneser-Ney trigram', corpus: 'names',
    options: { model: 'ngram', order: 3, smoothing: 'kn' } },
  { name: 'names-mlp', title: 'Names, MLP over 3 characters (as makemore)', corpus: 'names',
    options: { model: 'mlp', context: 3, embed: 24, hidden: 256, batch: 64, lr: 0.005, steps: 4000 } },
  { name: 'names-lstm', title: 'Names, LSTM 1x192', corpus: 'names',
    options: { model: 'lstm', embed: 32, hidden: 192, batch: 32, lr: 0.003, steps: 8000 } },
  { name: 'names-transformer', title: 'Names, Transformer (2 blocks, d_model 64)', corpus: 'names',
    options: { model: 'transformer', embed: 64, layers: 2, heads: 4, context: 24, batch: 32, lr: 0.003, steps: 8000 } },
  { name: 'moby-kn5', title: 'Moby Dick, Kneser-Ney order 5', corpus: 'moby',
    options: { model: 'ngram', order: 5, smoothing: 'kn' } },
  { name: 'moby-transformer-unigram', title: 'Moby Dick, Transformer on unigram-512 pieces (3 blocks, d_model 96)', corpus: 'moby',
    options: { model: 'transformer', tokenizer: 'unigram', vocabSize: 512, embed: 96, layers: 3, heads: 4, context: 40, batch: 16, lr: 0.003, steps: 10000 } },
  // A bigram: the trigram is 3 MB (4,247 characters make 202K trigrams) for 0.3 bpc less.
  { name: 'tang-kn2', title: 'Tang poems, Kneser-Ney character bigram', corpus: 'tang',
    options: { model: 'ngram', order: 2, smoothing: 'kn' } },
  { name: 'tang-transformer', title: 'Tang poems, character Transformer (2 blocks, d_model 64)', corpus: 'tang',
    options: { model: 'transformer', embed: 64, layers: 2, heads: 4, context: 72, batch: 16, lr: 0.003, dropout: 0.1, steps: 3000 } },
];

const SEED = 1;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function withLoaded(lmp, bytes, use) {
  const model = lmp.loadModel(bytes);
  try {
    return use(model);
  } finally {
    model.dispose();
  }
}

function trainOne(lmp, spec, split, budget) {
  // evalEvery 0: validated once, at the end; applicable() drops it for the n-grams.
  const options = lmp.applicable({ ...spec.options, seed: SEED, evalEvery: 0 });
  if (budget !== null && spec.options.model !== 'ngram') Object.assign(options, { timeBudget: budget, steps: 10_000_000 });
  const started = performance.now();
  const model = lmp.train(split.train, { ...options, valText: split.val });
  const seconds = (performance.now() - started) / 1000;
  try {
    const { report } = model;
    const bytes = model.save();
    // The figure of the file as anyone gets it (lmp.loadModel(file).evaluate(val)). The
    // training's own validation reads a line longer than the Transformer's window
    // otherwise (Moby Dick's unigram model: 2.1018 there, 2.1023 here), so it is kept beside.
    const evaluated = withLoaded(lmp, bytes, (loaded) => loaded.evaluate(split.val));
    return {
      bytes,
      entry: {
        name: spec.name,
        title: spec.title,
        file: `${spec.name}.lmp`,
        corpus: spec.corpus,
        split: SPLITS[spec.corpus].describe,
        tokenizer: options.tokenizer ?? 'char',
        model: spec.options.model,
        options: model.options,
        parameters: report.params,
        valBpc: evaluated.bpc,
        valTokens: evaluated.tokens,
        valChars: evaluated.chars,
        trainingValBpc: report.val.bpc,
        trainSeconds: Math.round(seconds * 10) / 10,
        budget: options.timeBudget ?? null,
        bytes: bytes.length,
        sha256: sha256(bytes),
      },
    };
  } finally {
    model.dispose();
  }
}

// The KN n-gram of each corpus beside every other model of it.
function compare(entries) {
  for (const entry of entries) {
    if (entry.model === 'ngram') continue;
    const ngram = entries.find((e) => e.corpus === entry.corpus && e.model === 'ngram');
    if (ngram) entry.againstNgram = { name: ngram.name, valBpc: ngram.valBpc, difference: entry.valBpc - ngram.valBpc };
  }
  return entries;
}

export async function trainModels({ only = null, budget = null, out = join(root, 'models'), log = () => {} } = {}) {
  const specs = only ? MODELS.filter((m) => only.includes(m.name)) : MODELS;
  const unknown = (only ?? []).filter((name) => !MODELS.some((m) => m.name === name));
  if (unknown.length) throw new Error(`no model named ${unknown.join(', ')} (known: ${MODELS.map((m) => m.name).join(', ')})`);
  mkdirSync(out, { recursive: true });
  const lmp = await loadLmp();
  const splits = {};
  const entries = [];
  for (const spec of specs) {
    splits[spec.corpus] ??= SPLITS[spec.corpus].split();
    log(`${spec.name}: training ...`);
    const { bytes, entry } = trainOne(lmp, spec, splits[spec.corpus], budget);
    writeFileSync(join(out, entry.file), bytes);
    log(`${spec.name}: val ${entry.valBpc.toFixed(4)} bpc, ${entry.parameters} parameters, ${entry.bytes} bytes, ${entry.trainSeconds} s`);
    entries.push(entry);
  }
  // With --only, the other models of a manifest already in the folder stay.
  const file = join(out, 'manifest.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).models.filter((e) => !specs.some((s) => s.name === e.name)) : [];
  const order = (e) => MODELS.findIndex((m) => m.name === e.name);
  const models = compare([...kept, ...entries].sort((a, b) => order(a) - order(b)));
  const manifest = { format: 1, seed: SEED, models };
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { only: { type: 'string' }, budget: { type: 'string' }, out: { type: 'string' } } });
  const budget = values.budget === undefined ? null : Number(values.budget);
  if (budget !== null && !(budget > 0)) throw new Error(`--budget takes seconds above 0 (got ${values.budget})`);
  await trainModels({
    only: values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? null,
    budget,
    out: values.out ?? join(root, 'models'),
    log: (line) => process.stderr.write(`[train-models] ${line}\n`),
  });
}
