// <lm-playground> and the iframe on a course page: two elements on a page
// with hostile CSS, their script from another origin, each training and
// sampling on its own and looking as the page does; the iframe sized to its
// content by the snippet's script; an element removed ends its worker, one
// moved keeps it; attributes changed later start it afresh. The course pages
// are built from the snippets embed.html gives teachers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { elementSnippet, iframeSnippet } from '../../web/embed-snippets.js';
import { coursePage, hostileCoursePage, openAt, origins, screenshotWhole, useTwoOrigins } from './embed-helpers.js';
import { assertNoProblems, generate, outputDir, waitForModel } from './helpers.js';
import { assertAccessible } from './axe.js';
import { LESSON_INDEX, lessonFile, pressTry } from './lesson-helpers.js';

useTwoOrigins();

const MOBY = 'corpus=moby&order=5&panels=train,readout,generate';
const SAMPLER = 'panels=generate&order=4&temperature=0.8&topP=0.9&sampleSeed=7';
// The elements by their attributes (names of attributes match without regard to case).
const MOBY_ELEMENT = 'lm-playground[corpus="moby"]';
const SAMPLER_ELEMENT = 'lm-playground[panels="generate"]';
const LOADS = 30_000;  // a fresh engine per element, on a machine shared with builds
const LESSONS = LESSON_INDEX.map((entry) => entry.name);

// Sizes that show whether the page's CSS, and only it, styles a playground:
// read in the page itself and inside an element, they must agree.
function looksOf(hostSelector) {
  const root = hostSelector ? document.querySelector(hostSelector).shadowRoot : document;
  const style = (id) => getComputedStyle(root.getElementById(id));
  const pick = (id, keys) => Object.fromEntries(keys.map((key) => [`${id} ${key}`, style(id)[key]]));
  return {
    ...pick('train-title', ['fontSize', 'fontFamily', 'textTransform', 'letterSpacing', 'color', 'marginBottom']),
    ...pick('status', ['display', 'fontSize', 'paddingLeft', 'borderRadius']),
    ...pick('train-panel', ['display', 'paddingTop', 'backgroundColor', 'borderTopWidth']),
    ...pick('train', ['display', 'fontSize', 'paddingLeft', 'color', 'backgroundColor']),
    ...pick('order', ['display', 'fontSize', 'paddingLeft']),
  };
}

describe('<lm-playground> and the iframe on a course page', () => {
  test('two elements on a hostile course page, their script from another origin, train and generate on their own', async () => {
    const html = hostileCoursePage(`${elementSnippet(origins.playground, MOBY, { height: 700 })}
<p>The sampler:</p>
${elementSnippet(origins.playground, SAMPLER)}`);
    const { page, problems, close } = await openAt(coursePage('two-elements', html));
    try {
      assert.notEqual(new URL(page.url()).origin, new URL(origins.playground).origin, 'two origins');
      await waitForModel(page, '5-gram', LOADS, MOBY_ELEMENT);
      await waitForModel(page, '4-gram', LOADS, SAMPLER_ELEMENT);
      assert.match(await page.textContent(`${MOBY_ELEMENT} #model-name`), /Moby Dick/);
      assert.match(await page.textContent(`${SAMPLER_ELEMENT} #model-name`), /Names/);

      // The sampler's settings are its attributes, topP and sampleSeed included (HTML lowercased them).
      assert.equal(await page.inputValue(`${SAMPLER_ELEMENT} #temperature`), '0.8');
      assert.equal(await page.inputValue(`${SAMPLER_ELEMENT} #top-p`), '0.9');
      assert.equal(await page.inputValue(`${SAMPLER_ELEMENT} #seed`), '7');
      assert.ok(await page.isHidden(`${SAMPLER_ELEMENT} #train-panel`), 'panels=generate hides the training panel');
      assert.ok(await page.isVisible(`${SAMPLER_ELEMENT} #generate-panel`));
      assert.ok(await page.isHidden(`${MOBY_ELEMENT} #tok-panel`), 'panels= hides what it does not name');

      // Training one leaves the other's model alone.
      await page.selectOption(`${MOBY_ELEMENT} #order`, '3');
      await page.click(`${MOBY_ELEMENT} #train`);
      await waitForModel(page, 'trigram', LOADS, MOBY_ELEMENT);
      assert.match(await page.textContent(`${SAMPLER_ELEMENT} #model-name`), /4-gram/);

      const prose = await generate(page, MOBY_ELEMENT);
      const names = await generate(page, SAMPLER_ELEMENT);
      assert.equal(names.length, 5);
      for (const name of names) assert.match(name, /^[a-z-]*$/, `"${name}" is made of the names' alphabet`);
      assert.ok(prose.some((text) => /[A-Z ,.;]/.test(text)), `the Moby Dick model writes prose: ${JSON.stringify(prose)}`);
      assert.deepEqual(await generate(page, SAMPLER_ELEMENT), names, 'sampleSeed=7 draws the same names again');

      // Nothing of the course page's CSS inside: each element looks as the page does.
      const looks = await page.evaluate(looksOf, MOBY_ELEMENT);
      const { page: own, close: closeOwn } = await openAt(origins.playground);
      try {
        await waitForModel(own, 'trigram');
        assert.deepEqual(looks, await own.evaluate(looksOf, null));
      } finally {
        await closeOwn();
      }
      const frame = await page.$eval(MOBY_ELEMENT, (host) => {
        const box = host.shadowRoot.querySelector('.embed-frame');
        return { height: box.getBoundingClientRect().height, scrolls: box.scrollHeight > box.clientHeight };
      });
      assert.equal(frame.height, 700, 'height="700" sets the element\'s height');
      assert.ok(frame.scrolls, 'and its content scrolls inside');

      await screenshotWhole(page, join(outputDir, 'embed-hostile.png'));
      await page.locator(SAMPLER_ELEMENT).screenshot({ path: join(outputDir, 'embed-hostile-sampler.png') });
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('two lessons as elements on the hostile page: each sets itself up and runs its own try buttons; links lead to the full page', async () => {
    const SMOOTHING = 'lm-playground[lesson="smoothing"]';
    const SAMPLING = 'lm-playground[lesson="sampling"]';
    const html = hostileCoursePage(`${elementSnippet(origins.playground, 'lesson=smoothing')}
<p>And the sampler:</p>
${elementSnippet(origins.playground, 'lesson=sampling&sampleSeed=2', { height: 900 })}`);
    const { page, problems, close } = await openAt(coursePage('two-lessons', html), { permissions: ['clipboard-read', 'clipboard-write'] });
    const ready = (host) => page.waitForFunction((h) => /^Ready\./.test(document.querySelector(h).shadowRoot.getElementById('lesson-status')?.textContent ?? ''),
      host, { timeout: 120_000 });
    try {
      await Promise.all([ready(SMOOTHING), ready(SAMPLING)]);
      for (const [host, name] of [[SMOOTHING, 'smoothing'], [SAMPLING, 'sampling']]) {
        assert.equal(await page.textContent(`${host} #lesson-title`), lessonFile(name).title);
        assert.equal(await page.textContent(`${host} #lesson-kicker`), `Lesson ${LESSONS.indexOf(name) + 1} of ${LESSONS.length}`);
        assert.ok(await page.isHidden(`${host} #lessons-menu`), 'no menu that would leave the course page');
      }
      // Each lesson's state, and the element's own keys over it.
      assert.equal(await page.textContent(`${SMOOTHING} #ppl`), '∞', 'no smoothing: infinite perplexity');
      assert.equal(await page.inputValue(`${SAMPLING} #seed`), '2', 'the element\'s sampleSeed wins over the lesson\'s');
      assert.ok(await page.isDisabled(`${SMOOTHING} #order`), 'the lesson locks the order');

      // A try button works in its own element only.
      await pressTry(page, 'Kneser-Ney', { host: SMOOTHING });
      assert.ok(Number(await page.textContent(`${SMOOTHING} #ppl`)) < 6, 'Kneser-Ney: finite');
      await pressTry(page, 'Greedy', { host: SAMPLING });
      const greedy = await page.$$eval(`${SAMPLING} #samples .sample-text`, (items) => items.map((item) => item.textContent));
      assert.equal(greedy.length, 3);
      assert.equal(new Set(greedy).size, 1, 'greedy: three identical samples');
      assert.match(await page.textContent(`${SAMPLING} #model-name`), /5-gram, Kneser-Ney/, 'the other element kept its model');

      // The previous and next lessons open the full page in a new tab, not the course page's hash.
      const at = LESSONS.indexOf('sampling');
      const prev = await page.$eval(`${SAMPLING} .lesson-prev`, (a) => ({ href: a.href, target: a.target }));
      assert.deepEqual(prev, { href: new URL(`index.html#lesson=${LESSONS[at - 1]}`, origins.playground).href, target: '_blank' });
      // Copy link: the full page with this element's state.
      await page.click(`${SAMPLING} #copy-link`);
      const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
      assert.equal(`${copied.origin}${copied.pathname}`, new URL('index.html', origins.playground).href);
      const keys = new URLSearchParams(copied.hash.slice(1));
      assert.equal(keys.get('lesson'), 'sampling');
      assert.equal(keys.get('greedy'), '1', 'with the setting the try button made');
      assert.equal(keys.get('sampleSeed'), '2');

      // The course page's own colours are its affair; what the elements hold is ours.
      await assertAccessible(page, 'two lessons as elements on the course page', { context: 'lm-playground' });
      await screenshotWhole(page, join(outputDir, 'embed-lessons.png'));
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('the iframe on the hostile page sizes itself to its content, from messages of its own origin only', async () => {
    const html = hostileCoursePage(iframeSnippet(origins.playground, 'panels=generate&count=20'));
    const { page, problems, close } = await openAt(coursePage('iframe', html));
    try {
      const iframe = page.locator('iframe[data-lm-playground]');
      const frame = await (await iframe.elementHandle()).contentFrame();
      await waitForModel(frame, 'trigram', LOADS);
      const sizes = async () => ({
        iframe: (await iframe.boundingBox()).height,
        content: await frame.evaluate(() => document.documentElement.getBoundingClientRect().height),
      });
      await page.waitForFunction(() => document.querySelector('iframe').style.height !== '700px');
      // The content may still be growing (the model's panels fill in), and each
      // new height takes a message to arrive: wait until the two agree.
      const fitted = async () => {
        let last;
        for (const end = Date.now() + 5000; Date.now() < end;) {
          last = await sizes();
          if (Math.abs(last.iframe - last.content) <= 1) break;
          await page.waitForTimeout(50);
        }
        return last;
      };
      const before = await fitted();
      assert.ok(Math.abs(before.iframe - before.content) <= 1, `iframe ${before.iframe}px fits its content ${before.content}px`);

      // Twenty samples make the content taller, and the iframe follows.
      await generate(frame);
      await page.waitForFunction((h) => parseFloat(document.querySelector('iframe').style.height) > h + 100, before.iframe);
      const after = await fitted();
      assert.ok(Math.abs(after.iframe - after.content) <= 1, `iframe ${after.iframe}px fits its content ${after.content}px`);
      assert.equal(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight), true, 'no scrollbar inside');

      // A height posted by anything else (here the course page itself) is not applied.
      await page.evaluate(() => postMessage({ type: 'lm-playground:height', height: 5 }, '*'));
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
      assert.equal((await iframe.boundingBox()).height, after.iframe);

      await screenshotWhole(page, join(outputDir, 'embed-iframe.png'));
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('an element removed from the page ends its worker; one moved keeps its model', async () => {
    const workers = [];
    const closed = [];
    const watch = (page) => page.on('worker', (worker) => {
      workers.push(worker);
      worker.on('close', () => closed.push(worker));
    });
    const html = hostileCoursePage([elementSnippet(origins.playground, 'order=2'), elementSnippet(origins.playground, 'order=3')].join('\n'));
    const { page, problems, close } = await openAt(coursePage('removed', html), { watch });
    try {
      const [first, second] = ['lm-playground[order="2"]', 'lm-playground[order="3"]'];
      await waitForModel(page, 'bigram', LOADS, first);
      await waitForModel(page, 'trigram', LOADS, second);
      assert.equal(workers.length, 2, 'one worker per element');

      await page.$eval(first, (element) => document.body.append(element));
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      assert.equal(closed.length, 0, 'a moved element keeps its worker');
      assert.match(await page.textContent(`${first} #model-name`), /bigram/);

      await page.$eval(second, (element) => element.remove());
      for (let tries = 0; tries < 50 && closed.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(closed.length, 1, 'the removed element\'s worker ended');
      assert.equal((await generate(page, first)).length, 5, 'the other one goes on');
      assertNoProblems(problems);
    } finally {
      await close();
    }
  });

  test('attributes: a later change starts the element afresh (several at once, once); height only resizes; unknown keys are warned about', async () => {
    let workers = 0;
    const warnings = [];
    const watch = (page) => {
      page.on('worker', () => workers++);
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
    };
    const html = hostileCoursePage(elementSnippet(origins.playground, 'order=2&lesson=bigrams&colour=red', { height: '400' }));
    const { page, problems, close } = await openAt(coursePage('attributes', html), { watch });
    try {
      const element = 'lm-playground';
      await waitForModel(page, 'bigram', LOADS, element);
      assert.equal(warnings.length, 2, warnings.join('\n'));
      assert.match(warnings[0], /“colour”: it is not a key of this page/);
      assert.doesNotMatch(warnings[0], /lesson/, 'lesson= is a key');
      assert.match(warnings[1], /the lesson “bigrams” could not be opened: there is no such lesson/);
      assert.match(await page.textContent(`${element} #lesson-error`), /The lesson “bigrams” could not be opened.*The playground below works as usual/);
      const frameHeight = () => page.$eval(element, (host) => host.shadowRoot.querySelector('.embed-frame').getBoundingClientRect().height);
      assert.equal(await frameHeight(), 400);

      await page.$eval(element, (host) => host.setAttribute('height', '30em'));
      assert.equal(await frameHeight(), 30 * 15, 'em of the playground\'s own 15px');
      assert.equal(workers, 1, 'a new height keeps the playground');

      await page.$eval(element, (host) => {
        host.setAttribute('order', '4');
        host.setAttribute('temperature', '0.5');
      });
      await waitForModel(page, '4-gram', LOADS, element);
      assert.equal(workers, 2, 'two attributes changed together restart it once');
      assert.equal(await page.inputValue(`${element} #temperature`), '0.5');
      // The missing lesson's file, asked for at each start, is the only failure.
      assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
      assert.equal(problems.length, 2, problems.join('\n'));
    } finally {
      await close();
    }
  });
});
