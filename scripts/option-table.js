#!/usr/bin/env node
// Writes the core's option table (lmp.options()) as a module the page imports
// before any worker has loaded the wasm: web/build/option-table.js. The page's
// controls take their defaults, ranges, steps and tooltips from it.
//
//   node scripts/option-table.js      (scripts/setup.js runs it after each build)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadLmp } from '../web/lib/lmp.js';

export async function optionTableModule() {
  const lmp = await loadLmp();
  return '// The core\'s option table (core/app/option_table.cpp), written by scripts/option-table.js\n'
    + '// from lmp.options() at build time. Generated: do not edit.\n'
    + `export const OPTIONS = Object.freeze(${JSON.stringify(lmp.options(), null, 2)});\n`;
}

export async function writeOptionTable() {
  const file = fileURLToPath(new URL('../web/build/option-table.js', import.meta.url));
  const text = await optionTableModule();
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeOptionTable();
