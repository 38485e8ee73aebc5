// The page in a real Chromium: default model on load, training and sampling
// controls, the next-character panel, bad uploads, Chinese text, user text
// that looks like HTML, neural training with progress, Pause and Stop, the
// generation-cost plot, and recovery from a crashed worker. Any console error
// or uncaught page error fails the test that caused it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  assertNoProblems, chipTexts, generate, openPage, outputDir, setControl, startLongTraining, train, trainTokenizer,
  useBrowser, waitForModel,
} from './helpers.js';

useBrowser();

describe('LM Playground page', () => {
  test('the default model is ready on load and Generate works', async () => {
    const { page, problems, close } = await openPage();
    try {
      assert.match(await page.textContent('#model-name'), /trigram, Kneser-Ney.*Names/);
      const ppl = Number(await page.textContent('#ppl'));
      assert.ok(ppl > 5 && ppl < 15, `default names trigram perplexity ${ppl} is near 8.8`);
      assert.equal(await page.$$eval('#distribution .tok-row', (rows) => rows.length), 20, 'top 20 next characters shown');

      const samples = await generate(page);
      assert.equal(samples.length, 5);
      assert.ok(samples.some((s) => s.length > 0), 'some sample has text');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('train names at order 4, sample reproducibly, see top-k cuts', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.selectOption('#corpus', 'names');
      await page.selectOption('#order', '4');
      await page.selectOption('#smoothing', 'kn');
      assert.ok(await page.isHidden('#k-field'), 'k is only asked for add-k');
      await train(page, '4-gram');

      const ppl = Number(await page.textContent('#ppl'));
      assert.ok(Number.isFinite(ppl) && ppl > 4 && ppl < 15, `order-4 names perplexity ${ppl} is sane`);
      const bpc = Number(await page.textContent('#bpc'));
      assert.ok(Math.abs(bpc - Math.log2(ppl)) < 0.02, 'bits per character = log2 perplexity for characters');
      assert.equal(await page.$$eval('#ngram-stats tbody tr', (rows) => rows.length), 4, 'one statistics row per order');
      assert.match(await page.textContent('#train-ms'), /\d/);
      assert.match(await page.textContent('#memory'), /MB/);

      await setControl(page, '#temperature', 0.7);
      await setControl(page, '#top-k', 5);
      await setControl(page, '#top-p', 0.9);
      await setControl(page, '#seed', 42);
      await setControl(page, '#count', 5);

      const first = await generate(page);
      assert.equal(first.length, 5);
      for (const sample of first) assert.match(sample, /^[a-z-]+$/, `"${sample}" is a name made of the names alphabet`);
      const again = await generate(page);
      assert.deepEqual(again, first, 'the same seed gives the same samples');
      await setControl(page, '#seed', 43);
      const other = await generate(page);
      assert.notDeepEqual(other, first, 'another seed gives other samples');

      // The panel follows the sliders: with top-k 5 at most five characters stay drawable.
      await page.waitForFunction(() => document.querySelectorAll('#distribution .tok-row[data-cut="top-k"]').length > 0);
      const kept = await page.$$eval('#distribution .tok-row:not(.cut)', (rows) => rows.length);
      assert.ok(kept >= 1 && kept <= 5, `${kept} characters kept by top-k 5 and top-p 0.9`);
      assert.match(await page.textContent('#distribution'), /cut by top-k/);
      // Temperature 0.7 sharpens: the favourite's bar outgrows its T = 1 marker.
      const [fill, marker] = await page.$eval('#distribution .tok-row', (row) => [
        parseFloat(row.querySelector('.tok-fill').style.width), parseFloat(row.querySelector('.tok-marker').style.left)]);
      assert.ok(fill > marker, `tempered bar ${fill}% is longer than the T = 1 marker at ${marker}%`);

      await page.fill('#prompt', 'ma');
      await page.waitForFunction(() => document.getElementById('distribution-title').textContent.endsWith('ma'));
      for (const sample of await generate(page)) assert.ok(sample.startsWith('ma'), `"${sample}" continues the prompt`);
      await page.screenshot({ path: join(outputDir, 'page.png'), fullPage: true });

      await setControl(page, '#top-k', 0);
      await page.waitForFunction(() => document.querySelectorAll('#distribution .tok-row[data-cut="top-k"]').length === 0);
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('bad uploads and absurd settings show an error and keep the old model', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.selectOption('#corpus', 'upload');
      const cases = [
        { name: 'latin1.txt', bytes: [0x66, 0xff, 0xfe, 0x0a], expect: /UTF-8/ },
        { name: 'empty.txt', bytes: [], expect: /empty/ },
        { name: 'image.png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], expect: /binary/ },
      ];
      for (const { name, bytes, expect } of cases) {
        await page.setInputFiles('#file', { name, mimeType: 'text/plain', buffer: Buffer.from(bytes) });
        await page.click('#train');
        await page.waitForFunction((re) => {
          const error = document.getElementById('error');
          return !error.hidden && new RegExp(re).test(error.textContent);
        }, expect.source, { timeout: 10_000 });
        assert.match(await page.textContent('#error'), /previous model is kept/);
        assert.equal(await page.isEnabled('#train'), true, 'the page stays usable');
      }
      assert.match(await page.textContent('#model-name'), /trigram.*Names/, 'the names model is still loaded');
      const samples = await generate(page);
      assert.equal(samples.length, 5, 'the old model still generates');

      await page.selectOption('#corpus', 'names');
      await page.selectOption('#smoothing', 'addk');
      assert.ok(await page.isVisible('#k'), 'k appears for add-k');
      await page.fill('#k', '-1');
      await page.click('#train');
      await page.waitForSelector('#error:not([hidden])');
      assert.match(await page.textContent('#error'), /\bk\b/);

      await setControl(page, '#count', 0);
      await page.click('#generate');
      await page.waitForSelector('#generate-error:not([hidden])');
      assert.match(await page.textContent('#generate-error'), /number of samples/);
      await setControl(page, '#count', 3);
      assert.equal((await generate(page)).length, 3);
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('Chinese text trains and generates; text that looks like HTML stays text', async () => {
    const { page, problems, close } = await openPage({ width: 760 });
    try {
      await page.selectOption('#corpus', 'paste');
      await page.fill('#paste-text', '床前明月光\n疑是地上霜\n举头望明月\n低头思故乡\n'.repeat(20));
      await train(page, 'pasted');
      assert.ok(Number.isFinite(Number(await page.textContent('#ppl'))), 'finite perplexity on Chinese');
      const samples = await generate(page);
      assert.ok(samples.length > 0);
      for (const sample of samples) assert.match(sample, /[\u4e00-\u9fff]/, `"${sample}" has Chinese characters`);
      assert.match(await page.textContent('#distribution'), /[\u4e00-\u9fff]/, 'Chinese characters label the bars');
      await page.screenshot({ path: join(outputDir, 'page-chinese.png'), fullPage: true });

      const markup = '<img src=x onerror="window.__injected=1"><b>bold</b>\n';
      await page.fill('#paste-text', markup.repeat(30));
      await train(page, 'pasted');
      await setControl(page, '#greedy', true);
      const copied = await generate(page);
      assert.ok(copied[0].includes('<img'), 'markup comes back as literal text');
      assert.equal(await page.$$eval('#samples img, #samples b, #distribution img', (n) => n.length), 0, 'no element was made from model text');
      assert.equal(await page.evaluate(() => window.__injected), undefined);
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('an LSTM trains in slices with live progress, pauses, and then generates', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.selectOption('#corpus', 'names');
      await page.selectOption('#family', 'lstm');
      assert.ok(await page.isHidden('#order'), 'n-gram controls are hidden for a neural model');
      assert.ok(await page.isVisible('#hidden') && await page.isVisible('#layers'), 'neural controls are shown');
      assert.ok(await page.isHidden('#context'), 'the MLP window is not asked for an LSTM');
      assert.equal(await page.inputValue('#steps'), '600', 'LSTM default steps');
      await setControl(page, '#hidden', 32);
      await setControl(page, '#steps', 600);
      await setControl(page, '#lr', 0.01);
      await page.click('#train');

      // Pause as soon as the first slice reports: the step must then stand still.
      await page.waitForFunction(() => Number(document.getElementById('progress-panel').dataset.step ?? 0) > 0, null, { timeout: 20_000 });
      await page.click('#pause');
      await page.waitForFunction(() => document.getElementById('pause').textContent === 'Resume');
      await page.waitForTimeout(400);
      const pausedAt = await page.$eval('#progress-panel', (panel) => Number(panel.dataset.step));
      await page.waitForTimeout(500);
      assert.equal(await page.$eval('#progress-panel', (panel) => Number(panel.dataset.step)), pausedAt, 'no steps while paused');
      if (pausedAt < 600) {
        assert.match(await page.textContent('#progress-text'), new RegExp(`Step ${pausedAt} / 600.*tokens/s`));
        assert.ok(await page.$$eval('#loss-chart polyline', (lines) => lines.length) >= 1, 'the loss chart has a line');
        assert.ok(await page.$$eval('#preview li:not(.preview-step)', (items) => items.length) > 0, 'a preview sample is shown');
        await page.screenshot({ path: join(outputDir, 'page-neural-training.png'), fullPage: true });
      }
      await page.click('#pause');
      await waitForModel(page, 'LSTM', 60_000);

      assert.equal(await page.$eval('#progress', (bar) => bar.value), 600, 'the bar reaches the end');
      assert.equal(await page.$$eval('#loss-chart polyline', (lines) => lines.length), 2, 'train and val loss lines');
      const vocab = Number((await page.textContent('#vocab')).replace(/,/g, ''));
      const ppl = Number(await page.textContent('#ppl'));
      assert.ok(vocab > 20 && vocab < 40, `vocabulary ${vocab} is about 30`);
      assert.ok(Number.isFinite(ppl) && ppl > 1 && ppl < vocab, `LSTM perplexity ${ppl} beats uniform guessing (${vocab})`);
      assert.equal(await page.textContent('#params-label'), 'Weights');
      assert.ok(await page.isHidden('#ngram-table-wrap, #ngram-section'), 'no n-gram table for a neural model');
      assert.ok(await page.isHidden('#attention-panel'), 'no attention view for an LSTM');

      const samples = await generate(page);
      assert.equal(samples.length, 5);
      for (const sample of samples) assert.match(sample, /^[a-z-]*$/, `"${sample}" is made of the names alphabet`);
      assert.ok(samples.some((s) => s.length > 1), 'the LSTM writes names');
      await page.fill('#prompt', 'ma');
      await page.waitForFunction(() => document.getElementById('distribution-title').textContent.endsWith('ma'));
      assert.ok(await page.$$eval('#distribution .tok-row', (rows) => rows.length) > 5, 'next-character bars for the LSTM');
      await page.screenshot({ path: join(outputDir, 'page-neural.png'), fullPage: true });
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('a Transformer trains and generates; without the causal mask its loss collapses and it writes noise', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.selectOption('#corpus', 'names');
      await page.selectOption('#family', 'transformer');
      assert.ok(await page.isVisible('#heads') && await page.isVisible('#context') && await page.isVisible('#causal'),
        'heads, window and the causal switch are asked for');
      assert.ok(await page.isHidden('#hidden'), 'no hidden size: the MLP of a block is 4 x d_model');
      assert.equal(await page.inputValue('#embed'), '64', 'Transformer default d_model');
      assert.equal(await page.inputValue('#steps'), '2000', 'Transformer default steps');
      assert.match(await page.textContent('#causal-hint'), /noise/);
      await setControl(page, '#steps', 800);
      await setControl(page, '#lr', 0.01);
      await setControl(page, '#embed', 30);  // not a multiple of 4 heads: refused with a reason, before training
      await page.click('#train');
      await page.waitForFunction(() => /multiple of the number of heads/.test(document.getElementById('error').textContent));
      await setControl(page, '#embed', 32);
      await train(page, 'Transformer');
      const causalPpl = Number(await page.textContent('#ppl'));
      const vocab = Number((await page.textContent('#vocab')).replace(/,/g, ''));
      assert.ok(causalPpl > 1 && causalPpl < vocab / 2, `Transformer perplexity ${causalPpl} well below uniform (${vocab})`);
      const samples = await generate(page);
      assert.ok(samples.some((s) => s.length > 1), 'the Transformer writes names');
      await page.fill('#prompt', 'ma');
      await page.waitForFunction(() => document.getElementById('distribution-title').textContent.endsWith('ma'));
      assert.match(await page.textContent('#context-info'), /attends to the last 16 characters/);

      // The attention view: a map per block and head over its default text, "<bos> m a r i a".
      assert.ok(await page.isVisible('#attention-panel'), 'the attention view is shown for a Transformer');
      assert.equal(await page.inputValue('#attention-text'), 'maria');
      await page.waitForFunction(() => document.querySelectorAll('#attention-maps canvas').length === 8
        && /6 positions/.test(document.getElementById('attention-readout').textContent));
      const cells = await page.$eval('#attention-maps canvas', (canvas) => {
        const g = canvas.getContext('2d');
        const cell = canvas.width / 6;
        const at = (q, k) => Array.from(g.getImageData(Math.floor((k + 0.5) * cell), Math.floor((q + 0.5) * cell), 1, 1).data);
        return { future: at(1, 4), past: at(4, 1), self: at(0, 0) };
      });
      assert.equal(cells.future[3], 0, 'a masked cell is left blank');
      assert.equal(cells.past[3], 255, 'a visible cell is painted');
      assert.deepEqual(cells.self.slice(0, 3), [47, 91, 211], 'the first position attends only to itself: full weight');
      const box = await page.$eval('#attention-maps canvas', (canvas) => {
        canvas.scrollIntoView({ block: 'center' });
        const r = canvas.getBoundingClientRect();
        return { x: r.left, y: r.top, cell: r.width / 6 };
      });
      await page.mouse.move(box.x + 1.5 * box.cell, box.y + 3.5 * box.cell);
      assert.match(await page.textContent('#attention-readout'), /block 1, head 1: “r” \(position 4\) → “m” \(position 2\): \d+\.\d%/);
      await page.mouse.move(box.x + 4.5 * box.cell, box.y + 1.5 * box.cell);
      assert.match(await page.textContent('#attention-readout'), /masked, the future/);
      await page.fill('#attention-text', '<b>an');  // typed text is redrawn, and shown as text
      await page.waitForFunction(() => /6 positions: <bos> <unk> b <unk> a n$/.test(document.getElementById('attention-readout').textContent)
        && document.querySelectorAll('#attention-maps canvas').length === 8);
      assert.equal(await page.$$eval('#attention-panel b', (bold) => bold.length), 0, 'no markup from the text');
      await page.screenshot({ path: join(outputDir, 'page-transformer.png'), fullPage: true });

      await page.fill('#prompt', '');
      await setControl(page, '#causal', false);
      await train(page, 'NO causal mask');
      const peekingPpl = Number(await page.textContent('#ppl'));
      assert.ok(peekingPpl < 1.5 && peekingPpl < causalPpl / 3, `seeing the answer, perplexity ${peekingPpl} collapses (was ${causalPpl})`);
      // Generating, there is no future to copy: the samples are far from names.
      const noisy = await generate(page);
      const nameLike = noisy.filter((s) => s.length >= 3 && /^[a-z-]+$/.test(s)).length;
      assert.ok(nameLike <= 2, `samples without the mask are not names: ${JSON.stringify(noisy)}`);
      await page.screenshot({ path: join(outputDir, 'page-transformer-no-mask.png'), fullPage: true });
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('Stop ends a neural training early and keeps the model learned so far', async () => {
    const { page, problems, close } = await openPage();
    try {
      await startLongTraining(page);
      await page.click('#cancel');
      await waitForModel(page, 'GRU', 20_000);
      assert.match(await page.textContent('#status'), /stopped early at step \d+/);
      assert.ok(Number.isFinite(Number(await page.textContent('#ppl'))), 'the early model is measured');
      assert.equal((await generate(page)).length, 5, 'the early model generates');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('the generation-cost panel measures in the worker and plots three lines on log scales', async () => {
    const { page, problems, close } = await openPage();
    try {
      assert.ok(await page.isVisible('#gencost-panel'), 'shown whatever the model');
      assert.match(await page.textContent('#gencost-panel'), /KV cache.*linearly.*quadratically.*constant/s);
      assert.ok(await page.isHidden('#gencost-figure'), 'no empty plot before a measurement');

      // Refused while a model trains: the worker is busy, and the figures would be spoiled.
      await startLongTraining(page);
      await page.click('#gencost-measure');
      await page.waitForSelector('#gencost-error:not([hidden])');
      assert.match(await page.textContent('#gencost-error'), /training/);
      assert.equal(await page.isEnabled('#gencost-measure'), true, 'it can be pressed again later');
      await page.click('#cancel');
      await waitForModel(page, 'GRU', 20_000);

      await page.click('#gencost-measure');
      assert.equal(await page.isDisabled('#gencost-measure'), true, 'no second measurement while one runs');
      assert.match(await page.textContent('#gencost-status'), /Measuring/);
      assert.ok(await page.isHidden('#gencost-error'), 'the refusal is cleared');
      await page.waitForFunction(() => document.getElementById('gencost-panel').dataset.measured === '1', null, { timeout: 60_000 });
      assert.equal(await page.isEnabled('#gencost-measure'), true);
      assert.match(await page.textContent('#gencost-status'), /Measured in .*median of 3 runs of 64 tokens/);

      const lines = await page.$$eval('#gencost-chart polyline', (all) => all.map((line) => [line.dataset.series, line.getAttribute('points').trim().split(/\s+/).length]));
      assert.deepEqual(lines, [['kv', 5], ['recompute', 5], ['lstm', 5]], 'three lines of five points (n = 16 ... 256)');
      assert.equal(await page.$$eval('#gencost-chart circle', (dots) => dots.length), 15);
      assert.equal(await page.$$eval('#gencost-chart .end-label', (labels) => labels.length), 3, 'each line ends with its value');
      const titles = await page.$$eval('#gencost-chart .axis-title', (all) => all.map((t) => t.textContent));
      assert.ok(titles.length === 2 && titles.every((t) => /log scale/.test(t)), `both axes say they are log scales: ${titles}`);

      const table = await page.$$eval('#gencost-table tbody tr', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
      assert.deepEqual(table.map((row) => row[0]), ['16', '32', '64', '128', '256']);
      const number = (text) => Number(text.replace(/[,×]/g, ''));
      for (const row of table) assert.ok(row.slice(1).every((cell) => number(cell) > 0), `a filled row: ${row}`);
      const [, kv, recompute] = table.at(-1).map(number);
      assert.ok(recompute > kv, `at n = 256 recomputing (${recompute} µs) costs more than the cache (${kv} µs)`);

      await page.hover('#gencost-chart circle.dot.recompute >> nth=1');
      assert.match(await page.textContent('#gencost-readout'), /^n = 32: KV cache [\d.,]+ µs · recomputing [\d.,]+ µs \([\d.,]+× the cache\) · LSTM [\d.,]+ µs$/);
      await page.locator('#gencost-panel').screenshot({ path: join(outputDir, 'page-generation-cost.png') });
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('the tokenizer panel trains BPE and word tokenizers in the worker and shows chips and figures', async () => {
    const { page, problems, close } = await openPage();
    try {
      assert.equal(await page.$$eval('#tok-chips .chip', (chips) => chips.length), 0, 'no chips before a tokenizer');
      assert.equal(await page.isDisabled('#tok-which-model'), false, 'the loaded model offers its tokenizer');
      await trainTokenizer(page, 'bpe', 512);
      const passage = await page.inputValue('#tok-passage');
      assert.ok(passage.split('\n').length >= 3, `a few held-out names by default: ${JSON.stringify(passage)}`);
      assert.equal(await page.textContent('#tok-vocab-size'), '768', '512 learned pieces and markers, plus 256 bytes');
      const perChar = Number(await page.textContent('#tok-per-char'));
      assert.ok(perChar > 0.2 && perChar < 1, `BPE cuts names into fewer tokens than characters (${perChar})`);
      assert.equal(await page.textContent('#tok-oov'), '0%', 'BPE has no unknown pieces');
      assert.match(await page.textContent('#tok-train-time'), /\d/);
      const pieces = await chipTexts(page);
      assert.equal(pieces.filter((p) => p === '⏎').join(''), '⏎'.repeat(passage.split('\n').length), 'one line end per line');
      // ▁: the space BPE reads before each line, which is not in the text
      assert.equal(pieces.filter((p) => p.startsWith('▁')).length, passage.split('\n').length, 'a ▁ opens each line');
      assert.equal(pieces.filter((p) => p !== '⏎').join('').replaceAll('▁', ''), passage.replace(/\n/g, ''), 'the chips spell the passage');
      assert.ok(pieces.some((p) => [...p].length > 1), 'some piece is longer than a character');
      assert.ok(await page.isHidden('#tok-sample-controls'), 'BPE cannot sample: no sampling button');
      await page.hover('#tok-chips .chip >> nth=1');
      assert.match(await page.textContent('#tok-readout'), /^token 2 of \d+: id \d+ · “.+”/);
      assert.match(await page.getAttribute('#tok-chips .chip >> nth=0', 'title'), /^id \d+/);
      await page.focus('#tok-chips .chip >> nth=0');
      await page.keyboard.press('ArrowRight');
      assert.match(await page.textContent('#tok-readout'), /^token 2 of/, 'the arrow keys move between chips');
      await page.locator('#tok-panel').screenshot({ path: join(outputDir, 'page-tokenizer-bpe.png') });

      // Too small a vocabulary: the core's reason, the old tokenizer and its chips stay.
      await setControl(page, '#tok-vocab', 5);
      await page.click('#tok-train');
      await page.waitForSelector('#tok-error:not([hidden])');
      assert.match(await page.textContent('#tok-error'), /vocabulary of 5 cannot hold.*previous tokenizer is kept/);
      assert.equal(await page.isEnabled('#tok-train'), true, 'the panel stays usable');
      assert.ok(await page.$$eval('#tok-chips .chip', (chips) => chips.length) > 0, 'the chips stay');

      await page.selectOption('#tok-kind', 'word');
      assert.equal(await page.inputValue('#tok-vocab'), '10000', 'the word default');
      assert.ok(await page.isVisible('#tok-lowercase'), 'lowercase is offered for words');
      await trainTokenizer(page, 'word', 10000);
      assert.match(await page.textContent('#tok-oov'), /^\d+(\.\d+)?%$/);
      assert.ok(Number.parseFloat(await page.textContent('#tok-oov')) > 0, 'held-out names the word list lacks are <unk>');
      assert.ok(await page.$$eval('#tok-chips .chip.unk', (chips) => chips.length) > 0, '<unk> chips are shown');

      await page.selectOption('#tok-which', 'model');
      await page.waitForFunction(() => document.querySelector('#tok-chips .chip')?.textContent.length === 1);
      assert.equal(await page.textContent('#tok-per-char'), (1).toFixed(3), "the model's character tokenizer: one token a character");
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('a Chinese passage renders as chips with char, word and BPE; markup stays text', async () => {
    const { page, problems, close } = await openPage({ width: 760 });
    try {
      await page.selectOption('#corpus', 'paste');
      await page.fill('#paste-text', '我爱北京天安门。\n天安门上太阳升\nthe whale 鲸鱼 swims\n北京的鲸鱼\n'.repeat(10));
      const passage = '我爱北京天安门。\nthe whale 鲸鱼';
      for (const kind of ['char', 'word', 'bpe']) {
        await trainTokenizer(page, kind, kind === 'char' ? 0 : 60);
        await page.fill('#tok-passage', passage);
        await page.waitForFunction((n) => document.querySelectorAll('#tok-chips .chip:not(.eol)').length > 0
          && document.getElementById('tok-chips').textContent.includes('鲸'), null);
        const text = (await chipTexts(page)).join('');
        for (const ch of '我爱北京天安门。鲸鱼') assert.ok(text.includes(ch), `${kind}: “${ch}” is shown in a chip`);
        assert.ok(text.includes('whale'), `${kind}: the English words are shown`);
        assert.equal(await page.textContent('#tok-oov'), '0%', `${kind}: every piece is known`);
        if (kind === 'char') assert.ok(text.includes('␣'), 'a space is made visible');
      }
      await page.locator('#tok-panel').screenshot({ path: join(outputDir, 'page-tokenizer-chinese.png') });

      // Characters the names list lacks: BPE spells them in bytes, shown under the character.
      await page.selectOption('#corpus', 'names');
      await trainTokenizer(page, 'bpe', 512);
      await page.fill('#tok-passage', '<b>我</b>\tx');
      await page.waitForFunction(() => document.querySelectorAll('#tok-chips .byte-char').length === 1);
      assert.equal(await page.textContent('#tok-chips .byte-glyph'), '我');
      assert.equal(await page.$$eval('#tok-chips .byte-char .chip.byte', (chips) => chips.map((c) => c.textContent).join(' ')), '<0xE6> <0x88> <0x91>');
      assert.equal(await page.$$eval('#tok-chips b', (bold) => bold.length), 0, 'no markup from the passage');
      assert.ok((await chipTexts(page)).join('').includes('→'), 'a tab is made visible');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('models with different tokenizers are compared by bits per character', async () => {
    const { page, problems, close } = await openPage();
    try {
      assert.equal(await page.textContent('#tokenizer-name'), 'characters');
      assert.equal(await page.textContent('#tokens-per-char'), '1.000');
      assert.ok(await page.isHidden('#vocab-size'), 'no vocabulary size to choose for characters');
      await page.selectOption('#tokenizer', 'bpe');
      assert.equal(await page.inputValue('#vocab-size'), '512', 'the BPE default');
      assert.ok(await page.isHidden('#subword-alpha'), 'subword sampling is for unigram only');
      await train(page, 'BPE');
      assert.equal(await page.textContent('#tokenizer-name'), 'BPE');
      const perChar = Number(await page.textContent('#tokens-per-char'));
      assert.ok(perChar > 0.2 && perChar < 1, `BPE tokens per character ${perChar}`);
      assert.equal(await page.textContent('#oov-rate'), '0%');

      const rows = await page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.equal(rows.length, 2, 'the char and the BPE trigram side by side');
      assert.deepEqual(rows.map((r) => r[0]).sort(), ['BPE', 'characters']);
      const bpcs = rows.map((r) => Number(r[3].replace(/best/, '')));
      assert.ok(bpcs.every((b) => b > 1 && b < 5), `bits per character ${bpcs}`);
      assert.ok(bpcs[0] <= bpcs[1], 'sorted, best first');
      assert.equal(await page.$$eval('#compare-table tr.best', (trs) => trs.length), 1, 'the best is marked');
      assert.equal(await page.$$eval('#compare-table tr.current', (trs) => trs.length), 1);
      assert.match(await page.textContent('.compare-note'), /bits per character/i);
      await page.locator('#readout-panel').screenshot({ path: join(outputDir, 'page-comparison.png') });

      await page.click('#compare-clear');
      assert.equal(await page.$$eval('#compare-table tbody tr', (trs) => trs.length), 0, 'cleared');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('a unigram tokenizer samples another segmentation at each click', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.selectOption('#tok-kind', 'unigram');
      await page.click('#tok-train');
      await page.waitForFunction(() => !document.getElementById('tok-error').hidden
        || document.querySelectorAll('#tok-chips .chip').length > 0, null, { timeout: 20_000 });
      assert.ok(await page.isHidden('#tok-error'), await page.textContent('#tok-error'));
      assert.ok(await page.isVisible('#tok-sample'), 'a tokenizer that can sample gets the button');
      const first = (await chipTexts(page)).join('|');
      const seen = new Set([first]);
      for (let i = 0; i < 5; i++) {
        const before = await page.$eval('#tok-chips', (chips) => chips.dataset.segmentation);
        await page.click('#tok-sample');
        await page.waitForFunction((b) => document.getElementById('tok-chips').dataset.segmentation !== b, before);
        seen.add((await chipTexts(page)).join('|'));
      }
      assert.ok(seen.size > 1, 'the segmentation changed');
      assert.match(await page.textContent('#tok-sample-info'), /sampled segmentation 5/);
      await page.locator('#tok-panel').screenshot({ path: join(outputDir, 'page-tokenizer-unigram.png') });
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('a crashed worker is reported, replaced, and the model retrained', async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.selectOption('#order', '2');
      await train(page, 'bigram');
      const [worker] = page.workers();
      assert.ok(worker, 'the model runs in a worker');
      await worker.evaluate(() => {
        setTimeout(() => { throw new Error('simulated crash'); }, 0);
      });
      await page.waitForFunction(() => /crashed/.test(document.getElementById('error').textContent));
      await waitForModel(page, 'bigram');
      const samples = await generate(page);
      assert.equal(samples.length, 5, 'the replacement worker generates');
      assertNoProblems(problems.filter((p) => !p.includes('simulated crash')));
    } finally {
      await close();
    }
  });
});
