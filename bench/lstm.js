#!/usr/bin/env node
// Training throughput of a character LSTM on Moby Dick: ours natively, ours in
// wasm, ours through the JS API, and the same model in TensorFlow.js under node
// (CPU backend, and wasm backend with SIMD on one thread), in one run.
//
//   npm run bench                      builds what is missing, then runs this (and the others)
//   node bench/lstm.js [--model lstm|gpt] [--rounds N] [--target-ms N] [--seed N] [--skip LIST] [--json FILE]
//
// --model gpt races the tiny GPT instead (see MODELS below): d_model 64, 2
// pre-LayerNorm blocks of 4 heads with a 4x GELU MLP, learned positions,
// context 64, the head tied to the embedding, batch 16, the same Adam; in
// TF.js written with tf ops and variables (tfjs-layers has no attention layer).
//
// The model: char-level (85 symbols on Moby Dick: the characters plus <unk>,
// <eol>, <bos>), embedding 32, one LSTM layer of 128 (sigmoid gates, tanh, the
// forget-gate bias starting at 1), a dense output over the vocabulary, softmax
// cross-entropy; 96,117 weights in every contestant. Training: sequence length
// 64, batch 32, plain Adam (lr 3e-3, betas 0.9/0.999, epsilon 1e-8, no weight
// decay, no clipping, constant rate), stream mode: the text is one stream
// (<bos>, each line followed by <eol>), row b of the batch reads its own
// 1/32 of it window after window, and the LSTM state is carried from one window
// to the next (gradients stop at the window's edge). tokens/s = 64·32 tokens a
// step over the time of the steps.
//
// Contestants:
//   ours native      build/native/lstm_bench (g++ -O3 -msse4.1: 128-bit SIMD like wasm's)
//   ours wasm        build/wasm/lstm_bench.js under this node (-O3 -msimd128)
//   ours JS API      in this process: loadLmp() from web/lib/lmp.js, lmp.startTraining(),
//                    training.run({maxSteps}), the path of the page's worker and the CLI
//   TF.js CPU        @tensorflow/tfjs with its CPU backend (plain JS), a child node process
//   TF.js wasm       @tensorflow/tfjs-backend-wasm, the SIMD binary without threads (node has no
//                    threads for it), a child node process
// The two native-code builds run in --lockstep mode (bench/lstm_bench.cpp), the
// TF.js ones in this script's --worker mode with the same protocol ("train N" ->
// {ms, cpu_ms, tokens, steps, loss}). TF.js's model is a tf.sequential of an
// embedding as a one-hot input times an 85x32 matrix (the gradient of a lookup
// needs UnsortedSegmentSum, which the wasm backend lacks; on the CPU backend the
// product is faster than tf.layers.embedding), a stateful tf.layers.lstm
// (recurrentActivation 'sigmoid', unitForgetBias) and a dense layer, trained
// with optimizer.minimize() on tf.losses.softmaxCrossEntropy (one-hots made as
// int32 and cast: tf.oneHot(.., 'float32') gives int32 bits on the wasm backend).
//
// How it measures: each contestant first warms up (one step cold, then doubling
// requests until one takes 300 ms), which also gives its time per step; from it
// each gets a number of steps per request filling about --target-ms (at least
// one step). Then --rounds rounds, each contestant one request per round, in
// turns (who goes first rotates), so a slow spell of this small shared machine
// falls on all of them. tokens/s: median (best) over the rounds, in wall time;
// ratios: median [quartiles] over the rounds of the ratios of the same round's
// figures in process CPU time (which leaves out time spent waiting for a core).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

import { mobyText } from '../scripts/corpora.js';
import { CORE_SOURCE_DIRS, LockstepProcess, exitUnlessBuilt, fail, median, quantile, staleBinaries } from './lockstep.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const thisFile = fileURLToPath(import.meta.url);

// The configurations every contestant trains; --model picks one (here, before
// anything else, since the TF.js worker processes need it too).
const MODELS = {
  lstm: {
    config: Object.freeze({ embed: 32, hidden: 128, seqLen: 64, batch: 32, lr: 3e-3 }),
    describe: (c) => `char LSTM, embedding ${c.embed}, hidden ${c.hidden}`,
    ours: (c) => ({ model: 'lstm', embed: c.embed, hidden: c.hidden, layers: 1 }),
  },
  gpt: {
    config: Object.freeze({ embed: 64, layers: 2, heads: 4, seqLen: 64, batch: 16, lr: 3e-3 }),
    describe: (c) => `tiny GPT, d_model ${c.embed}, ${c.layers} blocks of ${c.heads} heads`,
    ours: (c) => ({ model: 'transformer', embed: c.embed, layers: c.layers, heads: c.heads }),
  },
};
const modelAt = process.argv.indexOf('--model');
const MODEL = modelAt >= 0 ? process.argv[modelAt + 1] : 'lstm';
if (!(MODEL in MODELS)) {
  console.error(`bench/lstm.js: --model is ${Object.keys(MODELS).join(' or ')} (got ${MODEL})`);
  process.exit(2);
}
const CONFIG = MODELS[MODEL].config;
const TOKENS_PER_STEP = CONFIG.seqLen * CONFIG.batch;
const TARGET_VS_TFJS = 5;     // wasm at least 5x TensorFlow.js's fastest backend
const TARGET_VS_NATIVE = 0.6; // wasm at least 0.6x our native build (SSE4.1)
const WARM_MS = 300;          // warm-up requests double until one takes this long

// ---- the stream, tokenized as the core does it (core/text/corpus.cpp, tokenize/char_tokenizer.cpp,
// train/neural_training.cpp encode_stream): lines split at \n (a \r before it
// dropped, a BOM dropped, no empty last line), ids 0 <unk>, 1 <eol>, 2 <bos>,
// then the characters in code-point order; the stream is <bos>, then each line's
// ids followed by <eol>.
function tokenStream(text) {
  let body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  body = null;
  const chars = new Set();
  for (const line of lines) for (const ch of line) chars.add(ch.codePointAt(0));
  const sorted = [...chars].sort((a, b) => a - b);
  const ids = new Map(sorted.map((cp, i) => [cp, i + 3]));
  const stream = [2];
  for (const line of lines) {
    for (const ch of line) stream.push(ids.get(ch.codePointAt(0)));
    stream.push(1);
  }
  return { stream: Int32Array.from(stream), vocab: sorted.length + 3 };
}

// Windows as core/train/batches.cpp StreamBatcher::next() cuts them, batch-major
// here ([B, T], TF.js's layout; ours is time-major, the same windows).
class StreamWindows {
  constructor(stream, time, batch) {
    this.stream = stream;
    this.time = time;
    this.batch = batch;
    this.rowLength = Math.floor((stream.length - 1) / batch);
    this.windows = Math.floor(this.rowLength / time);
    this.cursor = 0;
  }

  next() {
    const { time, batch } = this;
    const inputs = new Int32Array(time * batch);
    const targets = new Int32Array(time * batch);
    for (let r = 0; r < batch; r++) {
      const base = r * this.rowLength + this.cursor * time;
      for (let t = 0; t < time; t++) {
        inputs[r * time + t] = this.stream[base + t];
        targets[r * time + t] = this.stream[base + t + 1];
      }
    }
    this.cursor = (this.cursor + 1) % this.windows;
    return { inputs, targets };
  }
}

const cpuMsNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// ---- TensorFlow.js, only for this benchmark ---------------------------------------------
// It is ~290 MB, so it is not a dependency of the project (npm test would
// install it everywhere): the first run installs it under build/bench-deps.
const TFJS_VERSION = '4.22.0';
const TFJS_DIR = join(root, 'build', 'bench-deps');
const TFJS_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];

function tfjsRequire() {
  return createRequire(join(TFJS_DIR, 'index.js'));
}

function installTfjs() {
  const require = tfjsRequire();
  const missing = TFJS_PACKAGES.filter((pkg) => {
    try {
      require.resolve(pkg);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  console.error(`bench: installing TensorFlow.js ${TFJS_VERSION} into build/bench-deps (once)`);
  mkdirSync(TFJS_DIR, { recursive: true });
  const result = spawnSync('npm', ['install', '--prefix', TFJS_DIR, '--no-save', '--no-audit', '--no-fund',
    ...TFJS_PACKAGES.map((pkg) => `${pkg}@${TFJS_VERSION}`)], { stdio: 'inherit' });
  if (result.status !== 0) fail('could not install TensorFlow.js from the npm registry');
}

// int32 one-hot, then cast: tf.oneHot(.., 'float32') on the wasm backend
// returns int32 bits labelled float32.
const oneHotOf = (tf, V) => (ids) => tf.cast(tf.oneHot(ids, V), 'float32');

// The LSTM as a tf.sequential. The embedding is a one-hot input times a (V, E)
// matrix, the same function and gradient as a lookup: on the wasm backend the
// gradient of a lookup (gather) needs UnsortedSegmentSum, which that backend
// lacks, and on the CPU backend the product is the faster of the two (about
// 2.7 s a step against 3.4 s with tf.layers.embedding on the machine this was
// written on). Initialization as ours (core/models/recurrent_model.cpp), which
// also keeps TF.js's orthogonal initializer (a QR taking seconds in plain JS)
// out of the start-up.
function tfjsLstm(tf, V) {
  const { embed: E, hidden: H, seqLen: T, batch: B } = CONFIG;
  const normal = (stddev, seed) => tf.initializers.randomNormal({ mean: 0, stddev, seed });
  const model = tf.sequential();
  model.add(tf.layers.dense({
    units: E, useBias: false, batchInputShape: [B, T, V], kernelInitializer: normal(1, 1), name: 'embedding',
  }));
  const lstm = tf.layers.lstm({
    units: H, returnSequences: true, stateful: true, recurrentActivation: 'sigmoid', unitForgetBias: true,
    kernelInitializer: normal(1 / Math.sqrt(E), 2), recurrentInitializer: normal(1 / Math.sqrt(H), 3),
  });
  model.add(lstm);
  model.add(tf.layers.dense({ units: V, kernelInitializer: normal(0.01, 4) }));
  const optimizer = tf.train.adam(CONFIG.lr, 0.9, 0.999, 1e-8);
  const oneHot = oneHotOf(tf, V);
  return {
    params: model.countParams(),
    step(inputs, targets) {
      const loss = tf.tidy(() => {
        const ids = tf.tensor2d(inputs, [B, T], 'int32');
        const labels = oneHot(tf.tensor1d(targets, 'int32'));
        return optimizer.minimize(() => {
          const logits = tf.reshape(model.apply(oneHot(ids), { training: true }), [B * T, V]);
          return tf.losses.softmaxCrossEntropy(labels, logits);
        }, true);
      });
      const value = loss.dataSync()[0];
      loss.dispose();
      // A stateful layer keeps each window's starting state for back-propagation
      // until resetStates(), which would also zero the state; the step is done.
      tf.dispose(lstm.keptStates);
      lstm.keptStates = [];
      return value;
    },
  };
}

// The tiny GPT with tf ops, the same function as core/models/transformer_model.cpp:
// token embedding (one-hot times the table, as above) plus learned positions;
// per block x += proj(attention(LN(x))), x += W2 gelu(W1 LN(x)); final LN; logits
// x Eᵀ. Causal attention by a band matrix of 0 and -1e9 added before the
// softmax; GELU in its tanh form. Initialized as ours (N(0, 0.02), the two
// residual projections scaled by 1/sqrt(2 layers)).
function tfjsGpt(tf, V) {
  const { embed: D, layers: L, heads: H, seqLen: T, batch: B } = CONFIG;
  const d = D / H;
  let seed = 1;
  const normal = (shape, std = 0.02) => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed++));
  const zeros = (shape) => tf.variable(tf.zeros(shape));
  const ones = (shape) => tf.variable(tf.ones(shape));
  const residualStd = 0.02 / Math.sqrt(2 * L);
  const table = normal([V, D]);
  const positions = normal([T, D]);
  const blocks = Array.from({ length: L }, () => ({
    ln1: [ones([D]), zeros([D])], qkv: [normal([D, 3 * D]), zeros([3 * D])], proj: [normal([D, D], residualStd), zeros([D])],
    ln2: [ones([D]), zeros([D])], fc: [normal([D, 4 * D]), zeros([4 * D])], out: [normal([4 * D, D], residualStd), zeros([D])],
  }));
  const lnF = [ones([D]), zeros([D])];
  const variables = [table, positions, ...blocks.flatMap((b) => [...b.ln1, ...b.qkv, ...b.proj, ...b.ln2, ...b.fc, ...b.out]), ...lnF];
  const mask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9));  // -1e9 above the diagonal
  const layerNorm = (x, [gain, bias]) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gain), bias);
  };
  const dense = (x, [w, b]) => tf.add(tf.matMul(x, w), b);
  const gelu = (x) => tf.mul(tf.mul(x, 0.5),
    tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
  const heads = (x) => tf.transpose(tf.reshape(x, [B, T, H, d]), [0, 2, 1, 3]);  // (B*T, D) -> (B, H, T, d)
  const forward = (oneHotIds) => {
    let x = tf.add(tf.reshape(tf.matMul(tf.reshape(oneHotIds, [B * T, V]), table), [B, T, D]), positions);
    x = tf.reshape(x, [B * T, D]);
    for (const block of blocks) {
      const qkv = dense(layerNorm(x, block.ln1), block.qkv);
      const [q, k, v] = tf.split(qkv, 3, 1).map(heads);
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)), mask);
      const attended = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [B * T, D]);
      x = tf.add(x, dense(attended, block.proj));
      x = tf.add(x, dense(gelu(dense(layerNorm(x, block.ln2), block.fc)), block.out));
    }
    return tf.matMul(layerNorm(x, lnF), table, false, true);  // (B*T, V), tied head
  };
  const optimizer = tf.train.adam(CONFIG.lr, 0.9, 0.999, 1e-8);
  const oneHot = oneHotOf(tf, V);
  return {
    params: variables.reduce((n, v) => n + v.size, 0),
    step(inputs, targets) {
      const loss = tf.tidy(() => {
        const ids = oneHot(tf.tensor2d(inputs, [B, T], 'int32'));
        const labels = oneHot(tf.tensor1d(targets, 'int32'));
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(ids)), true, variables);
      });
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    },
  };
}

// ---- worker mode: one TF.js backend in this process, driven over stdin/stdout ----------
async function tfjsWorker(backendName, corpusFile) {
  // stdout carries the protocol; whatever TF.js prints goes to stderr.
  const write = (line) => process.stdout.write(`${line}\n`);
  console.log = console.info = console.warn = console.error;
  const require = tfjsRequire();
  const tf = require('@tensorflow/tfjs');
  let threads = null;
  if (backendName === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    // The .wasm files from node_modules; no threads: node gets the SIMD binary on one thread.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js wasm backend did not initialize');
    threads = wasm.getThreadsCount();
  } else {
    if (!(await tf.setBackend('cpu'))) throw new Error('the TF.js CPU backend did not initialize');
  }
  await tf.ready();
  const simd = backendName === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : null;

  const { readFileSync } = await import('node:fs');
  const { stream, vocab: V } = tokenStream(readFileSync(corpusFile, 'utf8'));
  const windows = new StreamWindows(stream, CONFIG.seqLen, CONFIG.batch);
  const trainer = (MODEL === 'gpt' ? tfjsGpt : tfjsLstm)(tf, V);

  let steps = 0;
  const runs = [];
  const train = (n) => {
    let lossSum = 0;
    const wall = performance.now();
    const cpu = cpuMsNow();
    for (let i = 0; i < n; i++) {
      const { inputs, targets } = windows.next();
      lossSum += trainer.step(inputs, targets);
      steps++;
    }
    const run = { ms: performance.now() - wall, cpu_ms: cpuMsNow() - cpu, tokens: n * TOKENS_PER_STEP, steps, loss: lossSum / n };
    runs.push(run);
    return run;
  };

  write('ready');
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'quit') break;
    const match = /^train (\d+)$/.exec(line);
    if (!match || Number(match[1]) < 1) throw new Error(`unknown request '${line}'; use 'train N' or quit`);
    write(JSON.stringify(train(Number(match[1]))));
  }
  write(JSON.stringify({
    build: `tfjs-${backendName}`, tfjs: tf.version.tfjs, backend: tf.getBackend(), simd, threads,
    params: trainer.params, vocab_size: V, steps, tensors: tf.memory().numTensors,
    train_loss: runs.length ? runs[runs.length - 1].loss : null, runs,
  }));
  process.exit(0);
}

const workerAt = process.argv.indexOf('--worker');
if (workerAt >= 0) {
  const backend = process.argv[workerAt + 1];
  const corpus = process.argv[workerAt + 2];
  if (!['cpu', 'wasm'].includes(backend) || !corpus) {
    console.error('usage: node bench/lstm.js --worker cpu|wasm CORPUS [--model lstm|gpt]');
    process.exit(2);
  }
  try {
    await tfjsWorker(backend, corpus);
  } catch (error) {
    console.error(`bench/lstm.js worker (${backend}): ${error?.stack ?? error}`);
    process.exit(1);
  }
} else {
  await main();
}

// ---- the benchmark -----------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { model: 'lstm', rounds: 8, 'target-ms': 1500, seed: 1, skip: '', json: null };
  const usage = 'usage: node bench/lstm.js [--model lstm|gpt] [--rounds N] [--target-ms N] [--seed N] [--skip LIST] [--json FILE]\n' +
    '  --skip: comma-separated contestants to leave out: native, wasm, jsapi, tfjs-cpu, tfjs-wasm';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.replace(/^--/, '');
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    }
    if (!flag.startsWith('--') || !(name in opts) || i + 1 >= argv.length) {
      console.error(usage);
      process.exit(2);
    }
    const value = argv[++i];
    if (name === 'json' || name === 'skip' || name === 'model') {
      opts[name] = value;
    } else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) {
        console.error(`bench: ${flag} needs a positive integer, got '${value}'`);
        process.exit(2);
      }
      opts[name] = n;
    }
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const KINDS = ['native', 'wasm', 'jsapi', 'tfjs-cpu', 'tfjs-wasm'];
  const skip = new Set(opts.skip.split(',').filter(Boolean));
  for (const s of skip) if (!KINDS.includes(s)) fail(`--skip: unknown contestant '${s}'; use ${KINDS.join(', ')}`);

  // ---- what must be built ----------------------------------------------------------------
  const nativeBin = join(root, 'build/native/lstm_bench');
  const wasmJs = join(root, 'build/wasm/lstm_bench.js');
  const moduleJs = join(root, 'web/build/lmp_core.js');
  const builds = [
    {
      files: [nativeBin],
      command: 'cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release && cmake --build build/native -j2 --target lstm_bench',
    },
    {
      files: [wasmJs, wasmJs.replace(/\.js$/, '.wasm'), moduleJs, moduleJs.replace(/\.js$/, '.wasm')],
      command: 'export NODE_PATH=/usr/share/nodejs; emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release' +
        ' && cmake --build build/wasm -j2 --target lstm_bench lmp_core_module',
    },
  ];
  exitUnlessBuilt(root, builds);
  installTfjs();
  const stale = staleBinaries(root, [
    [nativeBin, [...CORE_SOURCE_DIRS, 'bench']],
    [wasmJs.replace(/\.js$/, '.wasm'), [...CORE_SOURCE_DIRS, 'bench']],
    [moduleJs.replace(/\.js$/, '.wasm'), [...CORE_SOURCE_DIRS, 'wasm']],
  ]);

  // ---- the corpus, exactly as the page and the CLI get it --------------------------------
  const text = mobyText();
  const tmp = mkdtempSync(join(tmpdir(), 'lmp-bench-'));
  const corpusFile = join(tmp, 'moby.txt');
  writeFileSync(corpusFile, text);
  process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
  const { vocab } = tokenStream(text);
  let codePoints = 0;
  for (const _ of text) codePoints++;

  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${platform()} ${arch()}, node ${process.version}`;
  console.log(`LM Playground training benchmark: ${MODELS[MODEL].describe(CONFIG)} on Moby Dick, ours (native, wasm, JS API) vs TensorFlow.js (CPU, wasm)`);
  const loadBefore = loadavg()[0];
  console.log(`machine: ${machine}, load average ${loadBefore.toFixed(2)}`);
  if (stale.length) console.log(`WARNING: ${stale.join('; ')}: figures may be for old code; run \`npm run bench\` to rebuild.`);

  // ---- the contestants -------------------------------------------------------------------
  class StepProcess extends LockstepProcess {
    constructor(label, command, args) {
      super(label, command, args, root);
    }

    async ready() {
      const line = await this.line();
      if (line !== 'ready') fail(`the ${this.label} run said '${line.slice(0, 200)}' instead of ready`);
    }

    async train(steps) {
      const r = await this.request(`train ${steps}`);
      return { ms: r.ms, cpuMs: r.cpu_ms, tokens: r.tokens, steps: r.steps, loss: r.loss };
    }
  }

  // Our JS API in this process: what the page's worker and the CLI call.
  class JsApiBench {
    constructor() {
      this.label = 'JS API';
      this.runs = [];
    }

    async ready() {
      const { loadLmp } = await import('../web/lib/lmp.js');
      this.lmp = await loadLmp();
      this.training = this.lmp.startTraining(text, {
        ...MODELS[MODEL].ours(CONFIG), seqLen: CONFIG.seqLen,
        batch: CONFIG.batch, optimizer: 'adam', lr: CONFIG.lr, weightDecay: 0, clip: 0, warmup: 0,
        mode: 'stream', evalEvery: 0, valFraction: 0, steps: 10_000_000, seed: opts.seed,
      });
      this.step = 0;
    }

    async train(steps) {
      const wall = performance.now();
      const cpu = cpuMsNow();
      const progress = this.training.run({ maxSteps: steps, maxSeconds: 1e9 });
      const run = { ms: performance.now() - wall, cpuMs: cpuMsNow() - cpu };
      if (progress.stopped) fail(`JS API: ${progress.stopped}`);
      run.tokens = (progress.step - this.step) * TOKENS_PER_STEP;
      run.steps = this.step = progress.step;
      run.loss = progress.trainLoss;
      return run;
    }

    async finish() {
      const model = this.training.finish();
      const { report } = model;
      const summary = { build: 'js-api', params: report.params, vocab_size: model.vocabSize, steps: report.steps,
        train_loss: report.trainLoss };
      model.dispose();
      return summary;
    }
  }

  const seedArgs = ['--seed', String(opts.seed), '--model', MODEL];
  const makers = {
    native: () => new StepProcess('native', nativeBin, [corpusFile, '--lockstep', ...seedArgs]),
    wasm: () => new StepProcess('wasm', process.execPath, ['--no-experimental-fetch', wasmJs, corpusFile, '--lockstep', ...seedArgs]),
    jsapi: () => new JsApiBench(),
    'tfjs-cpu': () => new StepProcess('TF.js CPU', process.execPath, [thisFile, '--worker', 'cpu', corpusFile, '--model', MODEL]),
    'tfjs-wasm': () => new StepProcess('TF.js wasm', process.execPath, [thisFile, '--worker', 'wasm', corpusFile, '--model', MODEL]),
  };
  const labels = {
    native: 'ours, native (g++ -O3 -msse4.1)',
    wasm: 'ours, wasm (-O3 -msimd128)',
    jsapi: 'ours, JS API (lmp.startTraining)',
    'tfjs-cpu': 'TF.js CPU backend',
    'tfjs-wasm': 'TF.js wasm backend (SIMD, 1 thread)',
  };
  const kinds = KINDS.filter((k) => !skip.has(k));
  const contestants = Object.fromEntries(kinds.map((k) => [k, makers[k]()]));
  // Start-up (TF.js import, wasm compile, the orthogonal initializer) is not measured: all at once.
  await Promise.all(kinds.map(async (k) => {
    try {
      await contestants[k].ready();
    } catch (error) {
      fail(`starting the ${contestants[k].label} run failed: ${error?.stack ?? error}`);
    }
  }));

  const train = async (kind, steps) => {
    try {
      return await contestants[kind].train(steps);
    } catch (error) {
      return fail(`the ${contestants[kind].label} run failed: ${error?.stack ?? error}`);
    }
  };

  // ---- warm-up and calibration, one contestant after the other ---------------------------
  process.stdout.write('warming up: ');
  const warmups = {};
  const perRequest = {};
  for (const kind of kinds) {
    const cold = await train(kind, 1);
    const runs = [cold];
    let steps = 1;
    for (;;) {
      const r = await train(kind, steps);
      runs.push(r);
      if (r.ms >= WARM_MS || steps >= 64) break;
      steps *= 2;
    }
    const last = runs[runs.length - 1];
    const msPerStep = last.ms / (last.tokens / TOKENS_PER_STEP);
    perRequest[kind] = Math.max(1, Math.round(opts['target-ms'] / msPerStep));
    warmups[kind] = { coldMs: cold.ms, msPerStep, runs };
    process.stdout.write(`${kind} ${msPerStep.toFixed(0)} ms/step; `);
  }
  process.stdout.write('\n');

  // ---- measured rounds ---------------------------------------------------------------------
  const times = Object.fromEntries(kinds.map((k) => [k, []]));
  process.stdout.write(`timing ${opts.rounds} rounds, steps a request: ` +
    `${kinds.map((k) => `${k} ${perRequest[k]}`).join(', ')}: `);
  for (let round = 0; round < opts.rounds; round++) {
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(i + round) % kinds.length];  // rotate who goes first
      times[kind].push(await train(kind, perRequest[kind]));
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  const summaries = {};
  for (const kind of kinds) summaries[kind] = await contestants[kind].finish();

  // ---- figures -----------------------------------------------------------------------------
  const tps = (r, key = 'ms') => r.tokens / (r[key] / 1000);
  const stat = (kind) => {
    const wall = times[kind].map((r) => tps(r));
    const cpu = times[kind].map((r) => tps(r, 'cpuMs'));
    const last = times[kind][times[kind].length - 1];
    return { median: median(wall), best: Math.max(...wall), cpuMedian: median(cpu), steps: last.steps, loss: last.loss };
  };
  const stats = Object.fromEntries(kinds.map((k) => [k, stat(k)]));
  // Throughput ratio num/den from the same rounds, in CPU time (and in wall time, for reference).
  const pairedRatio = (num, den, key = 'cpuMs') => {
    const ratios = times[num].map((r, i) => tps(r, key) / tps(times[den][i], key));
    return { median: median(ratios), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
  };

  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  const header = ['', 'tokens/s', '(best)', 'CPU tokens/s', 'ms/step', 'steps', 'loss'];
  const rows = kinds.map((k) => {
    const s = stats[k];
    return [labels[k], fmt(s.median), `(${fmt(s.best)})`, fmt(s.cpuMedian), (TOKENS_PER_STEP / s.median * 1000).toFixed(1),
      String(s.steps), s.loss.toFixed(3)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

  console.log();
  console.log(`model: ${MODELS[MODEL].describe(CONFIG)}, vocabulary ${vocab}, ` +
    `seq ${CONFIG.seqLen}, batch ${CONFIG.batch}, Adam ${CONFIG.lr}, stream windows over Moby Dick ` +
    `(${codePoints.toLocaleString('en-US')} characters); ${TOKENS_PER_STEP} tokens a step`);
  console.log(`tokens/s: wall time, median (best) of ${opts.rounds} rounds; CPU tokens/s: process CPU time, median; ` +
    'loss: nats/token, mean over the last request, after `steps` steps');
  console.log();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log();

  // Ratios of throughputs; a target counts as met when the median ratio meets
  // it in CPU time and in wall time both.
  const ratioText = (r) => `${r.median.toFixed(2)}x [${r.q1.toFixed(2)}-${r.q3.toFixed(2)}]`;
  const shortLabels = { native: 'native', wasm: 'wasm', jsapi: 'JS API', 'tfjs-cpu': 'TF.js CPU', 'tfjs-wasm': 'TF.js wasm' };
  const ratioRows = [];
  const verdicts = [];
  const addRatio = (num, den, target, note = '') => {
    if (!times[num] || !times[den]) return;
    const cpu = pairedRatio(num, den);
    const wall = pairedRatio(num, den, 'ms');
    let verdict = '';
    if (target) {
      const met = cpu.median >= target && wall.median >= target;
      verdicts.push(met);
      verdict = `>= ${target}x: ${met ? 'MET' : 'NOT MET'}`;
    }
    ratioRows.push([`${shortLabels[num]} / ${shortLabels[den]}${note}`, ratioText(cpu), `${wall.median.toFixed(2)}x`, verdict]);
  };
  const tfKinds = ['tfjs-cpu', 'tfjs-wasm'].filter((k) => times[k]);
  const tfBest = tfKinds.length ? tfKinds.reduce((a, b) => (stats[b].median > stats[a].median ? b : a)) : null;
  addRatio('wasm', 'native', TARGET_VS_NATIVE);
  if (tfBest) addRatio('wasm', tfBest, TARGET_VS_TFJS, ' (fastest TF.js)');
  for (const k of tfKinds.filter((k) => k !== tfBest)) addRatio('wasm', k, 0);
  addRatio('jsapi', 'wasm', 0);
  addRatio('tfjs-wasm', 'tfjs-cpu', 0);
  if (ratioRows.length) {
    const ratioHeader = ['throughput ratio', 'CPU time, median [quartiles]', 'wall', 'target'];
    const rw = ratioHeader.map((h, i) => Math.max(h.length, ...ratioRows.map((row) => row[i].length)));
    const ratioLine = (cells) => cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(rw[i]) : c.padStart(rw[i])))
      .join('  ').trimEnd();
    console.log(ratioLine(ratioHeader));
    for (const row of ratioRows) console.log(ratioLine(row));
    console.log();
  }
  if (verdicts.length) {
    console.log(`targets: ${verdicts.every(Boolean) ? 'all MET' : 'NOT all met'} ` +
      '(met = the median ratio reaches the target in CPU time and in wall time)');
  }
  console.log(`cold first step (ms): ${kinds.map((k) => `${k} ${warmups[k].coldMs.toFixed(0)}`).join(', ')}`);
  for (const k of tfKinds) {
    const s = summaries[k];
    console.log(`${k}: TF.js ${s.tfjs}, backend ${s.backend}${s.backend === 'wasm' ? ` (SIMD ${s.simd}, threads ${s.threads})` : ''}, ` +
      `${s.tensors} live tensors at the end`);
  }

  // Same model size and vocabulary everywhere, or the comparison is off.
  const params = new Set(kinds.map((k) => summaries[k].params));
  const vocabs = new Set([vocab, ...kinds.map((k) => summaries[k].vocab_size)]);
  const agree = params.size === 1 && vocabs.size === 1;
  console.log(agree
    ? `all contestants train the same model: ${[...params][0].toLocaleString('en-US')} weights, vocabulary ${vocab}`
    : `MISMATCH: weights ${kinds.map((k) => `${k} ${summaries[k].params}`).join(', ')}; ` +
      `vocabulary ${kinds.map((k) => `${k} ${summaries[k].vocab_size}`).join(', ')} (script ${vocab})`);

  const load = Math.max(loadBefore + 1, loadavg()[0]);
  if (load > cpus().length) {
    console.log(`note: the machine was busy (load average up to ${load.toFixed(1)} on ${cpus().length} cores): ` +
      'wall times are inflated; the CPU-time ratios are the ones to trust');
  }

  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({ machine, options: opts, config: CONFIG, perRequest, warmups, times,
      stats, summaries }, null, 2));
    console.log(`raw figures written to ${opts.json}`);
  }
  process.exitCode = agree ? 0 : 1;
}
