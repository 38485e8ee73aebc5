// Runs the lmp command line as a user runs it, without blocking: the test
// process may be serving what the command fetches. Shared by the CLI tests
// (tests/node) and the page's link test that compares the page with the CLI.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../scripts/lmp.js', import.meta.url));

// -> { code, stdout, stderr } once the command has ended.
export function runCli(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
