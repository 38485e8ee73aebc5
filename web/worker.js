// The model lives here, off the main thread, so training a large corpus or
// sampling thousands of characters never freezes the page.
//
// Protocol: the page sends { id, type, ...payload }; every reply carries the
// same id plus either { ok: true, ... } or { ok: false, error }. Replies to
// requests that a newer request of the same kind has made pointless (slider
// moves) come back as { ok: true, stale: true } without doing the work.
// Unsolicited messages: { type: 'ready' } once the wasm module has loaded and
// { type: 'fatal', error } when the module can no longer be trusted; the page
// then replaces this worker.
import { loadLmp } from './lib/lmp.js';

let lmp = null;
let model = null;
let corpus = null;          // { key, bytes } of the model now loaded, for "is this sample copied?"
let corpusLines;            // Set of its lines, or null when not worth it; built on first need
const corpusCache = new Map();  // url -> Uint8Array; the presets are re-trained often

const latestIdOf = { next: -1, sample: -1 };
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
  if (request.type in latestIdOf) latestIdOf[request.type] = Math.max(latestIdOf[request.type], request.id);
  // One request at a time and in order: a sample sent after a train must see the new model.
  queue = queue.then(() => handle(request));
};

async function handle(request) {
  await started;
  if (!lmp) {
    self.postMessage({ id: request.id, ok: false, error: 'the model engine is not available' });
    return;
  }
  if (request.type in latestIdOf && request.id < latestIdOf[request.type]) {
    self.postMessage({ id: request.id, ok: true, stale: true });
    return;
  }
  try {
    const reply = await run(request);
    self.postMessage({ id: request.id, ok: true, ...reply });
  } catch (error) {
    self.postMessage({ id: request.id, ok: false, error: messageOf(error) });
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
    default: throw new Error(`unknown request '${request.type}'`);
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
  if (source.kind === 'text') return new TextEncoder().encode(source.text);
  if (source.kind === 'bytes') return new Uint8Array(source.bytes);
  throw new Error(`unknown corpus source '${source.kind}'`);
}

async function train({ source, options }) {
  const bytes = await corpusBytes(source);
  const t0 = performance.now();
  const fresh = lmp.train(bytes, options);
  const ms = performance.now() - t0;
  // Only now is the old model let go: a failed training keeps it usable.
  model?.dispose();
  model = fresh;
  corpus = { bytes };
  corpusLines = undefined;
  return {
    ms,
    report: model.report,
    stats: model.stats(),
    corpus: describeCorpus(bytes),
  };
}

function describeCorpus(bytes) {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  if (bytes.length && bytes[bytes.length - 1] !== 10) lines++;
  return { bytes: bytes.length, lines };
}

function requireModel() {
  if (!model) throw new Error('there is no trained model yet; press Train first');
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

function next({ prompt, options }) {
  const live = requireModel();
  return { tokens: live.nextTokens(prompt, { ...options, limit: 0 }) };
}

function messageOf(error) {
  if (error instanceof Error) return error.message;
  return String(error);
}
