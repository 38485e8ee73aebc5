#!/usr/bin/env node
// Quality of the neural models against Kneser-Ney on the same split, each
// trained for a fixed wall-clock budget in wasm through the `lmp` CLI (the
// path a user takes), and the table of val NLL and bits per character.
//
//   names: val = every 10th name (--val-split interleaved); MLP with 3
//          characters of context, LSTM and GRU, 2 minutes each, against KN
//          orders 1-8 (makemore's MLP reaches 2.10 nats per character on a
//          larger list).
//   moby:  val = the last 10% of the lines (the CLI's default); an LSTM with
//          hidden 256 for 10 minutes against the best KN of orders 1-8.
//
// Line mode throughout: each line is one sequence, its start is context only
// and its end is predicted, as for the n-grams, so the numbers compare.
// Each neural run is a child process with one wasm thread; --jobs 2 runs two
// at once on a 2-core machine (each still has a core to itself).
//
//   node bench/quality.js [--only names|moby] [--names-seconds 120]
//                         [--moby-seconds 600] [--jobs 1] [--json out.json]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mobyText, namesText } from '../scripts/corpora.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'scripts', 'lmp.js');
const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' }, 'names-seconds': { type: 'string', default: '120' },
    'moby-seconds': { type: 'string', default: '600' }, jobs: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});

// The configurations, chosen once on these corpora (see README): sizes from
// the issue, learning rates and batches that learn fastest in the budget.
const NEURAL = {
  names: [
    { label: 'MLP, context 3', args: ['--model', 'mlp', '--context', '3', '--embed', '24', '--hidden', '256', '--batch', '64', '--lr', '0.005'] },
    { label: 'LSTM 1x256', args: ['--model', 'lstm', '--embed', '32', '--hidden', '256', '--batch', '32', '--lr', '0.003'] },
    { label: 'GRU 1x256', args: ['--model', 'gru', '--embed', '32', '--hidden', '256', '--batch', '32', '--lr', '0.003'] },
  ],
  moby: [
    { label: 'LSTM 1x256', args: ['--model', 'lstm', '--embed', '32', '--hidden', '256', '--seq-len', '80', '--batch', '16', '--lr', '0.015', '--clip', '5'] },
  ],
};
const SPLIT = { names: ['--val-split', 'interleaved'], moby: ['--val-fraction', '0.1'] };

function lmp(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`lmp train ${args.join(' ')} failed: ${err.trim().split('\n').at(-1)}`));
      else resolve(JSON.parse(out));
    });
  });
}

// Runs the tasks `jobs` at a time, keeping their order in the result.
async function pool(tasks, jobs) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

const row = (label, r) => ({
  label, nats: r.val_nll_per_token, bpc: r.val_bpc, params: r.params, steps: r.steps ?? null,
  seconds: r.seconds, tokensPerS: r.tokens_per_s ?? null,
});

async function corpus(name, text, seconds, jobs) {
  const dir = mkdtempSync(join(tmpdir(), `lmp-quality-${name}-`));
  const file = join(dir, `${name}.txt`);
  writeFileSync(file, text);
  const base = ['--text', file, ...SPLIT[name]];
  const ngrams = [];
  for (let order = 1; order <= 8; ++order) {
    ngrams.push(row(`KN order ${order}`, await lmp([...base, '--order', String(order), '--smoothing', 'kn'])));
  }
  const neural = await pool(NEURAL[name].map((m) => async () => {
    process.stderr.write(`[quality] ${name}: ${m.label}, ${seconds} s ...\n`);
    return row(m.label, await lmp([...base, ...m.args, '--time-budget', String(seconds), '--eval-every', '0']));
  }), jobs);
  return { corpus: name, seconds, ngrams, neural };
}

function print(result) {
  const best = result.ngrams.reduce((a, b) => (b.nats < a.nats ? b : a));
  const trigram = result.ngrams[2];
  console.log(`\n${result.corpus} (val NLL in nats per character, <eol> included; bits per character)`);
  console.log('model                  val nats   val bpc      params   steps  tokens/s   seconds');
  const fmt = (r) => `${r.label.padEnd(20)} ${r.nats.toFixed(4).padStart(10)} ${r.bpc.toFixed(4).padStart(9)} ` +
    `${String(Math.round(r.params)).padStart(11)} ${String(r.steps || '-').padStart(7)} ` +
    `${(r.tokensPerS ? Math.round(r.tokensPerS).toLocaleString('en-US') : '-').padStart(9)} ${r.seconds.toFixed(1).padStart(9)}`;
  for (const r of result.ngrams) console.log(fmt(r));
  for (const r of result.neural) console.log(fmt(r));
  console.log(`best KN: ${best.label} at ${best.bpc.toFixed(4)} bpc; KN trigram ${trigram.nats.toFixed(4)} nats`);
  for (const r of result.neural) {
    const against = result.corpus === 'moby' ? best : trigram;
    const verdict = r.nats < against.nats ? 'below' : 'NOT below';
    console.log(`${r.label}: ${r.bpc.toFixed(4)} bpc, ${verdict} ${against.label} (${(r.bpc - against.bpc >= 0 ? '+' : '') + (r.bpc - against.bpc).toFixed(4)} bpc)`);
  }
  if (result.corpus === 'names') {
    const mlp = result.neural.find((r) => r.label.startsWith('MLP'));
    if (mlp) console.log(`MLP: ${mlp.nats.toFixed(4)} nats per character (makemore's MLP: 2.10 on its larger list)`);
  }
}

const jobs = Math.max(1, Number(flags.jobs));
const results = [];
if (flags.only !== 'moby') results.push(await corpus('names', namesText(), Number(flags['names-seconds']), jobs));
if (flags.only !== 'names') results.push(await corpus('moby', mobyText(), Number(flags['moby-seconds']), jobs));
results.forEach(print);
if (flags.json) writeFileSync(flags.json, JSON.stringify(results, null, 2));
