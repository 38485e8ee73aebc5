// Lessons in the page, each opened from its link in a fresh context: the
// header lists them and opens another from its link; a lesson that cannot be
// opened says so in one line and the page still works; a link's own keys win
// over the lesson's; and the n-gram lessons (order, smoothing), the cost of
// one more token and sampling each do what their text says. The neural and
// tokenizer lessons are in lessons-models.test.js.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertNoProblems, openAt, useBrowser, waitForModel } from './helpers.js';
import {
  checkLessonPage, comparisonRows, LESSON_INDEX, lessonFile, lessonsDir, pressTry, shootAndAudit, withLesson,
} from './lesson-helpers.js';

useBrowser();


// The share of unseen validation n-grams in the readout's row of order n, as a fraction.
async function unseenShare(page, n) {
  const text = await page.$eval(`#ngram-stats tbody tr:nth-child(${n}) td.unseen`, (td) => td.textContent);
  return Number(text.replace('%', '').replace('<', '')) / 100;
}

describe('lessons', () => {
  test('the header lists every lesson; a lesson link from it opens that lesson', () => withLesson('ngram-order', async (page) => {
    await page.click('#lessons-menu summary');
    const links = await page.$$eval('#lessons-list a', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent, current: a.getAttribute('aria-current') })));
    assert.deepEqual(links.map((l) => l.href), LESSON_INDEX.map((entry) => `#lesson=${entry.name}`));
    assert.deepEqual(links.map((l) => l.text), LESSON_INDEX.map((entry) => entry.title));
    assert.deepEqual(links.map((l) => l.current), ['page', ...Array(LESSON_INDEX.length - 1).fill(null)]);
    await page.locator('#lessons-list').screenshot({ path: join(lessonsDir, 'menu-1280.png') });
    await page.keyboard.press('Escape');
    assert.equal(await page.$eval('#lessons-menu', (menu) => menu.open), false, 'Escape closes the menu');
    await page.setViewportSize({ width: 375, height: 900 });
    await page.click('#lessons-menu summary');
    await page.screenshot({ path: join(lessonsDir, 'menu-375.png') });
    await page.click('#lessons-list a[href="#lesson=smoothing"]');
    await page.waitForFunction(() => document.getElementById('lesson-title')?.textContent.startsWith('Smoothing')
      && /^Ready\./.test(document.getElementById('lesson-status').textContent));
    assert.equal(await page.textContent('#lesson-kicker'), `Lesson 2 of ${LESSON_INDEX.length}`);
    assert.match(await page.getAttribute('.lesson-nav .lesson-next', 'href'), /#lesson=neural-window$/);
  }));

  test('a lesson that cannot be opened says so in one line, and the page works without it', async () => {
    const { page, problems, close } = await openAt('#lesson=no-such-lesson&order=4');
    try {
      await waitForModel(page, '4-gram');
      assert.equal(await page.textContent('#lesson-error'),
        'The lesson “no-such-lesson” could not be opened: there is no such lesson (the lesson “no-such-lesson” was not found). The playground below works as usual.');
      assert.equal(await page.$$eval('.lesson-note', (notes) => notes.length), 0);
      assert.ok(await page.isVisible('#generate-panel'), 'every panel is shown');
      // The browser reports the missing file as a failed resource load, and only that.
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await close();
    }
  });

  test("a link's own keys win over the lesson's", () => withLesson('ngram-order', async (page) => {
    await waitForModel(page, '5-gram');
    assert.equal(await page.inputValue('#order'), '5');
    assert.ok(await page.isVisible('#readout-panel'), 'the lesson still sets the rest');
  }, { extra: '&order=5' }));

  test('1. n-gram order: eight orders on one plot; raising the order raises the unseen share', () => withLesson('ngram-order', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.ok(await page.isVisible('#sweep-panel'), 'the lesson shows its figure');
    const series = await page.$$eval('#sweep-chart circle.dot', (dots) => dots.map((d) => ({ series: d.dataset.series, order: Number(d.dataset.order), value: Number(d.dataset.value) })));
    for (const name of ['bpc', 'unseen', 'memory']) {
      assert.deepEqual(series.filter((d) => d.series === name).map((d) => d.order), [1, 2, 3, 4, 5, 6, 7, 8], `8 points of ${name}`);
    }
    const unseen = series.filter((d) => d.series === 'unseen').map((d) => d.value);
    const memory = series.filter((d) => d.series === 'memory').map((d) => d.value);
    const bpc = series.filter((d) => d.series === 'bpc').map((d) => d.value);
    for (let i = 1; i < 8; i++) {
      assert.ok(unseen[i] > unseen[i - 1], `the unseen share rises with the order: ${unseen}`);
      assert.ok(memory[i] > memory[i - 1], `memory rises with the order: ${memory}`);
    }
    assert.ok(bpc[3] < bpc[2] && bpc[2] < bpc[0], `accuracy improves to order 4: ${bpc}`);
    assert.ok(Math.abs(bpc[7] - bpc[4]) < 0.05, `and then stops improving: ${bpc}`);
    assert.equal(await page.$$eval('#sweep-table tbody tr', (rows) => rows.length), 8);
    assert.match(await page.textContent('#model-name'), /trigram/, 'the model of step 1 stays loaded');
    await shootAndAudit(page, 'ngram-order');

    const before = await unseenShare(page, 3);
    await pressTry(page, 'Raise the order to 6');
    assert.match(await page.textContent('#model-name'), /6-gram, Kneser-Ney/);
    assert.equal(await page.$$eval('#ngram-stats tbody tr', (rows) => rows.length), 6);
    const six = await unseenShare(page, 6);
    assert.ok(six > 0.25 && six < 0.33 && six > 10 * before, `about 29% of the 6-grams are unseen (${six}), under 2% of the 3-grams (${before})`);
  }));

  test('2. smoothing: plain maximum likelihood scores ∞; add-k and Kneser-Ney side by side', () => withLesson('smoothing', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    assert.match(await page.textContent('#model-name'), /4-gram, no smoothing/);
    assert.equal(await page.textContent('#ppl'), '∞');
    assert.match(await page.textContent('#ppl-note'), /^Perplexity is infinite \(∞\): 1,\d{3} of the 112,\d{3} validation characters got probability 0/);
    await shootAndAudit(page, 'smoothing');

    for (const label of ['Add-one: add-k with k = 1', 'Add-k with k = 0.01', 'Kneser-Ney']) await pressTry(page, label);
    assert.match(await page.textContent('#model-name'), /4-gram, Kneser-Ney/);
    const ppl = Number(await page.textContent('#ppl'));
    assert.ok(ppl > 5 && ppl < 6, `Kneser-Ney perplexity ${ppl} is finite, about 5.4`);
    const rows = await comparisonRows(page);
    assert.deepEqual(rows.map((r) => r.model), ['4-gram, Kneser-Ney smoothing', '4-gram, add-k smoothing (k = 0.01)',
      '4-gram, add-k smoothing (k = 1)', '4-gram, no smoothing'], 'ranked best first');
    assert.ok(rows[0].current, 'the Kneser-Ney model is the one loaded');
    assert.equal(rows.at(-1).ppl, '∞', 'no smoothing: ∞, ranked last');
    assert.ok(rows.slice(0, 3).every((r) => Number.isFinite(Number(r.ppl))), 'the smoothed ones are finite');

    // Set up again: the controls as the lesson opened, and ∞ once more.
    await page.click('#lesson-again');
    await page.waitForFunction(() => /^Ready\./.test(document.getElementById('lesson-status').textContent)
      && document.getElementById('model-name').textContent.includes('no smoothing'));
    assert.equal(await page.inputValue('#smoothing'), 'none');
    assert.equal(await page.textContent('#ppl'), '∞');
    assert.equal(await page.$$eval('.lesson-try[data-state]', (items) => items.length), 0, 'the tries are to do again');
  }));

  test('6. the cost of one more token: measured at once; up to 512 the recomputing line stays far above the cache', () => withLesson('generation-cost', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    const contexts = () => page.$$eval('#gencost-table tbody tr', (rows) => rows.map((r) => Number(r.cells[0].textContent)));
    assert.deepEqual(await contexts(), [16, 32, 64, 128, 256], 'measured on opening');
    await shootAndAudit(page, 'generation-cost');
    await pressTry(page, 'Measure up to 512 tokens');
    assert.deepEqual(await contexts(), [16, 32, 64, 128, 256, 512]);
    const last = await page.$eval('#gencost-table tbody tr:last-child', (row) => [...row.cells].map((c) => Number(c.textContent.replace(/[,×]/g, ''))));
    const [, kv, recompute, lstm] = last;
    assert.ok(recompute > 5 * kv && recompute > 5 * lstm, `at n = 512, recomputing (${recompute} µs) far above the cache (${kv}) and the LSTM (${lstm})`);
  }));

  test('7. temperature, top-k, top-p: greedy repeats itself, a high temperature rambles', () => withLesson('sampling', async (page, lesson) => {
    await checkLessonPage(page, lesson);
    const samples = () => page.$$eval('#samples .sample-text', (items) => items.map((item) => item.textContent));
    const first = await samples();
    assert.equal(first.length, 3, 'three samples on opening');
    for (const sample of first) assert.ok(sample.startsWith('The whale'), sample);
    await shootAndAudit(page, 'sampling');

    await pressTry(page, 'Greedy');
    const greedy = await samples();
    assert.equal(new Set(greedy).size, 1, `greedy gives identical samples: ${JSON.stringify(greedy)}`);
    // A loop: some stretch of a dozen characters comes back at least three times.
    const text = greedy[0];
    const loops = [...Array(text.length - 12).keys()].some((i) => text.split(text.slice(i, i + 12)).length > 3);
    assert.ok(loops, `greedy loops: ${text}`);
    assert.ok(Array.from(text).length >= 160, 'and runs to the length limit');

    await pressTry(page, 'Too hot: T = 1.6');
    const hot = await samples();
    assert.equal(new Set(hot).size, 3, `sampling gives different samples: ${JSON.stringify(hot)}`);
    assert.equal(await page.inputValue('#temperature'), '1.6');
    assert.equal(await page.isChecked('#greedy'), false);
  }));
});

// Every lesson of the list has its scenario, here or in lessons-models.test.js.
test('the scenarios cover every lesson', async () => {
  const { readFileSync } = await import('node:fs');
  const sources = ['lessons.test.js', 'lessons-models.test.js'].map((file) => readFileSync(new URL(file, import.meta.url), 'utf8')).join('\n');
  for (const entry of LESSON_INDEX) {
    assert.match(sources, new RegExp(`withLesson\\('${entry.name}'`), `a scenario opens ${entry.name}`);
    assert.match(sources, new RegExp(`shootAndAudit\\(page, '${entry.name}'\\)`), `the scenario of ${entry.name} looks at it and audits it at 1280 and 375 px`);
    assert.ok(lessonFile(entry.name).title === entry.title);
  }
});
