// embed.html, the page for teachers: one row per example (embed-examples.js),
// each shown as an element and as an iframe, with the snippet of each (as
// text) and a Copy button beside it. The live playgrounds of a row start when
// it scrolls near the window: each is a model worker and an engine of its
// own, and a page of eight at once would be slow to open.
import { EXAMPLES } from './embed-examples.js';
import { elementSnippet, IFRAME_START_HEIGHT, iframeSnippet, iframeSource, resizeScript } from './embed-snippets.js';

const base = new URL('./', import.meta.url);
const template = document.getElementById('example');
const list = document.getElementById('examples');

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

for (const example of EXAMPLES) {
  const row = template.content.firstElementChild.cloneNode(true);
  const $ = (selector) => row.querySelector(selector);
  $('.title').textContent = example.title;
  $('.about').textContent = example.about;
  $('.element-snippet').textContent = elementSnippet(base, example.keys, { height: example.height });
  $('.iframe-snippet').textContent = iframeSnippet(base, example.keys);
  for (const button of row.querySelectorAll('.copy')) {
    button.addEventListener('click', () => copySnippet(button));
  }
  // Placeholders as tall as what comes, so that rows below stay below until scrolled to.
  $('.element-live').style.minHeight = `${example.height}px`;
  $('.iframe-live').style.minHeight = `${IFRAME_START_HEIGHT}px`;
  row.start = () => {
    $('.element-live').append(elementOf(example));
    $('.iframe-live').append(iframeOf(example));
  };
  list.append(row);
  startWhenNear.observe(row);
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

async function copySnippet(button) {
  const snippet = button.closest('.way').querySelector('.snippet');
  const said = button.parentElement.querySelector('.copied');
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    said.textContent = 'Copied.';
  } catch {
    // No clipboard (an insecure origin, a refused permission): select it for Ctrl+C.
    getSelection().selectAllChildren(snippet);
    said.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
}
