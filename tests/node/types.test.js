// The API's types (web/lib/lmp.d.ts and the generated web/build/option-types.d.ts)
// say what web/lib/lmp.js does: tsc checks tests/types/api-example.ts, which
// makes every call, against them through the package's exports map; the
// generated types are the option table's, key for key; and every exported
// class, method and property of lmp.js is declared.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as api from '../../web/lib/lmp.js';
import { optionTypesModule } from '../../scripts/option-table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const declarations = readFileSync(join(root, 'web/lib/lmp.d.ts'), 'utf8');
const optionTypes = readFileSync(join(root, 'web/build/option-types.d.ts'), 'utf8');
const lmp = await api.loadLmp();

// What the classes use among themselves: not the API, so not declared.
const INTERNAL = new Set(['core', 'checkedBytes', 'withSampleOptions', 'typedSettings', 'live', 'handle', 'lmp', 'gone']);

function typescriptBin() {
  try {
    return join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    return null;
  }
}

test('tsc accepts the example that makes every call, and refuses what the types forbid', {
  skip: !typescriptBin() && 'typescript is not installed (a dev dependency: npm install)',
}, () => {
  const result = spawnSync(process.execPath, [typescriptBin(), '--noEmit', '-p', join(root, 'tests/types')], { encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc found errors:\n${result.stdout}${result.stderr}`);
});

test('the generated option types are the option table as it is now', async () => {
  assert.equal(optionTypes, await optionTypesModule(lmp), 'web/build/option-types.d.ts is stale: node scripts/option-table.js');
});

test('the option types name every option key in its group, and every alias', () => {
  const block = (name) => {
    const start = optionTypes.indexOf(`export interface ${name} {`);
    assert.ok(start >= 0, `option-types.d.ts declares ${name}`);
    return optionTypes.slice(start, optionTypes.indexOf('\n}', start));
  };
  const groups = { train: block('TrainOptions'), sample: block('SampleOptions') };
  for (const option of lmp.options()) {
    assert.match(optionTypes, new RegExp(`\\| '${option.key}'`), `OptionKey lists ${option.key}`);
    for (const name of [option.key, ...option.aliases.map((a) => a.name)]) {
      assert.match(groups[option.group], new RegExp(`^  ${name}\\?: `, 'm'), `${option.group} options declare ${name}`);
    }
  }
});

test('lmp.d.ts declares every export of lmp.js and every method and property of its classes', () => {
  for (const [name, value] of Object.entries(api)) {
    const kind = /^class /.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
    assert.match(declarations, new RegExp(`^export ${kind} ${name}\\b`, 'm'), `lmp.d.ts declares ${kind} ${name}`);
    if (kind !== 'class') continue;
    for (const member of Object.getOwnPropertyNames(value.prototype)) {
      if (member === 'constructor' || INTERNAL.has(member)) continue;
      assert.match(declarations, new RegExp(`^  (readonly )?${member}[(:<]`, 'm'), `lmp.d.ts declares ${name}.${member}`);
    }
  }
});
