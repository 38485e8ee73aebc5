// The model lives here, off the main thread, so training a large corpus or
// sampling thousands of characters never freezes the page.
//
// Protocol: the page sends { id, type, ...payload }; every reply carries the
// same id plus either { ok: true, ... } or { ok: false, error, kind }, where
// kind is the error's kind from the core ('invalid-input', 'corrupt-model',
// 'resource-limit', 'diverged', 'usage'), or 'internal' for anything else. Replies to
// requests that a newer request of the same kind has made pointless (slider
// moves) come back as { ok: true, stale: true } without doing the work.
// A neural training also sends { id, progress: {...} } after each slice and
// takes { type: 'control', action: 'pause' | 'resume' | 'stop' } at any time:
// those skip the queue, since the queue is busy with the training itself.
// A generation-cost measurement likewise sends { id, progress: { contexts, rows } }
// after each context length it has timed: every n it will time, the rows so far.
// The tokenizer panel: 'trainTokenizer' trains a tokenizer on its own on the
// training part of a corpus (kept here until the next one) and answers with
// its figures and a default passage from the validation part; 'tokenize' cuts
// a passage with that tokenizer or with the loaded model's (which: 'panel' | 'model').
// 'sweep' trains one n-gram model per order on a corpus, each measured and let
// go at once, so the model loaded stays as it is; it sends { id, progress: { orders, rows } }
// after each order, and stops as stale when a newer sweep arrives.
// 'exposure' runs model.exposure on held-out lines of the loaded model's own
// text (exposure.js): teacher forcing against the model's own prefix.
// 'save' answers with the model's file (the .lmp the CLI writes) as { bytes },
// an ArrayBuffer handed over, not copied; 'open' loads such a file's bytes
// and makes it the model, answering as 'train' does, with the options the
// file holds, the time it took to load (loadMs), and ms and corpus null: a
// model file keeps neither its training time nor its training text.
// Unsolicited messages: { type: 'ready' } once the wasm module has loaded and
// { type: 'fatal', error } when the module can no longer be trusted; the page
// then replaces this worker.
import { fetchCorpus } from '../corpus-fetch.js';
import { loadLmp } from '../lib/lmp.js';
import { heldOutLines, spreadOver } from './exposure.js';
import { passageOf } from './passage.js';

let lmp = null;
let model = null;
let panelTokenizer = null;  // the tokenizer panel's own, from 'trainTokenizer'
let corpus = null;          // { bytes, split } of the model now loaded: "is this sample copied?", its held-out lines
let corpusLines;            // Set of its lines, or null when not worth it; built on first need
const corpusCache = new Map();  // url -> Uint8Array; the presets and a linked text are re-trained often

const latestIdOf = { next: -1, sample: -1, tokenize: -1, sweep: -1 };
const control = { paused: false, stop: false };
let queue = Promise.resolve();

const started = loadLmp().then(
  (loaded) => {
    lmp = loaded;
    self.postMessage({ type: 'ready' });
  },
  (error) => {
    self.postMessage({
      type: 'fatal',
      error: `the model engine (WebAssembly) could not be loaded: ${messageOf(error)}`,
      permanent: true,
    });
  },
);

self.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'control') {
    if (request.action === 'pause') control.paused = true;
    else if (request.action === 'resume') control.paused = false;
    else if (request.action === 'stop') control.stop = true;
    return;
  }
  // Reset on arrival, not when the training starts: a Stop sent while the corpus loads still counts.
  if (request.type === 'train') Object.assign(control, { paused: false, stop: false });
  if (request.type in latestIdOf) latestIdOf[request.type] = Math.max(latestIdOf[request.type], request.id);
  // One request at a time and in order: a sample sent after a train must see the new model.
  queue = queue.then(() => handle(request));
};

async function handle(request) {
  await started;
  if (!lmp) {
    self.postMessage({ id: request.id, ok: false, error: 'the model engine is not available', kind: 'internal' });
    return;
  }
  if (request.type in latestIdOf && request.id < latestIdOf[request.type]) {
    self.postMessage({ id: request.id, ok: true, stale: true });
    return;
  }
  try {
    const reply = await run(request);
    self.postMessage({ id: request.id, ok: true, ...reply }, buffersOf(reply));
  } catch (error) {
    self.postMessage({ id: request.id, ok: false, error: messageOf(error), kind: kindOf(error) });
    // A trap (out-of-bounds access, unreachable) may leave wasm memory in any
    // state; ordinary errors from the core are thrown cleanly and are fine.
    if (error instanceof WebAssembly.RuntimeError || !(error instanceof Error)) {
      self.postMessage({ type: 'fatal', error: messageOf(error) });
    }
  }
}

async function run(request) {
  switch (request.type) {
    case 'train': return train(request);
    case 'sample': return sample(request);
    case 'next': return next(request);
    case 'attention': return requireModel().attention(request.prompt);
    case 'generationCost': return generationCost(request);
    case 'trainTokenizer': return trainTokenizer(request);
    case 'tokenize': return tokenize(request);
    case 'sweep': return sweep(request);
    case 'exposure': return exposure(request);
    case 'save': return save();
    case 'open': return open(request);
    default: throw new UsageError(`unknown request '${request.type}'`);
  }
}

async function corpusBytes(source) {
  if (source.kind === 'url') {
    if (!corpusCache.has(source.url)) {
      const response = await fetch(source.url);
      if (!response.ok) throw new Error(`could not fetch the corpus ${source.url} (HTTP ${response.status}); is the build complete?`);
      corpusCache.set(source.url, new Uint8Array(await response.arrayBuffer()));
    }
    return corpusCache.get(source.url);
  }
  // A text at an address: fetched with its size limit, and kept like the presets.
  if (source.kind === 'remote') {
    if (!corpusCache.has(source.url)) corpusCache.set(source.url, await fetchCorpus(source.url));
    return corpusCache.get(source.url);
  }
  if (source.kind === 'text') return new TextEncoder().encode(source.text);
  if (source.kind === 'bytes') return new Uint8Array(source.bytes);
  throw new UsageError(`unknown corpus source '${source.kind}'`);
}

async function train({ id, source, options }) {
  const bytes = await corpusBytes(source);
  const t0 = performance.now();
  let fresh;
  let ms;
  let stopped = '';
  let stoppedEarly = false;
  if (options.model && options.model !== 'ngram') {
    ({ model: fresh, ms, stopped, stoppedEarly } = await trainNeural(id, bytes, options));
  } else {
    fresh = lmp.train(bytes, options);
    ms = performance.now() - t0;
  }
  // Only now is the old model let go: a failed training keeps it usable.
  model?.dispose();
  model = fresh;
  corpus = { bytes, split: splitOf(options) };
  corpusLines = undefined;
  return {
    ms,
    stopped,
    stoppedEarly,
    report: model.report,
    stats: model.stats(),
    corpus: describeCorpus(bytes),
  };
}

// A copy out of wasm memory, so its buffer is the file's alone and can be handed over.
function save() {
  const bytes = requireModel().save();
  return { bytes: bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer };
}

// A file that cannot be read throws before anything changes: the model loaded stays.
function open({ bytes }) {
  const t0 = performance.now();
  const fresh = lmp.loadModel(new Uint8Array(bytes));
  model?.dispose();
  model = fresh;
  corpus = null;
  corpusLines = undefined;
  const { report } = model;
  return {
    ms: null,
    loadMs: performance.now() - t0,
    stopped: report.stopped,
    stoppedEarly: false,
    report,
    stats: model.stats(),
    corpus: null,
    options: model.options,
  };
}

// The ArrayBuffers of a reply, handed over with it rather than copied.
function buffersOf(reply) {
  return Object.values(reply).filter((value) => value instanceof ArrayBuffer);
}

// Trains in slices of 0.2 s with a turn of the message loop in between, so
// that Pause and Stop arrive, and reports each slice to the page.
async function trainNeural(id, bytes, options) {
  const training = lmp.startTraining(bytes, options);
  try {
    let result = null;
    let nextPreviewStep = 0;
    while (!training.finished && !control.stop) {
      if (control.paused) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      result = training.run({ maxSeconds: 0.2 });
      const progress = { ...result };
      // A sample every ~100 steps shows what the weights have learned so far.
      if (result.step >= nextPreviewStep || result.finished) {
        progress.preview = training.preview('', { maxTokens: 60, sampleSeed: result.step + 1, count: 3 });
        nextPreviewStep = result.step + 100;
      }
      self.postMessage({ id, progress });
      if (result.stopped) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const stoppedEarly = !training.finished && !result?.stopped;
    const model = training.finish();
    return { model, ms: (result?.elapsedS ?? 0) * 1000, stopped: result?.stopped ?? '', stoppedEarly };
  } finally {
    training.dispose();
  }
}

// One context length at a time, each row sent as soon as it is timed, so the
// page draws the plot as it grows. The turn of the message loop between rows
// lets requests that arrive meanwhile be queued (and slider moves marked
// stale) instead of piling up unseen; it is left out of every timing.
async function generationCost({ id, options }) {
  const meter = lmp.startGenerationCost(options);
  try {
    const rows = [];
    for (const row of meter) {
      rows.push(row);
      self.postMessage({ id, progress: { contexts: meter.contexts, rows } });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { rows };
  } finally {
    meter.dispose();
  }
}

// One n-gram model per order, on the same text with the same split, as a
// lesson plots them (accuracy, sparsity and memory against the order). Each
// row is sent when its order is measured; a turn of the message loop between
// orders lets a newer sweep make this one stale.
async function sweep({ id, source, options, orders }) {
  const bytes = await corpusBytes(source);
  const rows = [];
  for (const order of orders) {
    if (latestIdOf.sweep > id) return { stale: true };
    const t0 = performance.now();
    const counted = lmp.train(bytes, { ...options, model: 'ngram', order });
    try {
      const { report } = counted;
      rows.push({
        order,
        ms: performance.now() - t0,
        bpc: report.val?.bpc ?? NaN,
        ppl: report.val?.ppl ?? NaN,
        ngrams: report.params,
        memoryBytes: counted.stats().memoryBytes,
        // The share of held-out n-grams of this order that training never saw.
        unseenShare: report.valUnseenShare[order - 1] ?? NaN,
      });
    } finally {
      counted.dispose();
    }
    self.postMessage({ id, progress: { orders, rows } });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { rows };
}

// The core's split, so the tokenizer learns from exactly the text a model
// would, and the default passage is text neither has seen.
async function trainTokenizer({ source, options, valFraction, valSplit }) {
  const { train, val } = lmp.splitText(await corpusBytes(source), { valFraction, valSplit });
  const fresh = lmp.trainTokenizer(train, options);
  panelTokenizer?.dispose();
  panelTokenizer = fresh;
  return {
    kind: fresh.kind,
    vocabSize: fresh.vocabSize,
    canSample: fresh.canSample,
    trainSeconds: fresh.trainSeconds,
    passage: passageOf((val || train).split('\n')),
  };
}

// Long passages are cut: thousands of chips say no more than a few hundred.
const MAX_PASSAGE_CHARS = 4000;

function tokenize({ which, text, alpha, seed }) {
  const tokenizer = which === 'model' ? requireModel() : panelTokenizer;
  if (!tokenizer) throw new UsageError('train a tokenizer first');
  const chars = Array.from(text);
  const cut = chars.length > MAX_PASSAGE_CHARS;
  const shown = cut ? chars.slice(0, MAX_PASSAGE_CHARS).join('') : text;
  return { ...tokenizer.tokenize(shown, { alpha, seed }), cut: cut ? MAX_PASSAGE_CHARS : 0 };
}

// The options that cut a text into its training and held-out parts, as the training cut it.
function splitOf(options) {
  return Object.fromEntries(['valFraction', 'valSplit'].filter((key) => key in options).map((key) => [key, options[key]]));
}

// Teacher forcing against the model's own text on `lines` held-out lines,
// spread over the held-out part (a sorted list would otherwise give only names
// in “a”), each with a token to measure after the prompt.
function exposure({ lines, promptTokens, options }) {
  const live = requireModel();
  if (!corpus) throw new UsageError('the model was opened from a file, which does not hold its training text: train a model in step 1 to measure this');
  const { val } = lmp.splitText(corpus.bytes, corpus.split);
  if (!val) throw new UsageError('the model was trained on all of its text, so no line is held out: set a validation share above 0 in step 1 and train again');
  const candidates = heldOutLines(val, (line) => live.tokenize(line).tokens.length - 1 > promptTokens);
  if (!candidates.length) throw new UsageError(`no held-out line is longer than ${promptTokens} tokens: choose a shorter prompt`);
  const chosen = spreadOver(candidates, lines);
  return { heldOut: candidates.length, lines: live.exposure(chosen.join('\n'), { promptTokens, ...options }) };
}

function describeCorpus(bytes) {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  if (bytes.length && bytes[bytes.length - 1] !== 10) lines++;
  return { bytes: bytes.length, lines };
}

function requireModel() {
  if (!model) throw new UsageError('there is no trained model yet; press Train first');
  return model;
}

function sample({ prompt, options }) {
  const live = requireModel();
  const t0 = performance.now();
  const samples = live.sample(prompt, options);
  const ms = performance.now() - t0;
  const lines = linesOfCorpus();
  return {
    ms,
    samples: samples.map((text) => ({ text, inCorpus: lines ? lines.has(text) : null })),
  };
}

// Whether a sample is copied verbatim from the corpus says a lot about
// over-fitting at high orders, but only for lists of short items (names,
// words); for prose wrapped at 70 columns every sample would be "new".
function linesOfCorpus() {
  if (corpusLines !== undefined || !corpus) return corpusLines ?? null;
  corpusLines = null;
  if (corpus.bytes.length > 4 << 20) return null;
  const lines = new TextDecoder().decode(corpus.bytes).split(/\r?\n/).filter((line) => line.length);
  const averageLength = lines.reduce((sum, line) => sum + line.length, 0) / Math.max(1, lines.length);
  if (averageLength <= 24) corpusLines = new Set(lines);
  return corpusLines;
}

// The distribution and what the model read to give it, found the same way (healed).
function next({ prompt, options }) {
  const live = requireModel();
  return { tokens: live.nextTokens(prompt, { ...options, limit: 0 }), context: live.context(prompt) };
}

// A request the worker cannot serve as asked (no model yet, an unknown request).
class UsageError extends Error {
  constructor(message) {
    super(message);
    this.kind = 'usage';
  }
}

function messageOf(error) {
  if (error instanceof Error) return error.message;
  return String(error);
}

function kindOf(error) {
  return typeof error?.kind === 'string' ? error.kind : 'internal';
}
