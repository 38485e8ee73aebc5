#!/usr/bin/env node
// lmp: the command-line face of LM Playground. It runs the same wasm module
// as the page, through the same JS API (web/lib/lmp.js).
//
// Results go to stdout (JSON, or samples one per line); progress and errors
// go to stderr. Errors exit with 1 (2 for a usage mistake) and one line of reason.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadLmp } from '../web/lib/lmp.js';

const USAGE = `usage:
  lmp train  --text FILE [--val FILE | --val-fraction F] [--val-split tail|interleaved]
             [--tokenizer char|word|bpe|unigram] [--vocab-size N] [--lowercase] [--subword-alpha A]
             [--model ngram] [--order N] [--smoothing none|addk|kn] [--k K]
             [--seed S] [--memory-limit-mb M] [--out MODEL]
  lmp train  --text FILE ... --model mlp|rnn|lstm|gru [--mode line|stream] [--context N]
             [--embed D] [--hidden H] [--layers L] [--dropout P] [--seq-len T] [--batch B]
             [--steps N | --time-budget SECONDS] [--lr LR] [--optimizer sgd|adam|adamw]
             [--weight-decay W] [--warmup N] [--clip C] [--accumulate K] [--eval-every N] [--out MODEL]
  lmp train  --text FILE ... --model transformer [--layers L] [--heads H] [--d-model D]
             [--context T] [--pos learned|sinusoidal] [--no-causal-mask] [common training flags]
  lmp eval   --model MODEL --text FILE
  lmp sample --model MODEL [--prompt S] [--max-tokens N] [--temperature T] [--top-k K]
             [--top-p P] [--greedy] [--seed S] [--count C]
  lmp probs  --model MODEL [--prompt S] [--temperature T] [--top-k K] [--top-p P] [--greedy]
  lmp tokenize --model MODEL --text FILE [--sample [--alpha A] [--seed S]]

Text is modelled line by line: each non-empty line is one sequence ending in <eol>.
Tokenizers: char (code points), word (words, punctuation, characters of unspaced scripts;
default vocabulary 10000), bpe and unigram (default 512, markers included); --subword-alpha
(unigram, neural models) draws a new segmentation each time a line is read. --sample
(unigram) draws segmentations with probability proportional to p^alpha (default alpha 0.1).
Defaults: order 3, smoothing kn, k 1, val-fraction 0.1 (the last lines), temperature 1,
top-k 0 (off), top-p 1 (off), max-tokens 100, count 1, seed 1; neural: embed 32,
hidden 128, layers 1, context 3, seq-len 64, batch 32, steps 2000, lr 0.003 (adamw,
weight decay 0.01, warm-up 100, cosine decay), clip 1, eval-every 200; transformer: heads 4,
d-model 32, context 64 (the window, --seq-len's value), pos learned, causal mask on.`;

class UsageError extends Error {}

// "Train for --time-budget seconds" is a step limit nobody reaches.
const UNLIMITED_STEPS = 10_000_000;

// flag -> [option name, whole number?]
const NEURAL_FLAGS = {
  mode: ['mode', null], context: ['context', true], embed: ['embed', true], hidden: ['hidden', true],
  layers: ['layers', true], dropout: ['dropout', false], 'seq-len': ['seqLen', true], batch: ['batch', true],
  steps: ['steps', true], 'time-budget': ['timeBudgetS', false], lr: ['lr', false], optimizer: ['optimizer', null],
  'weight-decay': ['weightDecay', false], warmup: ['warmup', true], clip: ['clip', false],
  accumulate: ['accumulate', true], 'eval-every': ['evalEvery', true], heads: ['heads', true],
  pos: ['positions', null],
};

const SAMPLING_OPTIONS = {
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  greedy: { type: 'boolean' },
  prompt: { type: 'string' },
};

const COMMANDS = {
  train: {
    options: {
      text: { type: 'string' }, val: { type: 'string' }, 'val-fraction': { type: 'string' },
      'val-split': { type: 'string' }, tokenizer: { type: 'string' }, model: { type: 'string' },
      order: { type: 'string' }, smoothing: { type: 'string' }, k: { type: 'string' },
      seed: { type: 'string' }, 'memory-limit-mb': { type: 'string' }, out: { type: 'string' },
      ...Object.fromEntries(Object.keys(NEURAL_FLAGS).map((flag) => [flag, { type: 'string' }])),
      'd-model': { type: 'string' }, 'no-causal-mask': { type: 'boolean' },
      'vocab-size': { type: 'string' }, lowercase: { type: 'boolean' }, 'subword-alpha': { type: 'string' },
    },
    run: train,
  },
  tokenize: {
    options: { model: { type: 'string' }, text: { type: 'string' }, sample: { type: 'boolean' },
      alpha: { type: 'string' }, seed: { type: 'string' } },
    run: tokenize,
  },
  eval: { options: { model: { type: 'string' }, text: { type: 'string' } }, run: evaluate },
  sample: {
    options: { model: { type: 'string' }, 'max-tokens': { type: 'string' }, seed: { type: 'string' },
      count: { type: 'string' }, ...SAMPLING_OPTIONS },
    run: sample,
  },
  probs: { options: { model: { type: 'string' }, ...SAMPLING_OPTIONS }, run: probs },
};

function required(values, name) {
  if (values[name] === undefined) throw new UsageError(`--${name} is required`);
  return values[name];
}

function number(values, name, { integer = false } = {}) {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} (got '${raw}')`);
  }
  return value;
}

function readInput(path, what) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new Error(`cannot read ${what} '${path}': no such file`);
  }
  if (!stats.isFile()) throw new Error(`cannot read ${what} '${path}': not a regular file`);
  return readFileSync(path);
}

const progress = (message) => process.stderr.write(`lmp: ${message}\n`);
const megabytes = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
// JSON has no infinity; perplexity of a model that gave a val token probability 0 is reported as such.
const finite = (x) => (Number.isFinite(x) ? x : x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : null);

function evalJson(r) {
  return { tokens: r.tokens, chars: r.chars, nll_per_token: finite(r.nllPerToken), ppl: finite(r.ppl),
    bpc: finite(r.bpc), unk: r.unk, zero_prob: r.zeroProb, tokens_per_char: r.tokensPerChar, oov_rate: r.oovRate };
}

async function loadModel(lmp, values) {
  return lmp.loadModel(readInput(required(values, 'model'), 'model file'));
}

function samplingOptions(values) {
  return {
    temperature: number(values, 'temperature'),
    topK: number(values, 'top-k', { integer: true }),
    topP: number(values, 'top-p'),
    greedy: values.greedy ?? false,
  };
}

async function train(lmp, values) {
  const textPath = required(values, 'text');
  if (values.val !== undefined && values['val-fraction'] !== undefined) {
    throw new UsageError('give either --val or --val-fraction, not both');
  }
  const started = performance.now();
  const text = readInput(textPath, 'training text');
  const valText = values.val === undefined ? undefined : readInput(values.val, 'validation text');
  const options = {
    model: values.model, tokenizer: values.tokenizer, order: number(values, 'order', { integer: true }),
    smoothing: values.smoothing, k: number(values, 'k'), valFraction: number(values, 'val-fraction'),
    valSplit: values['val-split'], seed: number(values, 'seed', { integer: true }),
    memoryLimitMb: number(values, 'memory-limit-mb', { integer: true }), valText,
    vocabSize: number(values, 'vocab-size', { integer: true }), lowercase: values.lowercase,
    subwordAlpha: number(values, 'subword-alpha'),
  };
  for (const [flag, [name, integer]] of Object.entries(NEURAL_FLAGS)) {
    options[name] = integer === null ? values[flag] : number(values, flag, { integer });
  }
  // The Transformer's width is d_model (the embedding) and its window, --context, the sequence length.
  const transformer = values.model === 'transformer';
  if (!transformer && (values['d-model'] !== undefined || values['no-causal-mask'])) {
    throw new UsageError('--d-model and --no-causal-mask are for --model transformer');
  }
  if (transformer) {
    if (values['d-model'] !== undefined) options.embed = number(values, 'd-model', { integer: true });
    if (values.context !== undefined) options.seqLen = number(values, 'context', { integer: true });
    if (values['no-causal-mask']) options.causal = false;
  }
  // --time-budget alone means "train for that long": no step limit then.
  if (values['time-budget'] !== undefined && values.steps === undefined) options.steps = UNLIMITED_STEPS;
  progress(`training ${options.model ?? 'ngram'} on ${textPath} (${megabytes(text.length)})`);
  const training = lmp.startTraining(text, options);
  let lastReport = 0;
  while (!training.finished) {
    const p = training.run({ maxSeconds: 0.5 });
    if (p.stopped) progress(p.stopped);
    if (p.totalSteps > 1 && (performance.now() - lastReport > 5000 || p.finished)) {
      lastReport = performance.now();
      const val = p.valLoss >= 0 ? `, val loss ${p.valLoss.toFixed(4)}` : '';
      const of = options.steps === UNLIMITED_STEPS ? '' : `/${p.totalSteps}`;
      progress(`step ${p.step}${of}: train loss ${p.trainLoss.toFixed(4)}${val}, ${Math.round(p.tokensPerS)} tokens/s`);
    }
  }
  const model = training.finish();
  try {
    const report = model.report;
    const stats = model.stats();
    const seconds = (performance.now() - started) / 1000;
    if (values.out !== undefined) {
      const bytes = model.save();
      writeFileSync(values.out, bytes);
      progress(`saved ${report.model} to ${values.out} (${megabytes(bytes.length)})`);
    } else {
      progress('no --out given: the model is not saved');
    }
    const val = report.hasVal ? report.val : null;
    const result = {
      model: report.model,
      params: report.params,
      train_tokens: report.trainTokens,
      val_tokens: report.valTokens,
      val_nll_per_token: val && finite(val.nllPerToken),
      val_ppl: val && finite(val.ppl),
      val_bpc: val && finite(val.bpc),
      val_unk: val && val.unk,
      val_zero_prob: val && val.zeroProb,
      val_tokens_per_char: val && val.tokensPerChar,
      val_oov_rate: val && val.oovRate,
      tokenizer: model.options.tokenizer,
      seconds,
      steps: report.steps,
      tokens_per_s: report.tokensPerS,
      train_loss: report.trainLoss,
      stopped: report.stopped || null,
      vocab_size: stats.vocabSize,
      memory_bytes: stats.memoryBytes,
      orders: stats.orders.map((o) => ({ order: o.order, ngrams: o.distinctNgrams, val_unseen_share: o.valUnseenShare,
        kn_discounts: o.discounts, kn_discounts_fell_back: o.discountsFellBack })),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    model.dispose();
  }
}

async function evaluate(lmp, values) {
  const model = await loadModel(lmp, values);
  try {
    console.log(JSON.stringify(evalJson(model.evaluate(readInput(required(values, 'text'), 'text'))), null, 2));
  } finally {
    model.dispose();
  }
}

// The text's tokens as JSON: one array of { id, piece } per line, and the
// tokenizer's figures over the whole text.
async function tokenize(lmp, values) {
  if (!values.sample && (values.alpha !== undefined || values.seed !== undefined)) {
    throw new UsageError('--alpha and --seed go with --sample');
  }
  const model = await loadModel(lmp, values);
  try {
    const alpha = values.sample ? number(values, 'alpha') ?? 0.1 : 0;
    if (values.sample && !(alpha > 0)) throw new UsageError('--alpha must be above 0 when sampling');
    const result = model.tokenize(readInput(required(values, 'text'), 'text'), {
      alpha, seed: number(values, 'seed', { integer: true }),
    });
    const lines = [[]];
    for (const token of result.tokens) {
      if (token.piece === '<eol>') lines.push([]);
      else lines[lines.length - 1].push({ id: token.id, piece: token.piece });
    }
    lines.pop();  // the last <eol> ends the last line
    console.log(JSON.stringify({
      tokenizer: model.options.tokenizer, vocab_size: model.vocabSize, chars: result.chars, tokens: result.pieces,
      tokens_per_char: result.tokensPerChar, oov_rate: result.oovRate, line_start_space: result.lineStartSpace, lines,
    }));
  } finally {
    model.dispose();
  }
}

async function sample(lmp, values) {
  const model = await loadModel(lmp, values);
  try {
    const samples = model.sample(values.prompt ?? '', {
      ...samplingOptions(values),
      maxTokens: number(values, 'max-tokens', { integer: true }),
      seed: number(values, 'seed', { integer: true }),
      count: number(values, 'count', { integer: true }),
    });
    process.stdout.write(samples.map((s) => s + '\n').join(''));
  } finally {
    model.dispose();
  }
}

async function probs(lmp, values) {
  const model = await loadModel(lmp, values);
  try {
    const next = model.nextTokens(values.prompt ?? '', samplingOptions(values));
    const kept = next.filter((t) => t.prob > 0).sort((a, b) => b.prob - a.prob || a.id - b.id);
    console.log(JSON.stringify(kept.map((t) => ({ token: t.token, prob: t.prob })), null, 2));
  } finally {
    model.dispose();
  }
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}'`);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    throw new UsageError(error.message.split('\n')[0]);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  await command.run(await loadLmp(), values);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`lmp: error: ${error.message}\n`);
  if (error instanceof UsageError) process.stderr.write("run 'lmp --help' for usage\n");
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
