// Same link, same seed: the same trained model and the same samples. A link
// to a small LSTM with a fixed seed, trained at once (train=1) and sampled
// with its own settings, is opened in two fresh browser contexts: the readout
// figures and the samples agree exactly. The same link through the CLI
// (lmp train --from-url, lmp sample --from-url) draws the same samples.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../run-cli.js';
import { tempDir } from '../node/helpers.js';
import { generate, outputDir, pageUrl, useBrowser, waitForModel, withLink } from './helpers.js';

useBrowser();

const LINK = 'model=lstm&hidden=32&steps=200&seed=11&train=1&prompt=ma&temperature=0.8&topK=12&topP=0.95&count=6&sampleSeed=42&maxTokens=20';

// The readout's figures, but for the training time, which is the machine's.
async function figures(page) {
  return page.$$eval('#readout dd', (values) => values.filter((dd) => dd.id !== 'train-ms').map((dd) => `${dd.id}: ${dd.textContent}`));
}

function openAndSample(name) {
  return withLink(LINK, async (page) => {
    await waitForModel(page, 'LSTM', 60_000);
    const samples = await generate(page);
    await page.screenshot({ path: join(outputDir, `link-reproduce-${name}.png`) });
    return { figures: await figures(page), samples, bpc: await page.textContent('#bpc') };
  });
}

test('a link opened in two fresh tabs trains the same model and draws the same samples; so does the CLI', async () => {
  const first = await openAndSample('first');
  const second = await openAndSample('second');
  assert.deepEqual(second.figures, first.figures);
  assert.deepEqual(second.samples, first.samples);
  assert.equal(first.samples.length, 6);
  assert.ok(first.samples.every((sample) => sample.startsWith('ma')), first.samples.join(', '));

  const address = `${pageUrl()}#${LINK}`;
  const model = join(tempDir(), 'from-link.lmp');
  const trained = await runCli(['train', '--from-url', address, '--out', model]);
  assert.equal(trained.code, 0, trained.stderr);
  assert.equal(JSON.parse(trained.stdout).val_bpc.toFixed(3), first.bpc, 'the CLI\'s model scores as the page\'s');
  const sampled = await runCli(['sample', '--from-url', address, '--model', model]);
  assert.equal(sampled.code, 0, sampled.stderr);
  assert.deepEqual(sampled.stdout.split('\n').slice(0, -1), first.samples);
});
