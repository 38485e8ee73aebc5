#!/usr/bin/env node
// Matrix products, natively and in wasm, side by side: GFLOP/s of the scalar
// reference, Eigen and the SIMD kernels of each build, and whether the wasm
// SIMD kernel meets its targets (faster than Eigen in the same wasm build, and
// at least 0.6x of native Eigen built with SSE4.1 on the same machine).
//
//   node bench/gemm.js [--native DIR] [--wasm DIR] [--rounds N] [--min-ms N] [--json FILE]
//
// DIR defaults: build/native and build/wasm (what `node scripts/setup.js bench`
// builds). Both builds of bench/gemm_bench.cpp stay running in --lockstep mode
// and take turns request by request: for each case, every contestant of both
// builds runs once, back to back (who goes first rotates from round to round),
// so a slow spell of this noisy 2-core machine falls on all of them alike. One
// request: an untimed warm-up call, then calls filling at least --min-ms.
// Round 0 is a warm-up (V8 tier-up, caches, memory growth) and is left out.
//
// Cases: C (n, n) = op(A)·op(B) with inner dimension n: A·B at n = 64, 128, 256,
// 512 and A·Bᵀ, Aᵀ·B at 256. The scalar reference runs only up to n = 128.
// GFLOP/s: 2n³ flops over process CPU time (which leaves out time spent waiting
// for a core), median [best] over the rounds; ratios: median [quartiles] of the
// ratios of runs made back to back in the same round.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LockstepProcess, exitUnlessBuilt, fail, median, quantile, staleBinaries } from './lockstep.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_VS_WASM_EIGEN = 1.0;   // faster than Eigen in the same wasm build
const TARGET_VS_NATIVE_EIGEN = 0.6; // at least 0.6x of native Eigen (SSE4.1)
const CASES = [['AB', 64], ['AB', 128], ['AB', 256], ['AB', 512], ['ABt', 256], ['AtB', 256]];
const REFERENCE_MAX_N = 128;
const FORM_LABELS = { AB: 'A·B', ABt: 'A·Bᵀ', AtB: 'Aᵀ·B' };

// ---- options -------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { native: 'build/native', wasm: 'build/wasm', rounds: 8, 'min-ms': 40, json: null };
  const usage = 'usage: node bench/gemm.js [--native DIR] [--wasm DIR] [--rounds N] [--min-ms N] [--json FILE]';
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
    if (['native', 'wasm', 'json'].includes(name)) {
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
const opts = parseArgs(process.argv.slice(2));
const dirPath = (dir) => (isAbsolute(dir) ? dir : join(root, dir));
const shown = (file) => relative(root, file) || file;

// ---- what must be built ----------------------------------------------------------
const nativeBin = join(dirPath(opts.native), 'gemm_bench');
const wasmJs = join(dirPath(opts.wasm), 'gemm_bench.js');
const builds = [
  {
    files: [nativeBin],
    command: `cmake -S . -B ${opts.native} -DCMAKE_BUILD_TYPE=Release && cmake --build ${opts.native} -j2 --target gemm_bench`,
  },
  {
    files: [wasmJs, wasmJs.replace(/\.js$/, '.wasm')],
    command: `export NODE_PATH=/usr/share/nodejs; emcmake cmake -S . -B ${opts.wasm} -DCMAKE_BUILD_TYPE=Release` +
      ` && cmake --build ${opts.wasm} -j2 --target gemm_bench`,
  },
];
exitUnlessBuilt(root, builds);
const stale = staleBinaries(root, [
  [nativeBin, ['core/kernels', 'bench']],
  [wasmJs.replace(/\.js$/, '.wasm'), ['core/kernels', 'bench']],
]);


// A build of gemm_bench in --lockstep mode: one measurement per request.
class BenchProcess extends LockstepProcess {
  constructor(label, command, args) {
    super(label, command, args, root);
  }

  async ready() {
    const hello = await this.json();
    if (!hello.ready) fail(`the ${this.label} run said '${JSON.stringify(hello).slice(0, 200)}' instead of ready`);
    this.contestants = hello.contestants;
    this.choice = hello.choice;
  }

  run(contestant, form, n) {
    return this.request(`${contestant} ${form} ${n}`);
  }
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${platform()} ${arch()}, node ${process.version}`;
console.log('LM Playground matrix-product benchmark: f32 GEMM variants, native (g++ -O3 -msse4.1) vs wasm (-O3 -msimd128)');
const loadBefore = loadavg()[0];
console.log(`machine: ${machine}, load average ${loadBefore.toFixed(2)}`);
if (stale.length) console.log(`WARNING: ${stale.join('; ')}: figures may be for old code; rebuild first.`);

const benchArgs = ['--lockstep', '--min-ms', String(opts['min-ms'])];
const procs = {
  native: new BenchProcess('native', nativeBin, benchArgs),
  wasm: new BenchProcess('wasm', process.execPath, ['--no-experimental-fetch', wasmJs, ...benchArgs]),
};
const builds_ = Object.keys(procs);
for (const b of builds_) await procs[b].ready();

// One entry per (build, contestant): "wasm eigen", "native reference", ...
const entries = builds_.flatMap((b) => procs[b].contestants.map((c) => ({ build: b, contestant: c, key: `${b} ${c}` })));
const caseKey = ([form, n]) => `${form} ${n}`;
const runsIn = (form, n) => entries.filter((e) => e.contestant !== 'reference' || n <= REFERENCE_MAX_N);

// times[entry key][case key][round] = measurement; round 0 is the warm-up round.
const times = Object.fromEntries(entries.map((e) => [e.key, Object.fromEntries(CASES.map((c) => [caseKey(c), []]))]));
const totalRounds = opts.rounds + 1;
process.stdout.write(`timing 1 warm-up + ${opts.rounds} rounds, every contestant of both builds back to back per case: `);
for (let round = 0; round < totalRounds; round++) {
  for (const [form, n] of CASES) {
    const list = runsIn(form, n);
    for (let i = 0; i < list.length; i++) {
      const e = list[(i + round) % list.length];  // rotate who goes first
      times[e.key][caseKey([form, n])].push(await procs[e.build].run(e.contestant, form, n));
    }
  }
  process.stdout.write(round === 0 ? 'w' : '.');
}
process.stdout.write('\n');
const summaries = {};
for (const b of builds_) summaries[b] = await procs[b].finish();

// ---- figures ---------------------------------------------------------------------------
const warm = (key, c) => times[key][caseKey(c)].slice(1);
const gflops = (key, c) => {
  const xs = warm(key, c).map((m) => m.cpu_gflops);
  return xs.length ? { median: median(xs), best: Math.max(...xs) } : null;
};
// Throughput ratio num/den from runs of the same round and case (back to back).
const pairedRatio = (num, den, c) => {
  const a = warm(num, c);
  const b = warm(den, c);
  const ratios = a.map((m, i) => m.cpu_gflops / b[i].cpu_gflops);
  return { median: median(ratios), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
};

const simdKey = `wasm ${procs.wasm.choice}`;
const nativeChoiceKey = `native ${procs.native.choice}`;
const caseLabel = ([form, n]) => `${n} ${FORM_LABELS[form]}`;
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
const printTable = (header, rows) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  console.log(pad(header, widths));
  for (const row of rows) console.log(pad(row, widths));
};

console.log();
console.log(`f32_gemm runs: wasm ${procs.wasm.choice}, native ${procs.native.choice}`);
console.log(`GFLOP/s (2n³ flops / process CPU time), median [best] of ${opts.rounds} rounds; "-": not run`);
console.log();
const shortName = (c) => (c === 'reference' ? 'ref' : c === 'eigen' ? 'Eigen' : c);
printTable(
  ['n  op', ...entries.map((e) => `${e.build} ${shortName(e.contestant)}`)],
  CASES.map((c) => [caseLabel(c), ...entries.map((e) => {
    const g = gflops(e.key, c);
    return g ? `${g.median.toFixed(1)} [${g.best.toFixed(1)}]` : '-';
  })]),
);

const ratioText = (r) => `${r.median.toFixed(2)}x [${r.q1.toFixed(2)}-${r.q3.toFixed(2)}]`;
const ratios = CASES.map((c) => ({
  c,
  vsWasmEigen: pairedRatio(simdKey, 'wasm eigen', c),
  vsNativeEigen: pairedRatio(simdKey, 'native eigen', c),
  vsNativeChoice: nativeChoiceKey === 'native eigen' ? null : pairedRatio(simdKey, nativeChoiceKey, c),
}));
console.log();
console.log(`ratios of wasm ${procs.wasm.choice} (what f32_gemm runs in wasm) to the others, median [quartiles]:`);
console.log();
printTable(
  ['n  op', `/ wasm Eigen (target > ${TARGET_VS_WASM_EIGEN})`, `/ native Eigen (target >= ${TARGET_VS_NATIVE_EIGEN})`,
    ...(ratios[0].vsNativeChoice ? [`/ native ${procs.native.choice}`] : []), 'targets'],
  ratios.map((r) => [
    caseLabel(r.c), ratioText(r.vsWasmEigen), ratioText(r.vsNativeEigen),
    ...(r.vsNativeChoice ? [ratioText(r.vsNativeChoice)] : []),
    r.vsWasmEigen.median > TARGET_VS_WASM_EIGEN && r.vsNativeEigen.median >= TARGET_VS_NATIVE_EIGEN ? 'met' : 'MISSED',
  ]),
);

console.log();
const lowest = (field) => ratios.reduce((lo, r) => (r[field].median < lo[field].median ? r : lo));
const lowWasm = lowest('vsWasmEigen');
const lowNative = lowest('vsNativeEigen');
const metWasm = ratios.every((r) => r.vsWasmEigen.median > TARGET_VS_WASM_EIGEN);
const metNative = ratios.every((r) => r.vsNativeEigen.median >= TARGET_VS_NATIVE_EIGEN);
console.log(`target, wasm SIMD faster than Eigen in the same wasm build: ${metWasm ? 'MET' : 'NOT MET'} ` +
  `(lowest ratio ${lowWasm.vsWasmEigen.median.toFixed(2)}x, ${caseLabel(lowWasm.c)})`);
console.log(`target, wasm SIMD at least ${TARGET_VS_NATIVE_EIGEN}x of native Eigen (SSE4.1): ${metNative ? 'MET' : 'NOT MET'} ` +
  `(lowest ratio ${lowNative.vsNativeEigen.median.toFixed(2)}x, ${caseLabel(lowNative.c)})`);

// This run keeps about one core busy itself; above the core count, other jobs shared the machine.
const load = Math.max(loadBefore + 1, loadavg()[0]);
if (load > cpus().length) {
  console.log(`note: the machine was busy (load average up to ${load.toFixed(1)} on ${cpus().length} cores): ` +
    'the best figures and the back-to-back ratios are the ones to trust');
}

// Every contestant's C, the first time it ran each case, against f32_gemm_reference.
const TOLERANCE = 1e-4;  // max |error| / max |C|; float sums of 512 products give ~1e-6
const errors = builds_.flatMap((b) => Object.entries(summaries[b].max_rel_error).map(([k, v]) => ({ k: `${b} ${k}`, v })));
const worst = errors.reduce((w, e) => (e.v > w.v ? e : w), { k: '', v: 0 });
const agree = errors.every((e) => e.v <= TOLERANCE);
console.log(agree
  ? `all contestants agree with f32_gemm_reference (worst max|error|/max|C| ${worst.v.toExponential(1)}, ${worst.k})`
  : `MISMATCH with f32_gemm_reference: ${errors.filter((e) => e.v > TOLERANCE).map((e) => `${e.k} ${e.v.toExponential(1)}`).join(', ')}`);

// f32_gemm's output, natively and in wasm: the SIMD kernels sum in the same order.
const sameBits = CASES.map((c) => {
  const w = summaries.wasm.hashes[`${procs.wasm.choice} ${caseKey(c)}`];
  const nat = summaries.native.hashes[`${procs.native.choice} ${caseKey(c)}`];
  return w !== undefined && w === nat;
});
console.log(sameBits.every(Boolean)
  ? `f32_gemm gives bit-identical C natively (${procs.native.choice}) and in wasm (${procs.wasm.choice}) in every case`
  : `f32_gemm results differ in their last bits between native (${procs.native.choice}) and wasm (${procs.wasm.choice}) ` +
    `in ${sameBits.filter((x) => !x).length} of ${CASES.length} cases`);

if (opts.json) {
  writeFileSync(opts.json, JSON.stringify({ machine, options: opts, cases: CASES, times, summaries, ratios }, null, 2));
  console.log(`raw figures written to ${opts.json}`);
}
process.exitCode = agree ? 0 : 1;
