// embed.html, the page for teachers: one row per example (embed-examples.js)
// and per lesson (web/lessons/index.json), each shown as an element and as an iframe, with the snippet of each (as
// text) and a Copy button beside it. The live playgrounds of a row start when
// it scrolls near the window: each is a model worker and an engine of its
// own, and a page of eight at once would be slow to open.
import { EXAMPLES } from './embed-examples.js';
import { loadLessonIndex } from './lesson-loader.js';
import { elementSnippet, IFRAME_START_HEIGHT, iframeSnippet, iframeSource, resizeScript } from './embed-snippets.js';

const base = new URL('./', import.meta.url);
const exampleList = document.getElementById('examples');
const fromTemplate = (id) => document.getElementById(id).content.firstElementChild.cloneNode(true);

// The page sizes its own iframes with the very script the snippets hold.
const sizer = document.createElement('script');
sizer.textContent = resizeScript(base.origin);
document.head.append(sizer);

const startWhenNear = new IntersectionObserver((entries) => {
  for (const { isIntersecting, target } of entries) {
    if (!isIntersecting) continue;
    startWhenNear.unobserve(target);
    target.start();
  }
}, { rootMargin: '300px 0px' });

// Lessons are long: the element shows this much of one and scrolls inside.
const LESSON_HEIGHT = 900;

for (const example of EXAMPLES) addRow(exampleList, example);

// Every lesson of web/lessons/index.json, in the course's order.
const lessonList = document.getElementById('lesson-examples');
loadLessonIndex().then(
  (lessons) => lessons.forEach(({ name, title, line }, i) => addRow(lessonList,
    { title: `${i + 1}. ${title}`, keys: `lesson=${name}`, about: line, height: LESSON_HEIGHT })),
  (error) => { lessonList.textContent = `The lessons could not be listed: ${error.message}.`; });

// A row: its title, what it is for, and the two ways, each started when near.
function addRow(list, example) {
  const row = fromTemplate('example');
  row.querySelector('.title').textContent = example.title;
  row.querySelector('.about').textContent = example.about;
  const starts = [
    addWay(row, { title: 'As an element', snippet: elementSnippet(base, example.keys, { height: example.height }),
      height: example.height, show: () => elementOf(example) }),
    addWay(row, { title: 'As an iframe', snippet: iframeSnippet(base, example.keys),
      height: IFRAME_START_HEIGHT, show: () => iframeOf(example) }),
  ];
  row.start = () => starts.forEach((start) => start());
  list.append(row);
  startWhenNear.observe(row);
}

// One way to embed it: the snippet and its Copy button, and a place as tall
// as what will show there (so rows below stay below until scrolled to).
// -> a function that shows it.
function addWay(row, { title, snippet, height, show }) {
  const way = fromTemplate('way');
  way.querySelector('.way-title').textContent = title;
  way.querySelector('.snippet').textContent = snippet;
  way.querySelector('.copy').addEventListener('click', () => copySnippet(way));
  const live = way.querySelector('.live');
  live.style.minHeight = `${height}px`;
  row.append(way);
  return () => live.append(show());
}

// What the element snippet says, as an element.
function elementOf({ keys, height }) {
  const element = document.createElement('lm-playground');
  for (const [key, value] of new URLSearchParams(keys)) element.setAttribute(key, value);
  element.setAttribute('height', String(height));
  return element;
}

// What the iframe snippet says, as an iframe.
function iframeOf({ keys, title }) {
  const frame = document.createElement('iframe');
  frame.src = iframeSource(base, keys);
  frame.title = `LM Playground: ${title}`;
  frame.dataset.lmPlayground = '';
  Object.assign(frame.style, { width: '100%', height: `${IFRAME_START_HEIGHT}px`, border: '0' });
  return frame;
}

async function copySnippet(way) {
  const snippet = way.querySelector('.snippet');
  const said = way.querySelector('.copied');
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    said.textContent = 'Copied.';
  } catch {
    // No clipboard (an insecure origin, a refused permission): select it for Ctrl+C.
    getSelection().selectAllChildren(snippet);
    said.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
}
