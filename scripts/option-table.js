#!/usr/bin/env node
// Writes the core's option table (lmp.options()) in the two forms the build
// needs before any wasm is loaded:
//   web/build/option-table.js     a module the page imports; its controls take
//                                 their defaults, ranges, steps and tooltips from it
//   web/build/option-types.d.ts   the options as TypeScript types (TrainOptions,
//                                 SampleOptions, OptionKey), which web/lib/lmp.d.ts
//                                 imports, each key with its range, default and why
//
//   node scripts/option-table.js      (scripts/setup.js runs it after each build)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadLmp } from '../web/lib/lmp.js';

const GENERATED = 'Generated: do not edit.';

export async function optionTableModule(lmp = null) {
  lmp ??= await loadLmp();
  return '// The core\'s option table (core/app/option_table.cpp), written by scripts/option-table.js\n'
    + `// from lmp.options() at build time. ${GENERATED}\n`
    + `export const OPTIONS = Object.freeze(${JSON.stringify(lmp.options(), null, 2)});\n`;
}

// The TypeScript type of an option's values.
function typeOf(option) {
  if (option.type === 'integer' || option.type === 'number') return 'number';
  if (option.type === 'boolean') return 'boolean';
  if (option.type === 'choice') return option.choices.map((c) => `'${c}'`).join(' | ');
  return 'string';
}

// A TSDoc comment, wrapped at about 100 columns.
function docComment(paragraphs, indent = '  ') {
  const lines = [];
  for (const paragraph of paragraphs) {
    if (lines.length) lines.push('');
    let line = '';
    for (const word of paragraph.replaceAll('*/', '* /').split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > 96) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) lines.push(line);
  }
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`), `${indent} */`].join('\n');
}

function defaultsOf(option) {
  const own = Object.entries(option.modelDefaults).map(([model, value]) => `, ${JSON.stringify(value)} for ${model}`).join('');
  return `Default ${JSON.stringify(option.default)}${own}.`;
}

function fieldsOf(options) {
  const fields = [];
  const keys = new Set(options.map((o) => o.key));
  for (const option of options) {
    const label = option.label.charAt(0).toUpperCase() + option.label.slice(1);
    fields.push(docComment([`${label}: ${option.allowed}. ${defaultsOf(option)}`, option.help]));
    fields.push(`  ${option.key}?: ${typeOf(option)};`);
  }
  // Older spellings, each read as its option (some only by the models named).
  for (const option of options) {
    for (const alias of option.aliases) {
      if (keys.has(alias.name)) continue;
      keys.add(alias.name);
      const models = alias.models.length ? ` (for ${alias.models.join(', ')})` : '';
      fields.push(docComment([`Another name of \`${option.key}\`${models}.`]));
      fields.push(`  ${alias.name}?: ${typeOf(option)};`);
    }
  }
  return fields.join('\n');
}

export async function optionTypesModule(lmp = null) {
  lmp ??= await loadLmp();
  const options = lmp.options();
  const group = (name) => options.filter((o) => o.group === name);
  return `// The core's options as TypeScript types (core/app/option_table.cpp), written by
// scripts/option-table.js from lmp.options() at build time. ${GENERATED}

/** The key of every option, as \`lmp.options()\` lists them. */
export type OptionKey =
${options.map((o) => `  | '${o.key}'`).join('\n')};

/** The model kinds (the \`model\` option). */
export type ModelKind = ${typeOf(options.find((o) => o.key === 'model'))};

/** The tokenizer kinds (the \`tokenizer\` option). */
export type TokenizerKind = ${typeOf(options.find((o) => o.key === 'tokenizer'))};

/**
 * The training options: what to train and how. An option given for a model or
 * tokenizer it does nothing for is refused; \`lmp.applicable(options)\` keeps
 * the part that applies.
 */
export interface TrainOptions {
${fieldsOf(group('train'))}
}

/** The sampling options: how text is drawn from a trained model. */
export interface SampleOptions {
${fieldsOf(group('sample'))}
}
`;
}

function writeIfChanged(name, text) {
  const file = fileURLToPath(new URL(`../web/build/${name}`, import.meta.url));
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

export async function writeOptionTable() {
  const lmp = await loadLmp();
  writeIfChanged('option-table.js', await optionTableModule(lmp));
  writeIfChanged('option-types.d.ts', await optionTypesModule(lmp));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeOptionTable();
