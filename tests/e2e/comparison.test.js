// "Models compared" ranks only fair scores: a Transformer trained without
// the causal mask (it saw the answers) and a word model that reads the
// held-out names as <unk> are marked not comparable, with the reason in the
// row, and never get the "best" badge, whose colours pass WCAG AA.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { outputDir, setControl, train, useBrowser, withPage } from './helpers.js';

useBrowser();

// WCAG 2 contrast ratio of two CSS rgb() colours.
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('models compared', () => {
  test('a mask-off Transformer and a word model of unseen names are not comparable; the fair model is best', () => withPage(async (page) => {
    // The default: a character trigram on the names, a fair score.
    await page.selectOption('#tokenizer', 'word');
    await train(page, 'words');  // every held-out name is a word the training list lacks: <unk>
    assert.match(await page.textContent('#oov-rate'), /^(9\d|100)%$/);

    await page.selectOption('#tokenizer', 'char');
    await page.selectOption('#family', 'transformer');
    await setControl(page, '#steps', 30);
    await setControl(page, '#causal', false);
    await train(page, 'NO causal mask');

    const rows = await page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => ({
      tokenizer: tr.cells[0].textContent,
      model: tr.cells[2].textContent,
      bpc: tr.cells[3].textContent,
      best: tr.classList.contains('best'),
      unfair: tr.classList.contains('not-comparable'),
    })));
    assert.equal(rows.length, 3, JSON.stringify(rows));
    const [first, ...rest] = rows;
    assert.ok(first.best && !first.unfair && first.tokenizer === 'characters' && /trigram/.test(first.model),
      `the character trigram is best: ${JSON.stringify(rows)}`);
    assert.ok(rest.every((r) => r.unfair && !r.best && /^not comparable/.test(r.bpc)), JSON.stringify(rest));
    const word = rest.find((r) => r.tokenizer === 'words');
    assert.match(word.model, /Not comparable: (9\d|100)% of its validation words are <unk>, each scored as one word without spelling out its characters\./);
    const transformer = rest.find((r) => /Transformer/.test(r.model));
    assert.match(transformer.model, /Not comparable: trained without the causal mask, it saw each character it had to predict\./);
    assert.equal(await page.$$eval('#compare-table tr.best', (trs) => trs.length), 1);

    // Computed colours, so a later change of palette is checked too.
    const colours = await page.evaluate(() => {
      const of = (selector, backgroundOf = selector) => ({
        fg: getComputedStyle(document.querySelector(selector)).color,
        bg: getComputedStyle(document.querySelector(backgroundOf)).backgroundColor,
      });
      return {
        best: of('#compare-table tr.best .tag'),
        unfair: of('#compare-table .tag.unfair'),
        reason: of('#compare-table .unfair-reason', '#compare-table tr.not-comparable td'),
      };
    });
    for (const [name, { fg, bg }] of Object.entries(colours)) {
      const ratio = contrast(fg, bg);
      assert.ok(ratio >= 4.5, `${name}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1, below WCAG AA's 4.5:1`);
    }
    await page.locator('#compare-section').screenshot({ path: join(outputDir, 'page-comparison-not-comparable.png') });
    await page.setViewportSize({ width: 375, height: 900 });
    await page.locator('#compare-section').screenshot({ path: join(outputDir, 'page-comparison-not-comparable-375.png') });
  }));
});
