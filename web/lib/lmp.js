// LM Playground's JavaScript API: the friendly face of the wasm core, the same
// in the browser (page worker), in Node (CLI, tests) and on a course page.
//
//   const lmp = await loadLmp();
//   const model = lmp.train(bytesOrText, { order: 3, smoothing: 'kn' });
//   model.sample('em', { temperature: 0.8, topK: 5, sampleSeed: 7 });
//   model.dispose();
//
// Options are described once, by the core's option table: lmp.options() lists
// every one (key, type, default, range, what it applies to, why). They cross
// into the core as text and are checked there, so an error names the option
// and its range. Errors are LmpError with a kind the caller can act on.
//
// It copies every vector out of wasm memory at once (no views kept: they go
// stale when the memory grows) and owns the lifetime of each wasm object:
// call dispose().
//
// Its types are lmp.d.ts beside it, written by hand (tests/node/types.test.js
// keeps the two in step); the options' types come from the option table.
import createLmpCore from '../build/lmp_core.js';

const runsInNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// alpha 0: the most probable segmentation; > 0 (unigram): one drawn per line, from seed.
const TOKENIZE_DEFAULTS = Object.freeze({ alpha: 0, seed: 1 });
// Contexts 16, 32, ... doubling up to maxContext; tokens timed after each (see core/app/generation_cost.h).
const GENERATION_COST_DEFAULTS = Object.freeze({ maxContext: 256, tokens: 32, seed: 1 });
const REMOVED_BY = [null, 'top-k', 'top-p', 'greedy'];
// Model files are checked against the largest limit a wasm32 module allows.
const MAX_MEMORY_LIMIT_MB = 2048;

// What went wrong, by kind, so that callers act without reading the message:
//   'invalid-input'   a text, prompt or option that cannot be used (the message says which and why)
//   'corrupt-model'   a model file that is truncated, damaged, from a newer release or not ours
//   'resource-limit'  the work needs more memory than the limit allows, or memory ran out
//   'usage'           the API itself misused: a disposed object, an argument of the wrong type
//   'internal'        a bug in the core; the message says where
// (A training that diverges is not an error: it stops and keeps the last good
// weights, and its progress and report say so in `stopped`.)
export class LmpError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'LmpError';
    this.kind = kind;
  }
}

export async function loadLmp() {
  const options = {};
  if (runsInNode) {
    // Emscripten 3.1.6 would fetch() the .wasm, which Node cannot do for files.
    const { readFile } = await import('node:fs/promises');
    options.wasmBinary = await readFile(new URL('../build/lmp_core.wasm', import.meta.url));
  }
  const core = await createLmpCore(options);
  core.LmpError = LmpError;  // the bindings throw the core's errors as this class
  return new Lmp(core);
}

function toBytes(text) {
  if (text instanceof Uint8Array) return text;
  if (text instanceof ArrayBuffer) return new Uint8Array(text);
  if (typeof text === 'string') return new TextEncoder().encode(text);
  throw new LmpError('usage', 'expected text as a string, Uint8Array or ArrayBuffer');
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

// Arguments of a call that are not options (a seed for tokenize, a step limit):
// Embind would silently truncate 3.5 to 3 and wrap 2^32 + 16 to 16. The core
// checks their ranges.
function wholeNumber(name, value, largest = 2 ** 31 - 1) {
  if (!Number.isInteger(value)) throw new LmpError('invalid-input', `${name} must be a whole number (got ${value})`);
  if (Math.abs(value) > largest) throw new LmpError('invalid-input', `${name} is far too large (got ${value})`);
  return value;
}

// Options come as a plain object ({ order: 3 }), nothing else.
function objectOf(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new LmpError('usage', `options must be an object such as { order: 3 } (got ${typeof options})`);
  }
  return options;
}

// A value of the table's type, from the text the core uses at its edges.
function typed(info, text) {
  if (info.type === 'integer' || info.type === 'number') return Number(text);
  if (info.type === 'boolean') return text === 'true';
  return text;
}

export class Lmp {
  #table = null;

  constructor(core) {
    this.core = core;
  }

  // The option table: [{ key, group ('train' | 'sample'), type ('integer' | 'number' |
  //   'boolean' | 'choice' | 'text'), default, modelDefaults ({ transformer: 64 }),
  //   min, max, aboveMin, step, choices, models, tokenizers, aliases ([{ name, models }]),
  //   allowed (in words), label, help, flag ('--seq-len') }], in the core's order.
  options() {
    this.#table ??= Object.freeze(drainVector(this.core.optionTable(), (o) => Object.freeze({
      key: o.key,
      group: o.group,
      type: o.type,
      default: typed(o, o.defaultValue),
      modelDefaults: Object.fromEntries(drainVector(o.modelDefaults, (d) => [d.model, typed(o, d.value)])),
      min: o.min,
      max: o.max,
      aboveMin: o.aboveMin,
      step: o.step,
      choices: drainVector(o.choices),
      models: drainVector(o.models),
      tokenizers: drainVector(o.tokenizers),
      aliases: drainVector(o.aliases, (a) => ({ name: a.name, models: drainVector(a.models) })),
      allowed: o.allowed,
      label: o.label,
      help: o.help,
      flag: `--${kebab(o.key)}`,
    })));
    return this.#table;
  }

  // Every training option at its default for this model ({ key: value }).
  defaults(model = undefined) {
    const out = {};
    for (const o of this.options()) {
      if (o.group === 'train') out[o.key] = model in o.modelDefaults ? o.modelDefaults[model] : o.default;
    }
    if (model !== undefined) out.model = model;
    return out;
  }

  // Of an options object, the part that applies to its model and tokenizer:
  // training refuses an option given for a model or tokenizer it does nothing
  // for, so one object can serve several models through this. An alias the
  // model reads (seqLen, the Transformer's context) is kept.
  applicable(options) {
    const model = options.model ?? this.defaults().model;
    const tokenizer = options.tokenizer ?? this.defaults().tokenizer;
    const kept = {};
    for (const [key, value] of Object.entries(options)) {
      const own = this.options().find((o) => o.group === 'train' && o.key === key);
      const alias = this.options().some((o) => o.group === 'train'
        && o.aliases.some((a) => a.name === key && (a.models.length === 0 || a.models.includes(model))));
      if (alias || !own || (own.models.includes(model) && own.tokenizers.includes(tokenizer))) kept[key] = value;
    }
    return kept;
  }

  // text, options.valText: string | Uint8Array | ArrayBuffer (bytes are checked as UTF-8).
  // Trains to the end in one call; a diverging run stops and keeps its last good weights.
  train(text, options = {}) {
    const training = this.startTraining(text, options);
    try {
      while (!training.finished) training.run({ maxSeconds: 60 });
      return training.finish();
    } finally {
      training.dispose();
    }
  }

  // Training a model step by step (what the page's worker and the CLI do):
  //   const training = lmp.startTraining(text, { model: 'lstm', steps: 2000 });
  //   while (!training.finished) report(training.run({ maxSeconds: 0.25 }));
  //   const model = training.finish();
  startTraining(text, optionsAndVal = {}) {
    const { valText = null, ...options } = objectOf(optionsAndVal);
    return this.#withTrainOptions(options, (handle) => {
      const limit = options.memoryLimitMb ?? this.defaults().memoryLimitMb;
      const trainBytes = this.checkedBytes(text, limit);
      const session = valText !== null && valText !== undefined
        ? this.core.TrainingSession.startWithVal(trainBytes, this.checkedBytes(valText, limit), handle)
        : this.core.TrainingSession.start(trainBytes, handle);
      return new Training(session, this);
    });
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
    const config = { ...GENERATION_COST_DEFAULTS };
    for (const key of Object.keys(config)) {
      if (options[key] !== undefined) config[key] = wholeNumber(key, options[key], key === 'seed' ? 2 ** 32 - 1 : undefined);
    }
    config.seed >>>= 0;
    return new GenerationCostMeter(this.core.GenerationCostMeter.start(config));
  }

  // The lines a model would train on and hold out, as two texts (each line ending in '\n'):
  //   const { train, val } = lmp.splitText(text, { valFraction: 0.1, valSplit: 'tail' });
  splitText(text, options = {}) {
    return this.#withTrainOptions(options, (handle) => this.core.splitText(this.checkedBytes(text, MAX_MEMORY_LIMIT_MB), handle));
  }

  // A tokenizer on its own, to try kinds and vocabulary sizes without training a model:
  //   const tok = lmp.trainTokenizer(text, { tokenizer: 'bpe', vocabSize: 512 });
  //   tok.tokenize('the whale', { alpha: 0 });  tok.dispose();
  trainTokenizer(text, options = {}) {
    return this.#withTrainOptions(options, (handle) => new Tokenizer(
      this.core.StandaloneTokenizer.train(this.checkedBytes(text, options.memoryLimitMb ?? this.defaults().memoryLimitMb), handle), this));
  }

  // Refuses a text too large for the memory limit before it is copied into
  // wasm memory, where a failed allocation could not be reported.
  checkedBytes(text, memoryLimitMb) {
    const bytes = toBytes(text);
    this.core.TrainedModel.checkTextSize(bytes.length, memoryLimitMb);
    return bytes;
  }

  // The core's options from a plain object, checked against the table.
  #withTrainOptions(options, use) {
    return this.#withOptions(this.core.trainOptionsFrom, options, use);
  }

  withSampleOptions(options, use) {
    return this.#withOptions(this.core.sampleOptionsFrom, options, use);
  }

  // parse: the core's trainOptionsFrom or sampleOptionsFrom; use gets its handle while it lives.
  #withOptions(parse, options, use) {
    objectOf(options);
    const settings = new this.core.OptionSettingVector();
    let handle;
    try {
      for (const [key, value] of Object.entries(options)) {
        if (value !== undefined && value !== null) settings.push_back({ key, value: String(value) });
      }
      handle = parse(settings);
    } finally {
      settings.delete();
    }
    try {
      return use(handle);
    } finally {
      handle.delete();
    }
  }

  // { key: value } of the settings the core hands back, typed by the table.
  typedSettings(vector) {
    const byKey = new Map(this.options().map((o) => [o.key, o]));
    return Object.fromEntries(drainVector(vector, (s) => [s.key, typed(byKey.get(s.key), s.value)]));
  }
}

// "seqLen" -> "seq-len": the CLI's spelling of a key.
export function kebab(key) {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
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
    if (!this.handle) throw new LmpError('usage', this.gone);
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

  // The training options that apply to this model ({ key: value }), as the
  // option table names them: what lmp.train(text, model.options) repeats.
  get options() {
    const handle = this.live().options();
    try {
      return this.lmp.typedSettings(this.lmp.core.settingsOf(handle));
    } finally {
      handle.delete();
    }
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

  // -> string[]: each the prompt followed by its continuation. The options are
  // the sampling options of lmp.options() (temperature, topK, topP, greedy,
  // maxTokens, count, sampleSeed, alias seed).
  sample(prompt = '', options = {}) {
    return this.lmp.withSampleOptions({ ...options, prompt }, (handle) => drainVector(this.live().sample(handle)));
  }

  // -> [{ id, token, base, tempered, prob, removedBy }], most probable first.
  // base: temperature 1; tempered: after temperature; prob: after top-k/top-p;
  // removedBy: null | 'top-k' | 'top-p' | 'greedy'. <unk> is never offered. After a
  // prompt that stops inside a word (see context()), only pieces that start with the
  // healed prefix, as sampling draws them.
  nextTokens(prompt = '', { limit = 0, ...sampling } = {}) {
    wholeNumber('limit', limit);
    return this.lmp.withSampleOptions({ ...sampling, prompt }, (handle) => drainVector(
      this.live().nextTokens(handle, limit),
      (t) => ({ id: t.id, token: t.label, base: t.base, tempered: t.tempered, prob: t.final, removedBy: REMOVED_BY[t.removedBy] }),
    ));
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

  // Teacher forcing against the model's own text, for each non-empty line of the text
  // (core/generate/exposure.h). The line's first promptTokens tokens are given; then each
  // true token x_t is scored twice with the model's probability (temperature 1): after the
  // true prefix, forcedNll = -ln p(x_t | x_<t) (teacher forcing, what evaluation measures),
  // and after the model's own tokens since the prompt, ownNll = -ln p(x_t | prompt, y...),
  // each y drawn with the sampling options (temperature, topK, topP, greedy, sampleSeed,
  // alias seed). The own line never draws <unk>, nor <eol> before the true line ends.
  //   model.exposure('emma', { promptTokens: 1, temperature: 0.8, sampleSeed: 3 })
  // -> [{ line (its number in the text, from 1), text, ownText (the prompt and the own tokens
  //   as text), prompt: string[] (promptTokens), steps: [{ truth, own (tokens as text: 'm',
  //   '<eol>'), truthId, ownId, forcedNll, ownNll (nats; Infinity for probability 0), drawn
  //   (false: nothing could be drawn, the true token stands in) }] (one per measured token,
  //   '<eol>' last), chars (what the steps spell, + 1 for the line end), forcedNllPerToken,
  //   ownNllPerToken, forcedBpc, ownBpc }], one per line. Each line is measured on its own
  //   (its draws seeded by sampleSeed and the line itself); a line shorter than promptTokens is refused.
  exposure(text, options = {}) {
    const { promptTokens = 0, ...sampling } = objectOf(options);
    wholeNumber('promptTokens', promptTokens);
    const misplaced = ['prompt', 'maxTokens', 'count'].filter((key) => key in sampling);
    if (misplaced.length) {
      throw new LmpError('usage', `exposure takes no ${misplaced.join(', ')}: its prompt is each line's first `
        + 'promptTokens tokens, and the own text is as long as the line');
    }
    const bytes = this.lmp.checkedBytes(text, this.options.memoryLimitMb);
    return this.lmp.withSampleOptions(sampling, (handle) => drainVector(this.live().exposure(bytes, handle, promptTokens), (r) => ({
      line: r.line,
      text: r.text,
      ownText: r.ownText,
      prompt: drainVector(r.prompt),
      steps: drainVector(r.steps, (step) => ({
        truth: step.truthLabel,
        own: step.ownLabel,
        truthId: step.truth,
        ownId: step.own,
        forcedNll: step.forcedNll,
        ownNll: step.ownNll,
        drawn: step.drawn,
      })),
      chars: r.chars,
      forcedNllPerToken: r.forcedNllPerToken,
      ownNllPerToken: r.ownNllPerToken,
      forcedBpc: r.forcedBpc,
      ownBpc: r.ownBpc,
    })));
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
  const alpha = options.alpha ?? TOKENIZE_DEFAULTS.alpha;
  const seed = wholeNumber('seed', options.seed ?? TOKENIZE_DEFAULTS.seed, 2 ** 32 - 1);
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
    return tokenization(this.live(), this.lmp.checkedBytes(text, MAX_MEMORY_LIMIT_MB), options);
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
    return this.live().run(wholeNumber('maxSteps', maxSteps), maxSeconds);
  }

  get finished() {
    return this.live().finished();
  }

  // Samples from the weights as they are now (temperature 1): { maxTokens, count, sampleSeed (or seed) }.
  preview(prompt = '', options = {}) {
    return this.lmp.withSampleOptions({ ...options, prompt }, (handle) => drainVector(this.live().preview(handle)));
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
