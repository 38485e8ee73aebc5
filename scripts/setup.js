#!/usr/bin/env node
// Brings a checkout to a runnable state, doing only what is missing:
// system packages (Debian), npm packages, the wasm and native builds, the
// built-in corpora, the option table and the shipped models for the page. `npm start` and `npm test` run it first.
//
//   node scripts/setup.js start   what the page needs
//   node scripts/setup.js test    + native build, GoogleTest sources, Chromium
//   node scripts/setup.js bench   + native build
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? 'test';
if (!['start', 'test', 'bench'].includes(target)) {
  console.error(`usage: node scripts/setup.js start|test|bench (got ${target})`);
  process.exit(2);
}
const wantsNative = target !== 'start';
const jobs = String(Math.max(1, cpus().length));

function step(message) {
  console.error(`[setup] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    console.error(`[setup] failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// ---- Debian packages ---------------------------------------------------------
function missingPackages() {
  const needs = [
    // [package, is it there?, which targets need it]
    ['cmake', () => onPath('cmake'), ['start', 'test', 'bench']],
    ['make', () => onPath('make'), ['start', 'test', 'bench']],
    ['g++', () => onPath('g++'), ['test', 'bench']],
    // An emcc already on PATH (emsdk, any version) is used as it is.
    ['emscripten', () => onPath('emcc') && onPath('emcmake'), ['start', 'test', 'bench']],
    ['libeigen3-dev', () => existsSync('/usr/include/eigen3/Eigen/Core') || existsSync('/usr/local/include/eigen3/Eigen/Core'), ['start', 'test', 'bench']],
    ['googletest', () => existsSync('/usr/src/googletest/CMakeLists.txt'), ['start', 'test', 'bench']],
    ['chromium', () => existsSync('/usr/bin/chromium'), ['test']],
    // The screenshots of the Tang poems' samples need a font with Chinese characters.
    ['fonts-noto-cjk', () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'), ['test']],
    ['sentencepiece', () => onPath('spm_train') && onPath('spm_encode'), ['bench']],
  ];
  return needs.filter(([, present, targets]) => targets.includes(target) && !present()).map(([name]) => name);
}

function installSystemPackages() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`[setup] missing system packages: ${missing.join(', ')}. Run as root:\n\n  sudo sh -c '${line}'\n`);
    process.exit(1);
  }
  step(`installing ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

// ---- npm packages --------------------------------------------------------------
function installNodePackages() {
  const stamp = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  step('installing npm packages');
  // Everything here is a dev dependency (the package itself has none): the
  // corpora's data, typescript, playwright. Asked for by name, so that an
  // npm set to leave dev dependencies out (NODE_ENV=production) still installs them.
  const flags = ['--include=dev', '--no-audit', '--no-fund'];
  run('npm', existsSync(stamp) ? ['install', ...flags] : ['ci', ...flags]);
}

// ---- builds --------------------------------------------------------------------
function buildEnv() {
  // Debian's emcc runs its JS optimizer with the machine's Node, which does not
  // look in Debian's own module folder for `acorn` without this.
  const nodePath = [process.env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(':');
  return { ...process.env, NODE_PATH: nodePath };
}

// CMake globs the sources; a file added since the last configure needs a new
// configure before `--target` can name it, so remember the list we configured with.
function sourceList() {
  return ['core', 'tests/cpp', 'bench', 'wasm'].flatMap((dir) => filesUnder(dir)).join('\n');
}

function filesUnder(dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
}

function cmakeBuild(buildDir, configure, targets) {
  if (targets.length === 0) return;
  const env = buildEnv();
  const stamp = join(root, buildDir, 'lmp-sources.txt');
  const sources = sourceList();
  const configured = existsSync(join(root, buildDir, 'CMakeCache.txt')) && existsSync(stamp)
    && readFileSync(stamp, 'utf8') === sources;
  if (!configured) {
    step(`configuring ${buildDir}`);
    run(configure[0], [...configure.slice(1), '-S', '.', '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release'], { env });
    writeFileSync(stamp, sources);
  }
  step(`building ${buildDir} (${targets.join(', ')})`);
  run('cmake', ['--build', buildDir, '-j', jobs, '--target', ...targets], { env });
}

function benchTargets() {
  return readdirSync(join(root, 'bench')).filter((f) => f.endsWith('_bench.cpp')).map((f) => f.replace(/\.cpp$/, ''));
}

async function writeCorpora() {
  const { corpora } = await import('./corpora.js');
  const dir = join(root, 'web', 'build', 'corpora');
  mkdirSync(dir, { recursive: true });
  for (const [name, make] of Object.entries(corpora)) {
    const file = join(dir, `${name}.txt`);
    const text = make();
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  }
}

// The shipped models (models/) beside the page, for its Pretrained picker:
// web/build/ is what a static host serves, and models/ is outside web/.
function copyModels() {
  const from = join(root, 'models');
  const dir = join(root, 'web', 'build', 'models');
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(from).filter((f) => f.endsWith('.lmp') || f === 'manifest.json')) {
    const bytes = readFileSync(join(from, name));
    const file = join(dir, name);
    if (!existsSync(file) || !readFileSync(file).equals(bytes)) writeFileSync(file, bytes);
  }
}

installSystemPackages();
installNodePackages();
const wasmTargets = ['lmp_core_module'];
if (target === 'test') wasmTargets.push('lmp_tests');
if (target === 'bench') wasmTargets.push(...benchTargets());
cmakeBuild('build/wasm', ['emcmake', 'cmake'], wasmTargets);
if (wantsNative) {
  cmakeBuild('build/native', ['cmake'], target === 'test' ? ['lmp_tests'] : benchTargets());
}
await writeCorpora();
copyModels();
// The page reads the core's option table before its worker has loaded the wasm.
const { writeOptionTable } = await import('./option-table.js');
await writeOptionTable();
step('ready');
