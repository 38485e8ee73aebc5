// Shared fixtures for the node tests: a loaded module, small corpora and temp files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const POEM = ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡'].join('\n') + '\n';

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'lmp-test-'));
}

export function writeTemp(dir, name, content) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// Runs fn(model) and disposes the model whatever happens.
export function withModel(model, fn) {
  try {
    return fn(model);
  } finally {
    model.dispose();
  }
}
