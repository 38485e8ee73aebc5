// The lessons that train neural models or tokenizers, each opened from its
// link in a fresh context and checked against what its text says: the MLP
// beside the n-gram over the same window, RNN/LSTM/GRU and the whole line as
// context, the Transformer without its causal mask, the tokenizers compared
// by bits per character, subword sampling, and teacher forcing against the
// model's own text. Where a lesson's own training
// would take long for a test, the link shortens it (steps=...): a link's
// keys win over the lesson's, as a teacher's would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate, useBrowser } from './helpers.js';
import { checkLessonPage, comparisonRows, pressTry, shootAndAudit, withLesson } from './lesson-helpers.js';

useBrowser();

const number = async (page, selector) => Number((await page.textContent(selector)).replace(/,/g, ''));
// The exposure panel's means as its sentence says them: nats a token and bits per character, forced and own.
async function exposureMeans(page) {
  const text = await page.textContent('#exposure-means');
  const [, forcedNll, forcedBpc, ownNll, ownBpc] = /at (\d+\.\d+) nats a \w+ \((\d+\.\d+) bits per character\); after its own text, at (\d+\.\d+) nats a \w+ \((\d+\.\d+) bits per character\)/
    .exec(text).map(Number);
  return { forcedNll, forcedBpc, ownNll, ownBpc, gap: ownNll - forcedNll, text };
}

// The points of the exposure plot of the line shown, by series: [{ position, value }].
const exposurePoints = (page) => page.$$eval('#exposure-chart circle.dot', (dots) => ['forced', 'own'].map((series) => dots
  .filter((d) => d.dataset.series === series).map((d) => ({ position: Number(d.dataset.position), value: Number(d.dataset.value) }))));

const chips = (page) => page.$$eval('#tok-chips > .chip, #tok-chips .byte-glyph', (nodes) => nodes.map((n) => n.textContent));

describe('lessons with neural models and tokenizers', () => {
  test('3. from counts to a network: the MLP trains, then a 4-gram over the same window joins it in the comparison', () => withLesson('neural-window', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.match(await page.textContent('#model-name'), /^MLP \(context 3, hidden 128\), 300 steps/);
    assert.equal(await page.textContent('#params-label'), 'Weights');
    assert.equal(await number(page, '#params'), 17246, 'embeddings, hidden and output layers');
    assert.equal(await page.$eval('#progress', (bar) => bar.value), 300, 'trained with its progress shown');
    await shootAndAudit(page, 'neural-window');

    await pressTry(page, 'Count a 4-gram over the same window');
    assert.match(await page.textContent('#model-name'), /^4-gram, Kneser-Ney/);
    assert.equal(await page.textContent('#params-label'), 'Stored n-grams');
    const rows = await comparisonRows(page);
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => /^MLP/.test(r.model)) && rows.some((r) => /^4-gram/.test(r.model)), JSON.stringify(rows));
    await pressTry(page, 'Generate five names');
    assert.equal((await page.$$('#samples .sample-text')).length, 5);
  }, { extra: '&steps=300' }));

  test('4. RNN, LSTM, GRU: the same size trains as each cell; a recurrent model reads the whole line', () => withLesson('recurrent', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.match(await page.textContent('#model-name'), /^RNN \(1 × 128\), 100 steps/);
    const rnnWeights = await number(page, '#params');
    await pressTry(page, 'Train an LSTM');
    assert.match(await page.textContent('#model-name'), /^LSTM \(1 × 128\), 100 steps/);
    const ratio = (await number(page, '#params')) / rnnWeights;
    assert.ok(ratio > 3 && ratio < 4, `an LSTM has about 3.5 times the RNN's weights (${ratio.toFixed(2)})`);
    assert.equal((await comparisonRows(page)).length, 2);

    await pressTry(page, 'Continue “christoph”');
    assert.equal(await page.inputValue('#prompt'), 'christoph');
    for (const sample of await page.$$eval('#samples .sample-text', (items) => items.map((i) => i.textContent))) {
      assert.ok(sample.startsWith('christoph'), sample);
    }
    await page.waitForFunction(() => /whole line/.test(document.getElementById('context-info').textContent));
    await shootAndAudit(page, 'recurrent');
  }, { extra: '&steps=100' }));

  test('5. the causal mask: without it the training loss falls near zero and the row is marked not comparable', () => withLesson('causal-mask', async (page, lesson) => {
    await checkLessonPage(page, lesson, { shownLater: ['attention'] });
    assert.ok(await page.isVisible('#attention-panel'), 'a Transformer shows what it attends to');
    assert.ok(await page.isChecked('#causal'));
    await page.waitForFunction(() => document.querySelectorAll('#attention-maps canvas').length === 8);
    await shootAndAudit(page, 'causal-mask');
    const masked = (await comparisonRows(page))[0];

    await pressTry(page, 'Forget the mask');
    assert.match(await page.textContent('#model-name'), /NO causal mask/);
    const trainLoss = Number(/train loss (\d+\.\d+)/.exec(await page.textContent('#progress-text'))[1]);
    assert.ok(trainLoss < 0.3, `the training loss falls near zero: ${trainLoss}`);
    const peekingPpl = Number(await page.textContent('#ppl'));
    assert.ok(peekingPpl < Number(masked.ppl) / 2, `the validation perplexity falls too: ${peekingPpl}, from ${masked.ppl}`);
    const rows = await comparisonRows(page);
    const peeking = rows.find((r) => r.current);
    assert.ok(peeking.unfair, 'the row without the mask is marked not comparable');
    assert.ok(!rows.find((r) => !r.current).unfair && masked.bpc !== peeking.bpc, JSON.stringify(rows));
    assert.match(await page.textContent('#attention-hint'), /without the causal mask: every cell is filled/);

    const noisy = await generate(page);
    const nameLike = noisy.filter((s) => s.length >= 3 && /^[a-z-]+$/.test(s)).length;
    assert.ok(nameLike <= 2, `without the mask the samples are not names: ${JSON.stringify(noisy)}`);
  }, { extra: '&steps=300' }));

  test('8. tokenizers: BPE beats characters in bits per character while its perplexity per token is higher', () => withLesson('tokenizers', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.match(await page.textContent('#tok-status'), /^Trained on the training part of Moby Dick/);
    assert.equal(await page.textContent('#tok-vocab-size'), '768', 'the setup trained BPE in the tokenizer panel: 512 pieces and 256 bytes');
    assert.ok((await chips(page)).length > 20, 'the passage is cut into chips');
    await shootAndAudit(page, 'tokenizers');

    await pressTry(page, 'BPE, 512 pieces');
    const [bpe, char] = await comparisonRows(page);
    assert.equal(bpe.tokenizer, 'BPE');
    assert.equal(char.tokenizer, 'characters');
    assert.ok(Number(bpe.bpc) < Number(char.bpc) - 0.5, `BPE ${bpe.bpc} bits per character, characters ${char.bpc}`);
    assert.ok(Number(bpe.ppl) > 3 * Number(char.ppl), `per token, BPE's perplexity ${bpe.ppl} is higher than ${char.ppl}`);
    assert.ok(bpe.tokensPerChar > 0.38 && bpe.tokensPerChar < 0.46, `about 0.42 tokens per character: ${bpe.tokensPerChar}`);

    await pressTry(page, 'Cut with words');
    assert.ok((await chips(page)).includes('‹unk›'), 'words outside the vocabulary are ‹unk›');
  }));

  test('9. subword sampling: each draw cuts the same passage anew; the most probable cut is one', () => withLesson('subword-sampling', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.equal(await page.textContent('#tok-vocab-size'), '512');
    assert.equal(await page.textContent('#tok-sample-info'), 'sampled segmentation 1 (seed 1, α 0.30)');
    const first = await chips(page);
    await shootAndAudit(page, 'subword-sampling');

    await pressTry(page, 'Sample another segmentation');
    assert.equal(await page.textContent('#tok-sample-info'), 'sampled segmentation 2 (seed 2, α 0.30)');
    const second = await chips(page);
    assert.notDeepEqual(second, first, 'another draw, other pieces');
    assert.equal(second.join(''), first.join(''), 'of the same text');

    await pressTry(page, 'Most probable segmentation');
    assert.equal(await page.textContent('#tok-sample-info'), 'the most probable segmentation');
    const best = await chips(page);
    await pressTry(page, 'Wilder: α = 0.1');
    assert.equal(await page.inputValue('#tok-alpha'), '0.1');
    const wild = await chips(page);
    assert.ok(wild.length > best.length * 1.2, `α 0.1 cuts into more pieces (${wild.length}) than the most probable cut (${best.length})`);
  }));

  test('10. teacher forcing: the own curve starts on the forced one, the own mean lies above; greedy narrows the gap, no prompt widens it', () => withLesson('teacher-forcing', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.ok(await page.isVisible('#exposure-panel'), 'the lesson shows its figure');
    assert.match(await page.textContent('#model-name'), /^LSTM \(1 × 128\), 600 steps/);
    const lines = await page.$$eval('#exposure-line option', (options) => options.map((o) => o.textContent));
    assert.equal(lines.length, 200, 'two hundred held-out names measured');
    for (let shown = 0; shown < 3; shown++) {
      const [forced, own] = await exposurePoints(page);
      assert.equal(forced[0].position, 2, 'after a prompt of one letter, the first measured is the second');
      assert.deepEqual(own.map((p) => p.position), forced.map((p) => p.position));
      assert.ok(Math.abs(own[0].value - forced[0].value) < 1e-9, `same context, same loss at the first measured letter: ${JSON.stringify([forced[0], own[0]])}`);
      const rows = await page.$$eval('#exposure-table tbody tr', (trs) => trs.length);
      assert.equal(rows, forced.length, 'the table has a row per point');
      await page.click('#exposure-next');
    }
    const sampled = await exposureMeans(page);
    // As the note says: more than a bit per character worse, about 2.8 against 4.2.
    assert.ok(sampled.ownBpc > sampled.forcedBpc + 1, `after its own text the true letters score worse: ${sampled.text}`);
    assert.ok(Math.abs(sampled.forcedBpc - 2.8) < 0.2 && Math.abs(sampled.ownBpc - 4.2) < 0.3, sampled.text);
    assert.match(sampled.text, /^Over 200 held-out lines, after the first character of each: /);
    await page.selectOption('#exposure-line', '0');
    await shootAndAudit(page, 'teacher-forcing');

    const runs = Number(await page.getAttribute('#exposure-panel', 'data-runs'));
    await pressTry(page, 'Greedy own text');
    assert.ok(await page.isChecked('#greedy'));
    const greedy = await exposureMeans(page);
    assert.ok(Math.abs(greedy.forcedNll - sampled.forcedNll) < 1e-9, 'teacher forcing does not depend on the draws');
    assert.ok(greedy.gap < sampled.gap && greedy.gap > 0.5, `the gap narrows a little and stays large: ${greedy.gap} against ${sampled.gap}`);
    assert.ok(Number(await page.getAttribute('#exposure-panel', 'data-runs')) > runs);

    await page.click('#lesson-again');
    await page.waitForFunction(() => /^Ready\./.test(document.getElementById('lesson-status').textContent) && !document.getElementById('greedy').checked);
    const again = await exposureMeans(page);
    assert.equal(again.text, sampled.text, 'set up again: the same figures');

    await pressTry(page, 'No prompt at all');
    const unprompted = await exposureMeans(page);
    assert.match(unprompted.text, /from the start of each/);
    assert.equal((await exposurePoints(page))[0][0].position, 1);
    assert.ok(unprompted.forcedNll > sampled.forcedNll && unprompted.ownNll > sampled.ownNll, `both means rise: ${unprompted.text}`);
    assert.ok(unprompted.gap > sampled.gap, `and the gap widens a little: ${unprompted.gap} against ${sampled.gap}`);

    await pressTry(page, 'A 5-gram instead of the LSTM');
    assert.match(await page.textContent('#model-name'), /^5-gram, Kneser-Ney/);
    const counted = await exposureMeans(page);
    assert.ok(counted.forcedNll < sampled.forcedNll, `the 5-gram scores the true prefix better: ${counted.forcedNll} against ${sampled.forcedNll}`);
    assert.ok(counted.ownNll > sampled.ownNll && counted.gap > sampled.gap, `and its own text worse: ${counted.text}`);
  }));
});
