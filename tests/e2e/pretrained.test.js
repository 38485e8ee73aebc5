// The Pretrained picker: it lists every model of models/manifest.json (as
// setup copies it beside the page); the Tang poems' Transformer opens from it
// with the manifest's val bits per character and writes Chinese, the names
// LSTM then writes names; a file that cannot be fetched and one whose bytes
// are not the manifest's each get one message while the model before stays.
// The picker passes axe (a label, a touch target) at both widths.
// Screenshots at 1280 and 375 px of the Tang model's samples.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertAccessible } from './axe.js';
import { assertNoProblems, generate, openPage, outputDir, useBrowser, waitForMessage, waitForModel } from './helpers.js';

useBrowser();

const MANIFEST = JSON.parse(readFileSync(new URL('../../models/manifest.json', import.meta.url), 'utf8'));
const entry = (name) => MANIFEST.models.find((model) => model.name === name);
// Chromium logs a failed fetch in the console itself; the page's own words are what is tested.
const NETWORK_NOISE = /Failed to load resource/;

// CJK Unified Ideographs and their extension A, and the compatibility block.
const isCjk = (char) => /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u.test(char);

async function pick(page, name) {
  await page.waitForSelector(`#pretrained option[value="${name}"]`, { state: 'attached' });
  await page.selectOption('#pretrained', name);
}


describe('the Pretrained picker', () => {
  test('lists every model of the manifest by title, with its val bits per character', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.waitForSelector('#pretrained-field:not([hidden])');
      const options = await page.$$eval('#pretrained option', (list) => list.map((o) => [o.value, o.textContent]));
      assert.deepEqual(options.slice(1).map(([value]) => value), MANIFEST.models.map((model) => model.name));
      for (const [value, text] of options.slice(1)) {
        const model = entry(value);
        assert.equal(text, `${model.title} · ${model.valBpc.toFixed(3)} bits/char`);
      }
      assert.equal(options[0][0], '', 'a first line that opens nothing');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('the Tang poems\' Transformer opens with its figures and writes Chinese; the names LSTM then writes names', async () => {
    for (const width of [1280, 375]) {
      const { page, problems, close } = await openPage({ width });
      try {
        const tang = entry('tang-transformer');
        await pick(page, 'tang-transformer');
        await waitForModel(page, 'opened from tang-transformer.lmp', 60_000);
        assert.match(await page.textContent('#model-name'), /^Transformer/);
        assert.equal(await page.textContent('#bpc'), tang.valBpc.toFixed(3), 'the manifest\'s val bits per character');
        assert.match(await page.textContent('#model-file-info'), /^Opened tang-transformer\.lmp in /);
        await assertAccessible(page, `the readout with the Pretrained picker, at ${width} px`, { context: '#readout-panel' });
        assert.equal(await page.inputValue('#pretrained'), '', 'the picker is ready for another choice');
        const samples = await generate(page);
        assert.equal(samples.length, 5);
        const chars = [...samples.join('')].filter((char) => char.trim());
        const cjk = chars.filter(isCjk).length;
        assert.ok(cjk / chars.length > 0.8, `the samples are mostly Chinese characters (${cjk} of ${chars.length}): ${samples.join(' / ')}`);
        await page.locator('#generate-panel').scrollIntoViewIfNeeded();
        await page.locator('#generate-panel').screenshot({ path: join(outputDir, `pretrained-tang-${width}.png`) });
        await page.locator('#readout-panel').screenshot({ path: join(outputDir, `pretrained-tang-readout-${width}.png`) });

        await pick(page, 'names-lstm');
        await waitForModel(page, 'opened from names-lstm.lmp', 60_000);
        assert.equal(await page.textContent('#bpc'), entry('names-lstm').valBpc.toFixed(3));
        const names = await generate(page);
        assert.equal(names.length, 5);
        for (const name of names) assert.match(name, /^[a-z' -]*$/, `a name, not Chinese: ${name}`);

        // Shipped models of one corpus share its split: they line up in Models compared, the Tang one apart.
        await pick(page, 'names-kn3');
        await waitForModel(page, 'opened from names-kn3.lmp', 60_000);
        assert.match(await page.textContent('#compare-corpus'), /^Names \(the shipped models' split\)/);
        assert.equal(await page.locator('#compare-table tbody tr').count(), 2, 'the LSTM and the trigram, not the Tang model');
        assertNoProblems(problems);
      } finally {
        await close();
      }
    }
  });

  test('a file that is missing and one whose bytes are wrong are refused in one message; the model before stays', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.route('**/build/models/names-mlp.lmp', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.route('**/build/models/tang-kn2.lmp', (route) => route.fulfill({
        status: 200, contentType: 'application/octet-stream', body: Buffer.from('these are not the manifest\'s bytes'),
      }));
      const before = await page.textContent('#model-name');
      const cases = [
        ['names-mlp', /^names-mlp\.lmp could not be opened: the server answered 404/],
        ['tang-kn2', /^tang-kn2\.lmp could not be opened: its bytes are not the ones the manifest lists \(34 B, sha256 [0-9a-f]{12}…, where the manifest says 943\.5 KB, a6a9473d8e0f…\)\./],
      ];
      for (const [name, expected] of cases) {
        await pick(page, name);
        const message = await waitForMessage(page, 'model-file-error', expected, 20_000);
        assert.match(message, / The model you had is still loaded\.$/);
        assert.equal(await page.textContent('#model-name'), before, `${name}: the model before is kept`);
        assert.equal((await generate(page)).length, 5, `${name}: the model before still generates`);
        assert.ok(await page.isEnabled('#pretrained'), 'the picker can be used again');
      }
      // A good one afterwards clears the message.
      await pick(page, 'names-kn3');
      await waitForModel(page, 'opened from names-kn3.lmp');
      assert.ok(await page.isHidden('#model-file-error'));
      assertNoProblems(problems.filter((problem) => !NETWORK_NOISE.test(problem)));
    } finally {
      await close();
    }
  });
});
