// What the embedding tests share: two origins (the playground's host, and a
// course site serving pages the tests write: two servers of scripts/serve.js
// on two ports and two host names), a Chromium, and a course page with
// hostile CSS built from the very snippets a teacher copies
// (web/embed-snippets.js). The course pages are real files on a real server:
// Chromium lets a page it was handed by request interception (of no known
// address) read nothing from the loopback address the playground is on.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startServer } from '../../scripts/serve.js';
import { launchChromium, outputDir, watchProblems } from './helpers.js';

// Base URLs, set once the servers listen: { playground, course }.
export const origins = {};

let servers = [];
let browser;
let courseDir;

// Call once at the top of a test file.
export function useTwoOrigins() {
  before(async () => {
    mkdirSync(outputDir, { recursive: true });
    courseDir = mkdtempSync(join(tmpdir(), 'lmp-course-'));
    const playground = await startServer(0);
    const course = await startServer(0, '127.0.0.1', { root: courseDir });
    servers = [playground.server, course.server];
    // 127.0.0.1 for one, localhost for the other: another host as well as another port.
    origins.playground = playground.url.replace('//localhost:', '//127.0.0.1:');
    origins.course = course.url;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    if (courseDir) rmSync(courseDir, { recursive: true, force: true });
  });
}

// A course page's rules at their worst: every property of every element
// unset, a root font size of 10px and a body of 30px Comic Sans in capitals,
// the playground's own class names and ids styled, [hidden] shown. None may
// reach inside <lm-playground>.
const HOSTILE_CSS = `
  * { all: unset; }
  head, script, style, template { display: none; }
  html { font-size: 10px; }
  body {
    display: block; padding: 12px; background: #fffbe6; color: #a00000;
    font: 30px/3 "Comic Sans MS", cursive; letter-spacing: .2em; word-spacing: 1em;
    text-transform: uppercase; text-align: center; white-space: pre;
  }
  div, section, header, main, footer, h1, h2, p, ol, li, button, select, input, label {
    display: inline; font-size: 40px !important; color: red !important;
  }
  .card, .field, .top, .layout, .embed-frame, #status, #train, #generate, #samples { display: none !important; }
  [hidden] { display: block !important; background: yellow; }
  lm-playground { margin: 20px 0; border: 6px dashed magenta; }
`;

// The course page around `body` (HTML text: the snippets, some prose).
export function hostileCoursePage(body) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Week 3: language models</title><style>${HOSTILE_CSS}</style></head>
<body>
<h1>Week 3: language models</h1>
<p>Read the chapter, then try the playgrounds below.</p>
${body}
</body>
</html>`;
}

// Puts `html` on the course site as <name>.html. -> its address
export function coursePage(name, html) {
  writeFileSync(join(courseDir, `${name}.html`), html);
  return new URL(`${name}.html`, origins.course).href;
}

// Opens `url` in a fresh context; watch(page) runs before it loads.
// -> { page, problems, close }
export async function openAt(url, { width = 1280, watch = () => {}, permissions = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await context.grantPermissions(permissions);
  const page = await context.newPage();
  const problems = watchProblems(page);
  watch(page);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

// A screenshot of the whole page, taken with a window as tall as the page:
// Chromium paints an iframe of another origin only where the window is, so
// a full-page shot of a scrolled page shows such an iframe cut.
export async function screenshotWhole(page, path) {
  const { width } = page.viewportSize();
  const height = await page.evaluate(() => {
    scrollTo(0, 0);
    return document.documentElement.scrollHeight;
  });
  await page.setViewportSize({ width, height });
  await page.screenshot({ path, fullPage: true });
}
