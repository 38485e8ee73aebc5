#!/usr/bin/env node
// Our tokenizers against SentencePiece (Debian's spm_train / spm_encode) on
// Moby Dick's fixed split (the first 90% of lines to train, the rest to
// count), side by side in one run:
//
//   npm run bench                    builds what is missing, then runs this
//   node bench/tokenizers.js [--reps N] [--json FILE]
//
// For BPE and unigram at vocabularies 512 and 4,000 (markers or special
// pieces included on both sides; --character_coverage=1.0, one thread):
// tokens per character on the val text (pieces over characters, newlines
// excluded), training time, and encoding throughput on the training text.
// Ours: build/native/tokenizer_bench and build/wasm/tokenizer_bench.js, medians
// of `reps` runs, each a fresh tokenizer with cold caches. SentencePiece: the
// command-line tools, so their times include starting up and reading the
// model (a fraction of a second, measured with an empty input and shown
// apart). Then the word and char tokenizers for comparison.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { mobySplit } from '../scripts/corpora.js';
import { CORE_SOURCE_DIRS, exitUnlessBuilt, fail, median, staleBinaries } from './lockstep.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MB_S = 5;       // encoding in wasm, BPE and unigram
const TARGET_TRAIN_S = 10;   // a 4,000 vocabulary on the whole novel, in wasm
const TARGET_GAP = 0.03;     // tokens per character within 3% of SentencePiece's

function parseArgs(argv) {
  const opts = { reps: 3, json: null };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in opts) || i + 1 >= argv.length) fail('usage: node bench/tokenizers.js [--reps N] [--json FILE]');
    opts[name] = name === 'json' ? argv[i + 1] : Number(argv[i + 1]);
    if (name === 'reps' && !(Number.isInteger(opts.reps) && opts.reps >= 1)) fail('--reps needs a positive integer');
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const nativeBin = join(root, 'build/native/tokenizer_bench');
const wasmJs = join(root, 'build/wasm/tokenizer_bench.js');
exitUnlessBuilt(root, [
  { files: [nativeBin], command: 'node scripts/setup.js bench' },
  { files: [wasmJs], command: 'node scripts/setup.js bench' },
]);
const stale = staleBinaries(root, [[nativeBin, [...CORE_SOURCE_DIRS, 'bench']], [wasmJs.replace(/\.js$/, '.wasm'), [...CORE_SOURCE_DIRS, 'bench']]]);
if (stale.length) fail(`stale build (${stale.join('; ')}): run \`node scripts/setup.js bench\``);
for (const tool of ['spm_train', 'spm_encode']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) fail(`${tool} is missing: run \`node scripts/setup.js bench\` (it installs sentencepiece)`);
}

const dataDir = join(root, 'build/bench-data');
mkdirSync(dataDir, { recursive: true });
const { train, val } = mobySplit();
const trainFile = join(dataDir, 'moby.train.txt');
const valFile = join(dataDir, 'moby.val.txt');
writeFileSync(trainFile, train);
writeFileSync(valFile, val);
const valChars = [...val.replace(/\n/g, '')].length;
const trainMb = Buffer.byteLength(train) / 1e6;

function ours(command, args, kinds, vocabs) {
  const out = execFileSync(command, [...args, '--train', trainFile, '--val', valFile, '--kinds', kinds, '--vocab', vocabs,
    '--reps', String(opts.reps), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return out.trim().split('\n').map((line) => JSON.parse(line));
}

function timed(fn) {
  const start = performance.now();
  const result = fn();
  return { result, s: (performance.now() - start) / 1000 };
}

function sentencepiece(kind, vocab) {
  const prefix = join(dataDir, `spm-${kind}-${vocab}`);
  const trainS = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    trainS.push(timed(() => execFileSync('spm_train', [`--input=${trainFile}`, `--model_prefix=${prefix}`,
      `--vocab_size=${vocab}`, `--model_type=${kind}`, '--character_coverage=1.0', '--num_threads=1',
      '--minloglevel=2'], { stdio: ['ignore', 'ignore', 'pipe'] })).s);
  }
  const encode = (file) => execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=piece', `--input=${file}`],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  const valTokens = encode(valFile).split('\n').reduce((n, line) => n + (line ? line.split(' ').length : 0), 0);
  const emptyFile = join(dataDir, 'empty.txt');
  writeFileSync(emptyFile, '');
  const startup = median(Array.from({ length: opts.reps }, () => timed(() => encode(emptyFile)).s));
  const encodeS = median(Array.from({ length: opts.reps }, () => timed(() => encode(trainFile)).s));
  return { valTokens, tokensPerChar: valTokens / valChars, trainS: median(trainS), encodeS, startup };
}

console.log(`tokenizers on Moby Dick: trained on ${trainMb.toFixed(2)} MB (the first 90% of lines), ` +
  `tokens per character on the other ${valChars.toLocaleString('en-US')} characters; medians of ${opts.reps} runs`);
const subword = { native: ours(nativeBin, [], 'bpe,unigram', '512,4000'), wasm: ours('node', ['--no-experimental-fetch', wasmJs], 'bpe,unigram', '512,4000') };
const rows = [];
for (const kind of ['bpe', 'unigram']) {
  for (const vocab of [512, 4000]) {
    const find = (build) => subword[build].find((r) => r.kind === kind && r.vocab === vocab);
    rows.push({ kind, vocab, native: find('native'), wasm: find('wasm'), spm: sentencepiece(kind, vocab) });
  }
}

const pad = (s, n) => String(s).padStart(n);
const fixed = (x, d) => x.toFixed(d);
console.log('\n                  tokens per character              train s (whole novel)             encode MB/s');
console.log('kind     vocab     ours   spm     gap      wasm  native  spm (1 thread)      wasm  native  spm');
let met = true;
for (const r of rows) {
  const gap = r.wasm.tokens_per_char / r.spm.tokensPerChar - 1;
  const spmMbs = trainMb / Math.max(1e-6, r.spm.encodeS - r.spm.startup);
  console.log(`${r.kind.padEnd(8)} ${pad(r.vocab, 5)}   ${fixed(r.wasm.tokens_per_char, 4)} ${fixed(r.spm.tokensPerChar, 4)} ${pad((gap * 100).toFixed(1) + '%', 7)}` +
    `   ${pad(fixed(r.wasm.train_s, 2), 6)} ${pad(fixed(r.native.train_s, 2), 7)} ${pad(fixed(r.spm.trainS, 2), 6)}` +
    `          ${pad(fixed(r.wasm.encode_mb_s, 1), 6)} ${pad(fixed(r.native.encode_mb_s, 1), 7)} ${pad(fixed(spmMbs, 1), 5)}`);
  met &&= Math.abs(gap) <= TARGET_GAP && r.wasm.encode_mb_s >= TARGET_MB_S && (r.vocab !== 4000 || r.wasm.train_s < TARGET_TRAIN_S);
}
const startup = median(rows.map((r) => r.spm.startup));
console.log(`(spm_encode's start-up, ${fixed(startup, 2)} s, is taken out of its MB/s; spm_train's time includes it)`);
console.log(`targets (tokens per character within ${TARGET_GAP * 100}% of SentencePiece, wasm encoding >= ${TARGET_MB_S} MB/s, ` +
  `a 4,000 vocabulary trained in wasm in < ${TARGET_TRAIN_S} s): ${met ? 'all MET' : 'NOT all met'}`);

const others = ours('node', ['--no-experimental-fetch', wasmJs], 'word,char', '10000');
console.log('\nfor comparison, wasm: vocabulary size, tokens per character, encode MB/s');
for (const r of others) {
  console.log(`${r.kind.padEnd(8)} ${pad(r.size, 6)}   ${fixed(r.tokens_per_char, 4)}   ${pad(fixed(r.encode_mb_s, 1), 6)} MB/s`);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ rows, others }, null, 2));
