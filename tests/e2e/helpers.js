// What the page's end-to-end tests share: a server and a Chromium for the
// test file (started in its before hook, closed in its after hook), a fresh
// page with the default model, and the few actions every test uses. Any
// console error or uncaught page error is collected, so each test can fail on it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outputDir = process.env.LMP_TEST_OUTPUT ?? join(root, 'test-output');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server;
let baseUrl;
let browser;

// Chromium as TOOLCHAIN.md says to start it here.
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// Call once at the top of a test file. routes: extra paths the server answers (scripts/serve.js).
export function useBrowser({ routes } = {}) {
  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    ({ server, url: baseUrl } = await startServer(0, '127.0.0.1', { routes }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });
}

// The address the test server serves the page at (during a test).
export function pageUrl() {
  return baseUrl;
}

// A fresh page with the default model trained; problems are collected, not thrown,
// so that each test can say which ones it expects.
export async function openPage({ width = 1280 } = {}) {
  const opened = await openLink('', { width });
  await waitForModel(opened.page, 'trigram');
  return opened;
}

// The page opened on this hash in a browser context of its own (nothing
// shared with another test's pages), waiting for nothing. permissions: e.g.
// ['clipboard-read', 'clipboard-write']; init: a function run in the page before its own scripts.
export async function openLink(hash, { width = 1280, permissions = [], init = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (permissions.length) await context.grantPermissions(permissions, { origin: baseUrl });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const problems = watchProblems(page);
  await page.goto(hash ? `${baseUrl}#${hash}` : baseUrl);
  return { page, problems, close: () => context.close() };
}

// The same with the hash's '#' written ('#lesson=smoothing').
export function openAt(hash, options) {
  return openLink(hash.replace(/^#/, ''), options);
}

// The console errors, uncaught errors and dialogs of a page, as they come.
// The page never opens a dialog; one would be something a link or a text made it run.
export function watchProblems(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  return problems;
}

// Runs fn(page) on the page opened on this hash (openLink), then fails on
// any problem it caused but those matching `allowed`; the page is closed whatever happens.
export async function withLink(hash, fn, { allowed = null, ...options } = {}) {
  const { page, problems, close } = await openLink(hash, options);
  try {
    const result = await fn(page);
    assertNoProblems(allowed ? problems.filter((problem) => !allowed.test(problem)) : problems);
    return result;
  } finally {
    await close();
  }
}

// page: a Page, or the Frame of an iframe. host (here and in generate): a
// selector of the <lm-playground> element whose playground is meant; without
// it, the page's own. Playwright's selectors pierce shadow roots, so
// `${host} #generate` is that element's button.
export async function waitForModel(page, nameFragment, timeout = 20_000, host = null) {
  await page.waitForFunction(
    ([fragment, hostSelector]) => {
      const root = hostSelector ? document.querySelector(hostSelector)?.shadowRoot : document;
      const byId = (id) => root?.getElementById(id);
      return byId('status')?.dataset.state === 'ready'
        && byId('model-name').textContent.includes(fragment)
        && !byId('generate').disabled;
    },
    [nameFragment, host],
    { timeout },
  );
}

const inside = (host, selector) => (host ? `${host} ${selector}` : selector);

export async function setControl(page, selector, value) {
  await page.$eval(selector, (input, v) => {
    if (input.type === 'checkbox') input.checked = v;
    else input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

export async function generate(page, host = null) {
  const before = await page.$eval(inside(host, '#samples'), (list) => list.dataset.batch ?? '0');
  await page.click(inside(host, '#generate'));
  await page.waitForSelector(`${inside(host, '#samples')}[data-batch]:not([data-batch="${before}"])`, { state: 'attached', timeout: 10_000 });
  return page.$$eval(inside(host, '#samples .sample-text'), (items) => items.map((item) => item.textContent));
}

export async function train(page, expectedName) {
  await page.click('#train');
  await waitForModel(page, expectedName);
}

// Waits for the message box #id to show and match `pattern`. -> its text
export async function waitForMessage(page, id, pattern, timeout = 10_000) {
  await page.waitForFunction(([boxId, re]) => {
    const box = document.getElementById(boxId);
    return !box.hidden && new RegExp(re).test(box.textContent);
  }, [id, pattern.source], { timeout });
  return page.textContent(`#${id}`);
}

// Presses Train and waits for the error box to match `expect`.
export async function trainExpectingError(page, expect) {
  await page.click('#train');
  return waitForMessage(page, 'error', expect);
}

// A GRU training far too long to finish during a test, once its first slice has reported.
export async function startLongTraining(page) {
  await page.selectOption('#family', 'gru');
  await setControl(page, '#hidden', 32);
  await setControl(page, '#steps', 20000);
  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('progress-panel').dataset.step ?? 0) > 0, null, { timeout: 20_000 });
}

// Trains the panel's tokenizer and waits for its chips.
export async function trainTokenizer(page, kind, vocabSize) {
  await page.selectOption('#tok-kind', kind);
  if (kind !== 'char') await setControl(page, '#tok-vocab', vocabSize);
  const before = await page.$eval('#tok-chips', (chips) => chips.dataset.segmentation ?? '0');
  await page.click('#tok-train');
  await page.waitForFunction((b) => (document.getElementById('tok-chips').dataset.segmentation ?? '0') !== b, before, { timeout: 20_000 });
}

// The chips' text as shown (whitespace as ␣ →, line ends as ⏎; bytes grouped under their character).
export async function chipTexts(page) {
  return page.$$eval('#tok-chips > .chip, #tok-chips .byte-glyph', (nodes) => nodes.map((n) => n.textContent));
}

export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], 'no console errors or page errors');
}

// Runs fn(page) on a fresh page with the default model, then fails on any
// console or page error it caused; the page is closed whatever happens.
export async function withPage(fn, options = {}) {
  const { page, problems, close } = await openPage(options);
  try {
    await fn(page);
    assertNoProblems(problems);
  } finally {
    await close();
  }
}
