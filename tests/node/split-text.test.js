// The page's tokenizer panel trains on the part of the text a model would
// train on (lmp.splitText, the core's split): checked here against what a
// model holds out on the built-in corpora, by the characters a character
// model counts in its held-out part; and the passage it shows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadLmp } from '../../web/lib/lmp.js';
import { passageOf } from '../../web/worker/passage.js';

const corpus = (name) => readFileSync(new URL(`../../web/build/corpora/${name}.txt`, import.meta.url), 'utf8');
// The report counts each line's end as a character too, and skips empty lines.
const chars = (lines) => lines.reduce((sum, line) => sum + (line ? Array.from(line).length + 1 : 0), 0);

test('splitText holds out the same lines as a model', async () => {
  const lmp = await loadLmp();
  const cases = [['names', 'interleaved', 0.1], ['names', 'tail', 0.25], ['moby', 'tail', 0.1], ['moby', 'interleaved', 0.3]];
  for (const [name, valSplit, valFraction] of cases) {
    const text = corpus(name);
    const linesOf = (part) => part.split('\n').slice(0, -1);
    const split = lmp.splitText(text, { valFraction, valSplit });
    const [train, val] = [linesOf(split.train), linesOf(split.val)];
    const model = lmp.train(text, { order: 1, smoothing: 'addk', valFraction, valSplit });
    try {
      assert.equal(chars(val), model.report.val.chars, `${name} ${valSplit} ${valFraction}: held-out characters`);
      assert.equal(train.length + val.length, text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
    } finally {
      model.dispose();
    }
  }
});

test('passageOf takes the first few non-empty lines', () => {
  assert.equal(passageOf(['', 'ann', 'bo', '', 'cy']), 'ann\nbo\ncy');
  assert.equal(passageOf(Array.from({ length: 20 }, (_, i) => `n${i}`)).split('\n').length, 8);
  assert.equal(passageOf(['x'.repeat(300), 'next']), 'x'.repeat(300));
});
