// Model files in the page: Save downloads the .lmp file the CLI reads (and
// the CLI draws the page's samples from it); a file the CLI wrote opens
// through Open model… and by a drop, with its figures, and generates (a
// Transformer's with its attention maps); a
// foreign, a truncated and a damaged file each get one message while the
// model loaded before stays and generates; opening waits for no training.
// Screenshots at 1280 and 375 px of the page with an opened model, and of its readout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../run-cli.js';
import { tempDir, writeTemp } from '../node/helpers.js';
import {
  assertNoProblems, generate, openPage, outputDir, pageUrl, startLongTraining, useBrowser, waitForMessage, waitForModel, withLink,
} from './helpers.js';

useBrowser();

// A small LSTM, trained at once, sampled with settings of its own: what the CLI repeats from the link.
const LINK = 'model=lstm&hidden=16&steps=60&seed=5&train=1&prompt=ma&temperature=0.9&topK=10&count=4&sampleSeed=9&maxTokens=16';
const NAMES = readFileSync(new URL('../../web/build/corpora/names.txt', import.meta.url), 'utf8').split('\n').slice(0, 2000).join('\n');

// A .lmp file written by the CLI: a 4-gram on the first names, and its report.
async function cliModel(dir) {
  const text = writeTemp(dir, 'names.txt', NAMES);
  const out = join(dir, 'cli-4gram.lmp');
  const trained = await runCli(['train', '--text', text, '--order', '4', '--out', out]);
  assert.equal(trained.code, 0, trained.stderr);
  return { path: out, bytes: readFileSync(out), report: JSON.parse(trained.stdout) };
}

async function openByInput(page, file) {
  await page.setInputFiles('#model-file-input', file);
}

// Drops a file on the page as a browser does: a dragover (which shows the hint), then the drop.
async function openByDrop(page, name, bytes) {
  return page.evaluate(([fileName, data]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], fileName));
    const target = document.getElementById('generate-panel');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    const hintShown = !document.getElementById('drop-hint').hidden;
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    return hintShown;
  }, [name, [...bytes]]);
}


describe('model files', () => {
  test('Save downloads the model as a .lmp file from which the CLI draws the page\'s samples', () => withLink(LINK, async (page) => {
    await waitForModel(page, 'LSTM', 60_000);
    const samples = await generate(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
    assert.match(download.suggestedFilename(), /^names-lstm-1-16-60-steps\.lmp$/);
    const file = join(tempDir(), download.suggestedFilename());
    await download.saveAs(file);
    assert.match(await page.textContent('#model-file-info'), /Saved as names-lstm.*\.lmp \(\d/);
    const sampled = await runCli(['sample', '--from-url', `${pageUrl()}#${LINK}`, '--model', file]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.deepEqual(sampled.stdout.split('\n').slice(0, -1), samples);
  }));

  test('a file the CLI wrote opens through Open model… and by a drop, with its figures, and generates', async () => {
    const model = await cliModel(tempDir());
    for (const width of [1280, 375]) {
      const { page, problems, close } = await openPage({ width });
      try {
        await openByInput(page, model.path);
        await waitForModel(page, '4-gram, Kneser-Ney smoothing · characters · opened from cli-4gram.lmp');
        assert.equal(await page.textContent('#bpc'), model.report.val_bpc.toFixed(3), 'the file\'s own validation figure');
        assert.equal(await page.textContent('#train-ms'), 'not in the file');
        assert.equal(await page.textContent('#corpus-size'), 'training text not in the file');
        assert.match(await page.textContent('#status'), /Ready: 4-gram, Kneser-Ney smoothing, opened from cli-4gram\.lmp/);
        assert.match(await page.textContent('#compare-table'), /4-gram.*Opened from cli-4gram\.lmp\./);
        assert.equal((await generate(page)).length, 5);
        assert.ok(await page.$$eval('#distribution .tok-row', (rows) => rows.length) > 0, 'the next-token panel follows');
        await page.screenshot({ path: join(outputDir, `model-file-opened-${width}.png`), fullPage: true });
        await page.locator('#readout-panel').screenshot({ path: join(outputDir, `model-file-readout-${width}.png`) });

        // The same model under another name, dropped anywhere on the page.
        await page.click('#train');  // back to a trained model first
        await waitForModel(page, 'trigram');
        assert.ok(await openByDrop(page, 'dropped <b>me</b>.lmp', model.bytes), 'a hint while a file is dragged over');
        await waitForModel(page, 'opened from dropped <b>me</b>.lmp');
        assert.equal(await page.$$eval('#model-name b, #compare-table b, #status b', (bold) => bold.length), 0, 'a file name is text, not HTML');
        assert.ok(await page.isHidden('#drop-hint'));
        assert.equal((await generate(page)).length, 5);
        assertNoProblems(problems);
      } finally {
        await close();
      }
    }
  });

  test('a Transformer the CLI wrote opens with its attention maps', async () => {
    const dir = tempDir();
    const text = writeTemp(dir, 'names.txt', NAMES);
    const out = join(dir, 'tiny-gpt.lmp');
    const trained = await runCli(['train', '--text', text, '--model', 'transformer', '--steps', '5', '--out', out]);
    assert.equal(trained.code, 0, trained.stderr);
    const { page, problems, close } = await openPage();
    try {
      await openByInput(page, out);
      await waitForModel(page, 'opened from tiny-gpt.lmp');
      assert.match(await page.textContent('#model-name'), /^Transformer \(\d+ × \d+, \d+ heads, context \d+\), 5 steps/);
      await page.waitForFunction(() => document.querySelectorAll('#attention-maps canvas').length > 0);
      assert.ok(await page.isVisible('#attention-panel'));
      assert.equal((await generate(page)).length, 5);
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('a foreign, a truncated and a damaged file are each refused in one message; the model before stays and generates', async () => {
    const model = await cliModel(tempDir());
    const damaged = Buffer.from(model.bytes);
    for (let i = 0; i < 16; i++) damaged[(damaged.length >> 1) + i] ^= 0xff;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const bad = [
      [{ name: 'picture.png', mimeType: 'image/png', buffer: png }, /^picture\.png could not be opened: this is not an LM Playground model file/],
      [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text\n') }, /^notes\.txt could not be opened: this is not an LM Playground model file/],
      [{ name: 'cut.lmp', mimeType: 'application/octet-stream', buffer: model.bytes.subarray(0, model.bytes.length >> 1) }, /^cut\.lmp could not be opened: the model file is truncated/],
      [{ name: 'flipped.lmp', mimeType: 'application/octet-stream', buffer: damaged }, /^flipped\.lmp could not be opened: the model file is damaged/],
    ];
    const { page, problems, close } = await openPage();
    try {
      const before = await page.textContent('#model-name');
      for (const [file, expected] of bad) {
        await openByInput(page, file);
        const message = await waitForMessage(page, 'model-file-error', expected);
        assert.match(message, /Choose a \.lmp file saved by this page or by lmp train --out\. The model you had is still loaded\.$/);
        assert.equal(await page.textContent('#model-name'), before, `${file.name}: the model before is kept`);
        assert.equal((await generate(page)).length, 5, `${file.name}: the model before still generates`);
      }
      // A good file afterwards clears the message.
      await openByInput(page, model.path);
      await waitForModel(page, 'opened from cli-4gram.lmp');
      assert.ok(await page.isHidden('#model-file-error'));
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('while a model trains, a file is not opened, and the message says why', async () => {
    const model = await cliModel(tempDir());
    const { page, problems, close } = await openPage();
    try {
      await startLongTraining(page);
      assert.ok(await page.isDisabled('#save-model'));
      await openByDrop(page, 'cli-4gram.lmp', model.bytes);
      assert.match(await waitForMessage(page, 'model-file-error', /a model is training/), /Wait for the training to end, or Stop it/);
      await page.click('#cancel');
      await waitForModel(page, 'GRU');
      await openByInput(page, model.path);
      await waitForModel(page, 'opened from cli-4gram.lmp');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });
});
