// What the lesson scenarios share: opening a lesson in a fresh context and
// waiting for its setup, checking that the page is as the lesson file says
// (its text, the panels it shows and hides, its notes beside those panels,
// its locks), pressing one of its "try" buttons and waiting for it, and the
// screenshots and axe-core audits at 1280 and 375 px wide (in test-output/lessons/).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LESSON_FIGURES } from '../../web/lesson-loader.js';
import { PANELS } from '../../web/link.js';
import { assertAccessible } from './axe.js';
import { assertNoProblems, openAt, outputDir } from './helpers.js';

export const lessonsDir = join(outputDir, 'lessons');

// The list of lessons, in order: [{ name, title, line }] (web/lessons/index.json).
export const LESSON_INDEX = JSON.parse(readFileSync(new URL('../../web/lessons/index.json', import.meta.url), 'utf8'));

export function lessonFile(name) {
  return JSON.parse(readFileSync(new URL(`../../web/lessons/${name}.json`, import.meta.url), 'utf8'));
}

// The lesson opened at #lesson=NAME (extra: more keys of the link, '&steps=100'),
// once its setup says Ready. -> { page, problems, close, lesson }
export async function openLesson(name, { extra = '', width = 1280, timeout = 120_000 } = {}) {
  const opened = await openAt(`#lesson=${name}${extra}`, { width });
  await opened.page.waitForFunction(() => /^Ready\./.test(document.getElementById('lesson-status')?.textContent ?? ''), null, { timeout });
  return { ...opened, lesson: lessonFile(name) };
}

// Runs fn on the lesson's page, fails on any console or page error, closes it whatever happens.
export async function withLesson(name, fn, options) {
  const { page, problems, close, lesson } = await openLesson(name, options);
  try {
    await fn(page, lesson);
    assertNoProblems(problems);
  } finally {
    await close();
  }
}

// The page as the lesson file says: its title and notes, each note just
// before its panel, the panels of its state shown and the others hidden,
// its locked controls disabled, and nothing in its text but text.
export async function checkLessonPage(page, lesson, { shownLater = [] } = {}) {
  assert.equal(await page.textContent('#lesson-title'), lesson.title);
  assert.match(await page.textContent('#lesson-kicker'), /^Lesson \d+ of \d+$/);
  const notes = await page.$$eval('.lesson-note', (sections) => sections.map((s) => ({
    panel: s.dataset.panel, heading: s.querySelector('h3').textContent, next: s.nextElementSibling?.id, hidden: s.hidden,
    tries: [...s.querySelectorAll('.try')].map((b) => b.textContent),
  })));
  assert.deepEqual(notes.map((n) => n.heading), lesson.notes.map((n) => n.heading));
  for (const [i, note] of lesson.notes.entries()) {
    assert.equal(notes[i].next, PANELS[note.panel] ?? LESSON_FIGURES[note.panel], `the note “${note.heading}” sits just before its panel`);
    assert.deepEqual(notes[i].tries, (note.try ?? []).map((t) => t.label));
  }
  const shown = lesson.state.panels?.split(',') ?? Object.keys(PANELS);
  for (const [name, id] of Object.entries(PANELS)) {
    if (shownLater.includes(name)) continue;
    assert.equal(await page.isVisible(`#${id}`), shown.includes(name), `panel ${name} ${shown.includes(name) ? 'shown' : 'hidden'}`);
  }
  for (const key of lesson.state.lock?.split(',') ?? []) {
    const controls = await page.$$eval(`[data-option="${key}"]`, (all) => all.map((c) => ({ disabled: c.disabled, aria: c.getAttribute('aria-disabled') })));
    assert.ok(controls.length > 0, `a control for ${key}`);
    for (const control of controls) assert.deepEqual(control, { disabled: true, aria: 'true' }, `${key} is locked`);
  }
  // Text only: the lesson's paragraphs make no element but <strong>.
  const tags = await page.$$eval('.lesson-intro *, .lesson-note *', (all) => [...new Set(all.map((el) => el.tagName.toLowerCase()))]);
  for (const tag of tags) assert.ok(['p', 'h2', 'h3', 'strong', 'span', 'div', 'button', 'ul', 'li', 'nav', 'a'].includes(tag), `<${tag}> in a lesson`);
}

// Presses the try button with this label and waits until its steps are done.
export async function pressTry(page, label, { timeout = 120_000, host = null } = {}) {
  const button = page.locator(host ? `${host} .lesson-try .try` : '.lesson-try .try', { hasText: label });
  assert.equal(await button.count(), 1, `one try button “${label}”`);
  await button.click();
  await page.waitForFunction(([text, within]) => {
    const root = within ? document.querySelector(within).shadowRoot : document;
    const item = [...root.querySelectorAll('.lesson-try')].find((li) => li.querySelector('.try').textContent === text);
    return item.dataset.state === 'done' || item.dataset.state === 'failed';
  }, [label, host], { timeout });
  assert.equal(await button.evaluate((b) => b.closest('.lesson-try').dataset.state), 'done', `“${label}” finished`);
}

// The page at 1280 px and at 375 px: whole, as NAME-1280.png and NAME-375.png,
// and audited by axe-core at each width (no serious or critical violation).
export async function shootAndAudit(page, name) {
  mkdirSync(lessonsDir, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);  // a figure drawn at its width redraws on resize
    await page.screenshot({ path: join(lessonsDir, `${name}-${width}.png`), fullPage: true });
    await assertAccessible(page, `the lesson “${name}” at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// The rows of "Models compared", as shown.
export function comparisonRows(page) {
  return page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => ({
    tokenizer: tr.cells[0].textContent,
    model: tr.cells[2].firstChild.textContent,  // without its tags
    current: tr.classList.contains('current'),
    bpc: tr.cells[3].lastChild.textContent,  // without its tags
    ppl: tr.cells[4].textContent,
    tokensPerChar: Number(tr.cells[5].textContent),
    unfair: tr.classList.contains('not-comparable'),
  })));
}
