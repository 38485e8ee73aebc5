// The npm package, as a user gets it: `npm pack`, installed from the tarball
// into an empty folder with no network, runs the `lmp` command and imports as
// 'lm-playground', and draws the same samples as this checkout.
//
// It packs what the build has made (web/build/, which npm test's setup has
// just brought up to date), so it skips the prepack build: that is for a
// `npm pack` or `npm publish` run by hand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir, writeTemp } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = ['lmp_core.js', 'lmp_core.wasm', 'option-table.js', 'option-types.d.ts'].every((f) => existsSync(join(root, 'web/build', f)));
const NAMES = 'emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nharper\nevelyn\nabigail\nemily\nella\n';
const SAMPLE_FLAGS = ['--prompt', 'e', '--count', '4', '--temperature', '0.8', '--sample-seed', '7'];

// What npm run by npm test would hand down (npm_config_*, npm_package_*) is
// not for the npm run here: it packs this folder and installs into another.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

describe('the npm package installed from its tarball', { skip: !built && 'web/build/ is not built: node scripts/setup.js start' }, () => {
  const dir = tempDir();
  const scratch = join(dir, 'scratch');
  let packed;
  before(() => {
    [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root));
    mkdirSync(scratch);
    writeTemp(dir, 'scratch/package.json', JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, packed.filename)], scratch);
  });

  test('holds what runs, and nothing of the sources, tests or page', () => {
    const files = packed.files.map((f) => f.path);
    for (const file of ['package.json', 'README.md', 'scripts/lmp.js', 'web/lib/lmp.js', 'web/lib/lmp.d.ts',
      'web/build/lmp_core.js', 'web/build/lmp_core.wasm', 'web/build/option-types.d.ts', 'web/build/corpora/names.txt']) {
      assert.ok(files.includes(file), `the package holds ${file}`);
    }
    for (const file of files) assert.doesNotMatch(file, /^(core|wasm|tests|bench|build|models|\.ci)\/|^web\/(worker|panels|lessons|index\.html)/);
  });

  test('installs nothing else: it has no run-time dependencies', () => {
    assert.deepEqual(readdirSync(join(scratch, 'node_modules')).filter((f) => !f.startsWith('.')), ['lm-playground']);
  });

  test('npx lmp --help lists the commands', () => {
    assert.match(run('npx', ['--no', '--', 'lmp', '--help'], scratch), /usage: lmp COMMAND[\s\S]*train[\s\S]*sample/);
  });

  test('lmp trains and samples as this checkout does', () => {
    writeTemp(dir, 'scratch/names.txt', NAMES);
    const report = JSON.parse(run('npx', ['--no', '--', 'lmp', 'train', '--text', 'names.txt', '--order', '3', '--out', 'names.lmp'], scratch));
    assert.equal(report.model, 'ngram-3-kn');
    const samples = run('npx', ['--no', '--', 'lmp', 'sample', '--model', 'names.lmp', ...SAMPLE_FLAGS], scratch);
    assert.equal(samples.trim().split('\n').length, 4);
    assert.equal(samples, run(process.execPath, [join(root, 'scripts/lmp.js'), 'sample', '--model', join(scratch, 'names.lmp'), ...SAMPLE_FLAGS], root));
  });

  test("lmp train --from-url reads a link's built-in text from the package", () => {
    const report = JSON.parse(run('npx', ['--no', '--', 'lmp', 'train', '--from-url', 'model=ngram&order=2'], scratch));
    assert.equal(report.model, 'ngram-2-kn');
    assert.ok(report.train_tokens > 10_000, `the names, not ${report.train_tokens} tokens`);
  });

  test("a script imports 'lm-playground', trains a trigram and samples", () => {
    writeTemp(dir, 'scratch/trigram.js', `
      import { loadLmp } from 'lm-playground';
      const lmp = await loadLmp();
      const model = lmp.train(${JSON.stringify(NAMES)}, { order: 3 });
      console.log(JSON.stringify({ from: import.meta.resolve('lm-playground'), samples: model.sample('e', { count: 3, sampleSeed: 7 }) }));
      model.dispose();
    `);
    const { from, samples } = JSON.parse(run(process.execPath, ['trigram.js'], scratch));
    assert.ok(fileURLToPath(from).startsWith(join(scratch, 'node_modules', 'lm-playground')), `imported from ${from}`);
    assert.equal(samples.length, 3);
    for (const sample of samples) assert.match(sample, /^e[a-z]*$/);
  });
});
