#!/usr/bin/env node
// Keeps core/'s folders true to the layers they stand for. Each folder is a
// layer; a file may include its own layer and the layers below it, never one
// above, and never a peer on the same rung (the tokenizer kinds know nothing
// of each other). Includes are written as paths from core/ ("nn/tape.h"), and
// no two source units (foo.h with foo.cpp) include each other, even through
// others.
//
//   node scripts/check-layers.js [CORE_DIR]    exit 1 and one line per fault
//
// npm test runs it through tests/node/layers.test.js, which also shows it
// failing on a tree with a wrong include.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// From the bottom up: what each rung is for. A rung of several folders holds peers.
export const LAYERS = [
  ['base', 'errors, the seeded RNG, UTF-8, Unicode classes, binary IO, the hash map'],
  ['kernels', 'the hot loops: each scalar reference beside its SIMD variants, one dispatch per build'],
  ['nn', 'tensors, the autodiff tape and its ops, parameters, optimizers'],
  ['text', 'a corpus: bytes checked and cut into lines, train/validation splits'],
  ['tokenize', 'the Tokenizer interface and the character tokenizer'],
  [['tokenize/word', 'tokenize/bpe', 'tokenize/unigram'], 'the other tokenizer kinds, each on its own'],
  ['tokenize/kinds', 'every tokenizer kind by name: check, train, save, load'],
  ['lm', 'the language-model interface and evaluation'],
  ['ngram', 'the n-gram model: counts and smoothing'],
  ['generate', 'sampling and text generation over any language model'],
  ['models', 'the neural language models (MLP, recurrent, Transformer) built from nn'],
  ['train', 'batches and the training loop of neural models'],
  ['app', 'the option table, training sessions, trained models and their files: what the bindings register'],
];

const rungOf = new Map();
LAYERS.forEach(([folders], rung) => {
  for (const folder of [folders].flat()) rungOf.set(folder, rung);
});

function sourceFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, base);
    return /\.(h|cpp)$/.test(entry.name) ? [relative(base, path)] : [];
  });
}

// The layer a file belongs to: the longest layer folder that holds it.
function layerOf(file) {
  let best = null;
  for (const folder of rungOf.keys()) {
    if ((dirname(file) === folder || dirname(file).startsWith(`${folder}/`)) && (!best || folder.length > best.length)) {
      best = folder;
    }
  }
  return best;
}

const unitOf = (file) => file.replace(/\.(h|cpp)$/, '');

export function checkLayers(coreDir) {
  const faults = [];
  const files = sourceFiles(coreDir).sort();
  const edges = new Map();  // unit -> Set of units it includes
  for (const file of files) {
    const layer = layerOf(file);
    if (layer === null) {
      faults.push(`${file}: not in any layer folder (${[...rungOf.keys()].join(', ')})`);
      continue;
    }
    const lines = readFileSync(join(coreDir, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      const match = /^\s*#\s*include\s+"([^"]+)"/.exec(line);
      if (!match) return;
      const where = `${file}:${index + 1}`;
      const target = match[1];
      if (!existsSync(join(coreDir, target))) {
        faults.push(`${where}: include "${target}" is not a path from core/`);
        return;
      }
      const targetLayer = layerOf(target);
      if (targetLayer === null) return;  // reported as a file of its own
      const from = rungOf.get(layer);
      const to = rungOf.get(targetLayer);
      if (to > from) {
        faults.push(`${where}: ${layer}/ includes "${target}" from ${targetLayer}/, a layer above it`);
      } else if (to === from && targetLayer !== layer) {
        faults.push(`${where}: ${layer}/ includes "${target}" from ${targetLayer}/, a peer on the same layer`);
      }
      if (unitOf(target) !== unitOf(file)) {
        if (!edges.has(unitOf(file))) edges.set(unitOf(file), new Set());
        edges.get(unitOf(file)).add(unitOf(target));
      }
    });
  }
  faults.push(...cycles(edges));
  return faults;
}

// One line per cycle of units found by a depth-first search.
function cycles(edges) {
  const found = [];
  const state = new Map();  // unit -> 'open' | 'done'
  const path = [];
  const visit = (unit) => {
    state.set(unit, 'open');
    path.push(unit);
    for (const next of edges.get(unit) ?? []) {
      if (state.get(next) === 'open') {
        found.push(`include cycle: ${[...path.slice(path.indexOf(next)), next].join(' -> ')}`);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(unit, 'done');
  };
  for (const unit of [...edges.keys()].sort()) if (!state.has(unit)) visit(unit);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const coreDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'core');
  const faults = checkLayers(coreDir);
  for (const fault of faults) console.error(fault);
  if (faults.length === 0) console.log(`core/ layering holds (${LAYERS.length} layers)`);
  process.exit(faults.length === 0 ? 0 : 1);
}
