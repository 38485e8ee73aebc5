#!/usr/bin/env node
// Order-5 Kneser-Ney on Moby Dick, natively and in wasm, side by side.
//
//   npm run bench                      builds what is missing, then runs this
//   node bench/ngram.js [--reps N] [--chars N] [--batch N] [--seed N] [--json FILE]
//
// Three contestants run the same work: build/native/ngram_bench and
// build/wasm/ngram_bench.js (under this node), both kept running in --lockstep
// mode, and the JS API in this process, the real path of the page and the CLI
// (loadLmp() from web/lib/lmp.js, lmp.train(bytes, ...), model.sample('',
// {count, seed, maxTokens})). They take turns phase by phase (native, wasm,
// JS API, then the next phase; who goes first rotates), so a slow spell of this
// noisy machine falls on all three alike. Each phase runs once cold (fresh
// process: memory growth, wasm tier-up), reported apart, then `reps` times warm.
// ms columns: median (best) of the warm runs; ratios: median and quartiles of
// the ratios of back-to-back runs.
//
// Phases (see bench/ngram_bench.cpp):
//   train (whole novel)   valFraction 0: the figure of the "< 1 s in wasm" target
//   train+val eval        valFraction 0.1, tail: train on 90 %, evaluate the rest
//   sample                temperature 1, lines of at most 1000 tokens, `batch`
//                         samples a call with seeds seed, seed+1, ... until
//                         `chars` characters (newlines not counted)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { mobyText } from '../scripts/corpora.js';
import { CORE_SOURCE_DIRS, LockstepProcess, exitUnlessBuilt, fail, median, quantile, staleBinaries } from './lockstep.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 1000;
const ORDER = 5;
const MAX_TOKENS = 1000;

// ---- options -------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { reps: 10, chars: 10000, batch: 8, seed: 1, json: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !(name in opts) || i + 1 >= argv.length) {
      console.error(`usage: node bench/ngram.js [--reps N] [--chars N] [--batch N] [--seed N] [--json FILE]`);
      process.exit(2);
    }
    const value = argv[++i];
    if (name === 'json') {
      opts.json = value;
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
const opts = parseArgs(process.argv.slice(2));

// ---- what must be built ----------------------------------------------------------
const nativeBin = join(root, 'build/native/ngram_bench');
const wasmJs = join(root, 'build/wasm/ngram_bench.js');
const moduleJs = join(root, 'web/build/lmp_core.js');

const builds = [
  {
    files: [nativeBin],
    command: 'cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release && cmake --build build/native -j2 --target ngram_bench',
  },
  {
    files: [wasmJs, wasmJs.replace(/\.js$/, '.wasm'), moduleJs, moduleJs.replace(/\.js$/, '.wasm')],
    command: 'export NODE_PATH=/usr/share/nodejs; emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release' +
      ' && cmake --build build/wasm -j2 --target ngram_bench lmp_core_module',
  },
];
exitUnlessBuilt(root, builds);
const stale = staleBinaries(root, [
  [nativeBin, [...CORE_SOURCE_DIRS, 'bench']],
  [wasmJs.replace(/\.js$/, '.wasm'), [...CORE_SOURCE_DIRS, 'bench']],
  [moduleJs.replace(/\.js$/, '.wasm'), [...CORE_SOURCE_DIRS, 'wasm']],
]);

// ---- the corpus, exactly as the page and the CLI get it ----------------------------
const text = mobyText();
const bytes = new TextEncoder().encode(text);
const tmp = mkdtempSync(join(tmpdir(), 'lmp-bench-'));
const corpusFile = join(tmp, 'moby.txt');
writeFileSync(corpusFile, bytes);
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// ---- the three contestants -------------------------------------------------------------
const PHASES = ['train_full', 'train_val', 'sample'];
const benchArgs = [corpusFile, '--lockstep', '--order', ORDER, '--chars', opts.chars, '--batch', opts.batch,
  '--seed', opts.seed].map(String);


// A build of ngram_bench in --lockstep mode: one phase per request.
class BenchProcess extends LockstepProcess {
  constructor(label, command, args) {
    super(label, command, args, root);
  }

  async ready() {
    const line = await this.line();
    if (line !== 'ready') fail(`the ${this.label} run said '${line.slice(0, 200)}' instead of ready`);
  }

  async run(phase) {
    const { ms, cpu_ms: cpuMs } = await this.request(phase);
    return { ms, cpuMs };
  }
}

// FNV-1a over each sample plus "\n", as ngram_bench.cpp hashes them.
function fnv1a(strings) {
  const encoder = new TextEncoder();
  let hash = 0xcbf29ce484222325n;
  for (const s of strings) {
    for (const byte of encoder.encode(s + '\n')) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  }
  return hash.toString(16).padStart(16, '0');
}

// The JS API in this process: what the page's worker and the CLI call.
class JsApiBench {
  constructor(lmp) {
    this.label = 'JS API';
    this.lmp = lmp;
    this.full = null;
    this.val = null;
    this.sampled = null;
  }

  async ready() {}

  trainFull() {
    this.full?.dispose();
    this.full = null;
    this.full = this.lmp.train(bytes, { order: ORDER, smoothing: 'kn', valFraction: 0 });
  }

  async run(phase) {
    const cpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    let wall = 0;
    let cpuStart = 0;
    const begin = () => {
      cpuStart = cpu();
      wall = performance.now();
    };
    if (phase === 'train_full') {
      begin();
      this.trainFull();
    } else if (phase === 'train_val') {
      this.val?.dispose();
      this.val = null;
      begin();
      this.val = this.lmp.train(bytes, { order: ORDER, smoothing: 'kn', valFraction: 0.1, valSplit: 'tail' });
    } else {
      if (!this.full) this.trainFull();
      begin();
      const samples = [];
      let chars = 0;
      let calls = 0;
      while (chars < opts.chars) {
        const batch = this.full.sample('', { maxTokens: MAX_TOKENS, count: opts.batch, seed: opts.seed + calls });
        calls++;
        for (const s of batch) chars += [...s].length;
        samples.push(...batch);
      }
      this.sampled = { chars, samples: samples.length, calls, strings: samples };
    }
    return { ms: performance.now() - wall, cpuMs: cpu() - cpuStart };
  }

  async finish() {
    if (!this.full) this.trainFull();
    if (!this.val) await this.run('train_val');
    if (!this.sampled) await this.run('sample');
    const report = this.full.report;
    const summary = {
      build: 'js-api',
      model: { name: report.model, stored_ngrams: report.params, memory_bytes: this.full.stats().memoryBytes },
      val: { bpc: this.val.report.val.bpc },
      sample: { ...this.sampled, strings: undefined, hash: fnv1a(this.sampled.strings) },
    };
    this.full.dispose();
    this.val.dispose();
    return summary;
  }
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${platform()} ${arch()}, node ${process.version}`;
console.log(`LM Playground n-gram benchmark: order-${ORDER} Kneser-Ney on Moby Dick, native vs wasm vs JS API`);
const loadBefore = loadavg()[0];
console.log(`machine: ${machine}, load average ${loadBefore.toFixed(2)}`);
if (stale.length) {
  console.log(`WARNING: ${stale.join('; ')}: figures may be for old code; run \`npm run bench\` to rebuild.`);
}

let lmp;
try {
  const { loadLmp } = await import('../web/lib/lmp.js');
  lmp = await loadLmp();
} catch (error) {
  fail(`loading the JS API (web/lib/lmp.js, web/build/lmp_core.js) failed: ${error?.stack ?? error}`);
}
const contestants = {
  native: new BenchProcess('native', nativeBin, benchArgs),
  wasm: new BenchProcess('wasm', process.execPath, ['--no-experimental-fetch', wasmJs, ...benchArgs]),
  js: new JsApiBench(lmp),
};
const kinds = Object.keys(contestants);
for (const kind of kinds) await contestants[kind].ready();

// times[kind][phase][rep] = { ms, cpuMs }; rep 0 is the cold run of a fresh process.
const times = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(PHASES.map((p) => [p, []]))]));
const totalReps = opts.reps + 1;
process.stdout.write(`timing 1 cold + ${opts.reps} runs of each phase, taking turns phase by phase: `);
for (let rep = 0; rep < totalReps; rep++) {
  const order = kinds.map((_, i) => kinds[(i + rep) % kinds.length]);  // rotate who goes first
  for (const phase of PHASES) {
    for (const kind of order) {
      try {
        times[kind][phase].push(await contestants[kind].run(phase));
      } catch (error) {
        fail(`the ${contestants[kind].label} ${phase} run failed: ${error?.stack ?? error}`);
      }
    }
  }
  process.stdout.write('.');
}
process.stdout.write('\n');
const summaries = {};
for (const kind of kinds) summaries[kind] = await contestants[kind].finish();

// ---- figures ---------------------------------------------------------------------------
const warm = (kind, phase, key = 'ms') => times[kind][phase].slice(1).map((t) => t[key]);
const stat = (kind, phase) => {
  const xs = warm(kind, phase);
  return {
    median: median(xs), best: Math.min(...xs), worst: Math.max(...xs), cold: times[kind][phase][0].ms,
    cpuMedian: median(warm(kind, phase, 'cpuMs')), cpuBest: Math.min(...warm(kind, phase, 'cpuMs')),
  };
};
// Ratios of CPU times of runs made back to back (same rep, same phase): CPU
// time leaves out waiting for a core while other jobs run, and a slow spell of
// the machine (shared caches, memory) hits both runs of a pair alike.
const pairedRatio = (kind, phase) => {
  const base = warm('native', phase, 'cpuMs');
  const ratios = warm(kind, phase, 'cpuMs').map((t, i) => t / base[i]);
  return { median: median(ratios), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
};

const n0 = summaries.native;
const labels = {
  train_full: 'train (whole novel)',
  train_val: 'train+val eval (0.1 tail)',
  sample: `sample ${n0.sample.chars.toLocaleString('en-US')} chars`,
};
const table = Object.fromEntries(PHASES.map((phase) => [phase, {
  native: stat('native', phase), wasm: stat('wasm', phase), js: stat('js', phase),
  wasmRatio: pairedRatio('wasm', phase), jsRatio: pairedRatio('js', phase),
}]));

const ms = (f) => `${f.median.toFixed(0)} (${f.best.toFixed(0)})`;
const ratio = (r) => `${r.median.toFixed(2)}x [${r.q1.toFixed(2)}-${r.q3.toFixed(2)}]`;
const header = ['', 'native ms', 'wasm ms', 'wasm/native', 'JS API ms', 'JS API/native'];
const rows = PHASES.map((phase) => {
  const r = table[phase];
  return [labels[phase], ms(r.native), ms(r.wasm), ratio(r.wasmRatio), ms(r.js), ratio(r.jsRatio)];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');

const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
console.log();
console.log(`corpus: ${n0.corpus.bytes.toLocaleString('en-US')} bytes, ${n0.corpus.chars.toLocaleString('en-US')} chars, ` +
  `vocabulary ${n0.corpus.vocab_size}; model ${n0.model.name}: ${n0.model.stored_ngrams.toLocaleString('en-US')} ` +
  `stored n-grams, ${mib(n0.model.memory_bytes)}; val bpc ${n0.val.bpc.toFixed(4)}`);
console.log(`sampling: temperature 1, ${n0.sample.samples} lines in ${n0.sample.calls} calls of ${opts.batch}, seeds ${opts.seed}..${opts.seed + n0.sample.calls - 1}`);
console.log(`ms: wall time, median (best) of ${opts.reps} warm runs; ratios: of CPU times of back-to-back runs, median [quartiles]`);
console.log();
console.log(line(header));
for (const row of rows) console.log(line(row));
const cpuCells = (kind) => PHASES.map((phase) => table[phase][kind].cpuMedian.toFixed(0)).join(' / ');
console.log(`CPU ms, median (train / train+val / sample): native ${cpuCells('native')}, wasm ${cpuCells('wasm')}, ` +
  `JS API ${cpuCells('js')}`);
console.log();

const tf = table.train_full;
console.log(`cold (first run in a fresh process or module), train whole novel: native ${tf.native.cold.toFixed(0)} ms, ` +
  `wasm ${tf.wasm.cold.toFixed(0)} ms, JS API ${tf.js.cold.toFixed(0)} ms`);
const worst = Math.max(tf.wasm.worst, tf.wasm.cold, tf.js.worst, tf.js.cold);
const met = tf.wasm.median < TARGET_MS && tf.js.median < TARGET_MS;
console.log(`target, training on the whole novel in under 1 s in wasm: ${met ? 'MET' : 'NOT MET'} ` +
  `(wasm median ${tf.wasm.median.toFixed(0)} ms, JS API median ${tf.js.median.toFixed(0)} ms, ` +
  `slowest wasm or JS API run, cold included, ${worst.toFixed(0)} ms)`);

// This run keeps about one core busy itself; above the core count, other jobs shared the machine.
const load = Math.max(loadBefore + 1, loadavg()[0]);
if (load > cpus().length) {
  console.log(`note: the machine was busy (load average up to ${load.toFixed(1)} on ${cpus().length} cores): ` +
    'wall times are inflated; the CPU-time ratios and best figures are the ones to trust');
}

// The three must agree: same model size, same val bpc, same samples from the same seeds.
const all = kinds.map((k) => summaries[k]);
const hashes = new Set(all.map((r) => r.sample.hash));
const sizes = new Set(all.map((r) => r.model.stored_ngrams));
const bpcs = all.map((r) => r.val.bpc);
const agree = hashes.size === 1 && sizes.size === 1 && bpcs.every((b) => Math.abs(b - bpcs[0]) <= 1e-9 * bpcs[0]);
console.log(agree
  ? `native, wasm and JS API agree: same n-gram count, val bpc and samples (hash ${[...hashes][0]})`
  : `MISMATCH between builds: sample hashes ${all.map((r) => r.sample.hash).join(' ')}, ` +
    `n-gram counts ${all.map((r) => r.model.stored_ngrams).join(' ')}, val bpc ${bpcs.join(' ')}`);

if (opts.json) {
  writeFileSync(opts.json, JSON.stringify({ machine, options: opts, times, summaries, table }, null, 2));
  console.log(`raw figures written to ${opts.json}`);
}
process.exitCode = agree ? 0 : 1;
