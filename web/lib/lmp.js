// LM Playground's JavaScript API: the friendly face of the wasm core, the same
// in the browser (page worker), in Node (CLI, tests) and on a course page.
//
//   const lmp = await loadLmp();
//   const model = lmp.train(bytesOrText, { order: 3, smoothing: 'kn' });
//   model.sample('em', { temperature: 0.8, topK: 5, seed: 7 });
//   model.dispose();
//
// It converts between plain JS objects and the Embind types, copies every
// vector out of wasm memory at once (no views kept: they go stale when the
// memory grows) and owns the lifetime of each wasm object: call dispose().
import createLmpCore from '../build/lmp_core.js';

const runsInNode = typeof process === 'object' && typeof process.versions?.node === 'string';

const TRAIN_DEFAULTS = Object.freeze({
  model: 'ngram',
  // tokenizer: 'char' | 'word' | 'bpe' | 'unigram'; vocabSize 0: the tokenizer's default
  // (markers included); lowercase: word only; subwordAlpha > 0: unigram segmentations
  // drawn anew as a neural model reads each line (subword regularization)
  tokenizer: 'char',
  vocabSize: 0,
  lowercase: false,
  subwordAlpha: 0,
  order: 3,
  smoothing: 'kn',
  k: 1,
  valFraction: 0.1,
  valSplit: 'tail',
  seed: 1,
  memoryLimitMb: 1024,
  // neural models (model: 'mlp' | 'rnn' | 'lstm' | 'gru' | 'transformer')
  mode: 'line',
  context: 3,
  embed: 32,
  hidden: 128,
  layers: 1,
  dropout: 0,
  seqLen: 64,
  batch: 32,
  steps: 2000,
  timeBudgetS: 0,
  lr: 3e-3,
  optimizer: 'adamw',
  weightDecay: 0.01,
  warmup: 100,
  clip: 1,
  accumulate: 1,
  evalEvery: 200,
  // transformer: embed is d_model, seqLen the window (its positions)
  heads: 4,
  positions: 'learned',
  causal: true,
});

// Model files are checked against the largest limit a wasm32 module allows.
const MAX_MEMORY_LIMIT_MB = 2048;
const SAMPLING_DEFAULTS = Object.freeze({ temperature: 1, topK: 0, topP: 1, greedy: false });
const TOKENIZER_DEFAULTS = Object.freeze({ tokenizer: 'char', vocabSize: 0, lowercase: false });
// alpha 0: the most probable segmentation; > 0 (unigram): one drawn per line, from seed.
const TOKENIZE_DEFAULTS = Object.freeze({ alpha: 0, seed: 1 });
// Contexts 16, 32, ... doubling up to maxContext; tokens timed after each (see core/app/generation_cost.h).
const GENERATION_COST_DEFAULTS = Object.freeze({ maxContext: 256, tokens: 32, seed: 1 });
const REMOVED_BY = [null, 'top-k', 'top-p', 'greedy'];
// Embind would silently truncate 3.5 to 3 and wrap 2^32 + 16 to 16: these
// must be whole numbers that fit their 32-bit field (seeds unsigned, the rest signed).
const WHOLE_NUMBERS = ['order', 'seed', 'memoryLimitMb', 'topK', 'maxTokens', 'count', 'limit', 'context', 'embed',
  'hidden', 'layers', 'seqLen', 'batch', 'steps', 'warmup', 'accumulate', 'evalEvery', 'heads', 'maxContext', 'tokens', 'vocabSize'];

export async function loadLmp() {
  const options = {};
  if (runsInNode) {
    // Emscripten 3.1.6 would fetch() the .wasm, which Node cannot do for files.
    const { readFile } = await import('node:fs/promises');
    options.wasmBinary = await readFile(new URL('../build/lmp_core.wasm', import.meta.url));
  }
  return new Lmp(await createLmpCore(options));
}

function toBytes(text) {
  if (text instanceof Uint8Array) return text;
  if (text instanceof ArrayBuffer) return new Uint8Array(text);
  if (typeof text === 'string') return new TextEncoder().encode(text);
  throw new TypeError('expected text as a string, Uint8Array or ArrayBuffer');
}

function drainVector(vector, convert = (x) => x) {
  try {
    const out = [];
    for (let i = 0; i < vector.size(); i++) out.push(convert(vector.get(i)));
    return out;
  } finally {
    vector.delete();
  }
}

function pick(defaults, given) {
  const out = { ...defaults };
  for (const key of Object.keys(defaults)) {
    if (given?.[key] !== undefined && given[key] !== null) out[key] = given[key];
  }
  checkWholeNumbers(out);
  return out;
}

function checkWholeNumbers(options) {
  for (const key of WHOLE_NUMBERS) {
    if (!(key in options)) continue;
    const value = options[key];
    if (!Number.isInteger(value)) throw new Error(`${key} must be a whole number (got ${value})`);
    const largest = key === 'seed' ? 2 ** 32 - 1 : 2 ** 31 - 1;
    if (Math.abs(value) > largest) throw new Error(`${key} is far too large (got ${value})`);
  }
}

export class Lmp {
  constructor(core) {
    this.core = core;
  }

  // text, options.valText: string | Uint8Array | ArrayBuffer (bytes are checked as UTF-8).
  train(text, options = {}) {
    const trainOptions = pick(TRAIN_DEFAULTS, options);
    const trainBytes = this.checkedBytes(text, trainOptions.memoryLimitMb);
    const handle = options.valText !== undefined && options.valText !== null
      ? this.core.TrainedModel.trainWithVal(trainBytes, this.checkedBytes(options.valText, trainOptions.memoryLimitMb), trainOptions)
      : this.core.TrainedModel.train(trainBytes, trainOptions);
    return new Model(handle, this);
  }

  // Training a model step by step (what the page's worker and the CLI do):
  //   const training = lmp.startTraining(text, { model: 'lstm', steps: 2000 });
  //   while (!training.finished) report(training.run({ maxSeconds: 0.25 }));
  //   const model = training.finish();
  startTraining(text, options = {}) {
    const trainOptions = pick(TRAIN_DEFAULTS, options);
    const trainBytes = this.checkedBytes(text, trainOptions.memoryLimitMb);
    const handle = options.valText !== undefined && options.valText !== null
      ? this.core.TrainingSession.startWithVal(trainBytes, this.checkedBytes(options.valText, trainOptions.memoryLimitMb), trainOptions)
      : this.core.TrainingSession.start(trainBytes, trainOptions);
    return new Training(handle, this);
  }

  loadModel(bytes) {
    return new Model(this.core.TrainedModel.load(this.checkedBytes(bytes, MAX_MEMORY_LIMIT_MB)), this);
  }

  // What one more generated token costs as the context grows, timed here and now:
  // a tiny GPT with its KV cache, the same GPT recomputing the whole context, an LSTM.
  //   lmp.measureGenerationCost({ maxContext: 256, tokens: 32, onPoint: (row) => draw(row) })
  // -> [{ n, kvUs, recomputeUs, lstmUs }] for n = 16, 32, ... up to maxContext (16..512):
  // microseconds per token, the median of 3 runs of `tokens` (1..64) tokens. About a second in wasm.
  measureGenerationCost({ onPoint = null, ...options } = {}) {
    const meter = this.startGenerationCost(options);
    try {
      const rows = [];
      for (const row of meter) {
        rows.push(row);
        onPoint?.(row);
      }
      return rows;
    } finally {
      meter.dispose();
    }
  }

  // The same, one context length per call, for a caller that must stay responsive (the page's worker):
  //   const meter = lmp.startGenerationCost({ maxContext: 256 });  // meter.contexts: [16, ..., 256]
  //   for (const row of meter) draw(row);  // or: while (!meter.finished) draw(meter.measureNext());
  //   meter.dispose();
  startGenerationCost(options = {}) {
    const config = pick(GENERATION_COST_DEFAULTS, options);
    config.seed >>>= 0;
    return new GenerationCostMeter(this.core.GenerationCostMeter.start(config));
  }

  // The lines a model would train on and hold out, as two texts (each line ending in '\n'):
  //   const { train, val } = lmp.splitText(text, { valFraction: 0.1, valSplit: 'tail' });
  splitText(text, { valFraction = TRAIN_DEFAULTS.valFraction, valSplit = TRAIN_DEFAULTS.valSplit } = {}) {
    return this.core.splitText(this.checkedBytes(text, TRAIN_DEFAULTS.memoryLimitMb), valFraction, valSplit);
  }

  // A tokenizer on its own, to try kinds and vocabulary sizes without training a model:
  //   const tok = lmp.trainTokenizer(text, { tokenizer: 'bpe', vocabSize: 512 });
  //   tok.tokenize('the whale', { alpha: 0 });  tok.dispose();
  trainTokenizer(text, options = {}) {
    const config = pick(TOKENIZER_DEFAULTS, options);
    return new Tokenizer(this.core.StandaloneTokenizer.train(this.checkedBytes(text, TRAIN_DEFAULTS.memoryLimitMb), config), this);
  }

  // Refuses a text too large for the memory limit before it is copied into
  // wasm memory, where a failed allocation could not be reported.
  checkedBytes(text, memoryLimitMb) {
    const bytes = toBytes(text);
    this.core.TrainedModel.checkTextSize(bytes.length, memoryLimitMb);
    return bytes;
  }
}

// A wasm object a class of this file owns: live() hands it out until
// dispose() frees it, and names what is gone afterwards.
class Owned {
  constructor(handle, lmp, gone) {
    this.handle = handle;
    this.lmp = lmp;
    this.gone = gone;
  }

  live() {
    if (!this.handle) throw new Error(this.gone);
    return this.handle;
  }

  dispose() {
    this.handle?.delete();
    this.handle = null;
  }
}

export class Model extends Owned {
  constructor(handle, lmp) {
    super(handle, lmp, 'this model was disposed');
  }

  get options() {
    return this.live().options();
  }

  // { model, params, trainTokens, valTokens, hasVal, val: {tokens, chars, nllTotal,
  //   nllPerToken, ppl, bpc, unk, zeroProb, tokensPerChar, oovRate} or null without validation text,
  //   valUnseenShare: [per order] }
  get report() {
    const report = this.live().report();
    report.valUnseenShare = drainVector(report.valUnseenShare);
    if (!report.hasVal) report.val = null;
    return report;
  }

  get vocabSize() {
    return this.live().vocabSize();
  }

  // Per order: distinct n-grams, Kneser-Ney discounts, share of val n-grams never seen.
  stats() {
    const unseen = this.report.valUnseenShare;
    const orders = drainVector(this.live().ngramStats(), (s) => ({
      order: s.order,
      distinctNgrams: s.distinctNgrams,
      discounts: s.discounts,
      discountsFellBack: s.discountsFellBack,
      valUnseenShare: unseen.length ? unseen[s.order - 1] : null,
    }));
    return { orders, memoryBytes: this.live().memoryBytes(), vocabSize: this.vocabSize };
  }

  evaluate(text) {
    return this.live().evaluate(this.lmp.checkedBytes(text, this.options.memoryLimitMb));
  }

  // -> string[]: each the prompt followed by its continuation.
  sample(prompt = '', { maxTokens = 100, seed = 1, count = 1, ...sampling } = {}) {
    const config = pick(SAMPLING_DEFAULTS, sampling);
    checkWholeNumbers({ maxTokens, seed, count });
    return drainVector(this.live().sample(prompt, config, maxTokens, seed >>> 0, count));
  }

  // -> [{ id, token, base, tempered, prob, removedBy }], most probable first.
  // base: temperature 1; tempered: after temperature; prob: after top-k/top-p;
  // removedBy: null | 'top-k' | 'top-p' | 'greedy'. <unk> is never offered. After a
  // prompt that stops inside a word (see context()), only pieces that start with the
  // healed prefix, as sampling draws them.
  nextTokens(prompt = '', { limit = 0, ...sampling } = {}) {
    const config = pick(SAMPLING_DEFAULTS, sampling);
    checkWholeNumbers({ limit });
    return drainVector(this.live().nextTokens(prompt, config, limit), (t) => ({
      id: t.id,
      token: t.label,
      base: t.base,
      tempered: t.tempered,
      prob: t.final,
      removedBy: REMOVED_BY[t.removedBy],
    }));
  }

  // What the model reads for its next prediction after the prompt, found as sampling
  // finds it: the prompt's last line, healed, cut to the model's window (order - 1
  // tokens for an n-gram, the window of the MLP or the Transformer, the whole line
  // for a recurrent network).
  // -> { tokens: [{ id, piece }] (oldest first, <bos> not listed), fromLineStart: the
  // line's start is inside the window, healedPrefix: the piece taken back from a prompt
  // that stops inside a word, which the next piece must start with ('' when not healed) }.
  context(prompt = '') {
    const out = this.live().context(prompt);
    out.tokens = drainVector(out.tokens, (t) => ({ id: t.id, piece: t.label }));
    return out;
  }

  // The text as this model's tokenizer cuts it: see Tokenizer.tokenize.
  tokenize(text, options = {}) {
    return tokenization(this.live(), this.lmp.checkedBytes(text, this.options.memoryLimitMb), options);
  }

  // Transformers only: what each head attends to over the prompt (as the start of a line).
  // -> { tokens: string[] (T), layers, heads, causal, weights: Float32Array (layers*heads*T*T) },
  // weights[((layer * heads + head) * T + query) * T + key]; cells the causal mask hides are 0.
  attention(prompt = '') {
    return this.live().attention(prompt);
  }

  save() {
    return this.live().save();
  }
}

// -> { tokens: [{ id, piece }] (each line's pieces, then '<eol>'), chars, pieces,
//      unk, tokensPerChar, oovRate, lineStartSpace }: piece is the token as text, or
// <unk>, <eol>, <0xE4>; lineStartSpace: the tokenizer reads every line with a space
// before it (BPE, unigram, as SentencePiece), so a line's first piece starts with one.
function tokenization(handle, bytes, options) {
  const { alpha, seed } = pick(TOKENIZE_DEFAULTS, options);
  checkWholeNumbers({ seed });
  const out = handle.tokenize(bytes, alpha, seed >>> 0);
  out.tokens = drainVector(out.tokens, (t) => ({ id: t.id, piece: t.label }));
  return out;
}

// A tokenizer trained on its own (Lmp.trainTokenizer).
export class Tokenizer extends Owned {
  constructor(handle, lmp) {
    super(handle, lmp, 'this tokenizer was disposed');
  }

  get kind() { return this.live().kind(); }
  get vocabSize() { return this.live().vocabSize(); }
  // Whether tokenize({ alpha > 0 }) can draw other segmentations (unigram).
  get canSample() { return this.live().canSample(); }
  get trainSeconds() { return this.live().trainSeconds(); }

  tokenize(text, options = {}) {
    return tokenization(this.live(), this.lmp.checkedBytes(text, TRAIN_DEFAULTS.memoryLimitMb), options);
  }
}

// A training in progress. run() trains for a slice and returns
// { step, totalSteps, trainLoss, valLoss (-1 before the first evaluation),
//   tokensPerS, elapsedS, finished, stopped (why it ended early, or '') }.
export class Training extends Owned {
  constructor(handle, lmp) {
    super(handle, lmp, 'this training has finished or was disposed');
  }

  run({ maxSteps = 1_000_000_000, maxSeconds = 0.25 } = {}) {
    checkWholeNumbers({ maxSteps });
    return this.live().run(maxSteps, maxSeconds);
  }

  get finished() {
    return this.live().finished();
  }

  // Samples from the weights as they are now.
  preview(prompt = '', { maxTokens = 100, seed = 1, count = 1 } = {}) {
    checkWholeNumbers({ maxTokens, seed, count });
    return drainVector(this.live().preview(prompt, maxTokens, seed >>> 0, count));
  }

  // The trained model (validated on the held-out text); ends the training.
  finish() {
    const model = new Model(this.live().finish(), this.lmp);
    this.dispose();
    return model;
  }
}

// A generation-cost measurement in progress (Lmp.startGenerationCost).
export class GenerationCostMeter extends Owned {
  constructor(handle) {
    super(handle, null, 'this measurement was disposed');
    this.contexts = drainVector(handle.contexts());
  }

  get finished() {
    return this.live().finished();
  }

  // -> { n, kvUs, recomputeUs, lstmUs } for the next of this.contexts.
  measureNext() {
    return this.live().measureNext();
  }

  // The rows still to measure, each timed when it is asked for.
  *[Symbol.iterator]() {
    while (!this.finished) yield this.measureNext();
  }
}
