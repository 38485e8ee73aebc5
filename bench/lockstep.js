// Shared by the benchmarks: checks that the programs are built and current, a benchmark program (native binary or wasm under
// node) kept running in --lockstep mode, answering one measurement per line
// of stdin, so two builds can take turns phase by phase and share the noise
// of a busy machine. Plus the small statistics every table uses.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';

export function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

export const median = (xs) => quantile(xs, 0.5);

export function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

export class LockstepProcess {
  constructor(label, command, args, cwd) {
    this.label = label;
    this.commandLine = [command, ...args].join(' ');
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.setEncoding('utf8').on('data', (chunk) => { this.stderr += chunk; });
    this.child.on('error', (error) => { this.stderr += String(error); });
    this.exit = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async line() {
    const { value, done } = await this.lines.next();
    if (done) {
      const { code, signal } = await this.exit;
      fail(`the ${this.label} run stopped (exit code ${code}${signal ? `, ${signal}` : ''}):\n  ${this.commandLine}\n` +
        this.stderr.slice(-2000));
    }
    return value;
  }

  async json() {
    const line = await this.line();
    try {
      return JSON.parse(line);
    } catch {
      return fail(`the ${this.label} run answered '${line.slice(0, 200)}'`);
    }
  }

  // Sends one request line and returns the JSON answer.
  request(text) {
    this.child.stdin.write(`${text}\n`);
    return this.json();
  }

  // Ends the program and returns the JSON summary it prints last.
  async finish() {
    this.child.stdin.end('quit\n');
    const rest = [];
    for (;;) {
      const { value, done } = await this.lines.next();
      if (done) break;
      rest.push(value);
    }
    const { code } = await this.exit;
    if (code !== 0) fail(`the ${this.label} run failed (exit code ${code}):\n${this.stderr.slice(-2000)}`);
    return JSON.parse(rest.join('\n'));
  }
}

// ---- are the programs built, and built from the sources as they are? ----------------------

// builds: [{ files: [absolute paths], command: 'how to build them by hand' }]
export function exitUnlessBuilt(root, builds) {
  const missing = builds.filter((b) => b.files.some((f) => !existsSync(f)));
  if (missing.length === 0) return;
  const files = missing.flatMap((b) => b.files.filter((f) => !existsSync(f)).map((f) => relative(root, f)));
  console.error(`bench: not built: ${files.join(', ')}\n\nRun \`npm run bench\` (builds everything, then runs every benchmark), ` +
    `or build by hand in ${root}:\n`);
  for (const b of missing) console.error(`  ${b.command}`);
  process.exit(1);
}

function newestSource(root, dirs) {
  let newest = { mtime: 0, file: null };
  for (const dir of dirs) {
    for (const name of readdirSync(join(root, dir))) {
      if (!/\.(cpp|h)$/.test(name)) continue;
      const mtime = statSync(join(root, dir, name)).mtimeMs;
      if (mtime > newest.mtime) newest = { mtime, file: `${dir}/${name}` };
    }
  }
  return newest;
}

// A binary older than the sources it measures would give figures for old code.
// binaries: [[absolute path, [source folders]]] -> one warning line each that is stale.
export function staleBinaries(root, binaries) {
  return binaries
    .map(([file, dirs]) => ({ file: relative(root, file), mtime: statSync(file).mtimeMs, source: newestSource(root, dirs) }))
    .filter((b) => b.mtime < b.source.mtime)
    .map((b) => `${b.file} is older than ${b.source.file}`);
}

// Every folder of C++ sources the core is built from.
export const CORE_SOURCE_DIRS = ['core', 'core/nn', 'core/kernels', 'core/models'];
