// The HTML a teacher pastes into a course page, as text: embed.html shows
// it (as textContent, beside a Copy button) and the end-to-end test builds
// its course page from it, so what is copied is what is tested.
//
//   base: the playground's folder, e.g. 'https://your.host/lm-playground/'
//   keys: a link's keys, as in a hash: 'corpus=moby&order=5'
//
// Left out: checking the keys (link.js does that where they are read).
import { HEIGHT_MESSAGE } from './frame-size.js';

// '&', '<', '>' and '"' as entities: the snippets put values inside double-quoted attributes.
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeAttribute = (text) => String(text).replace(/[&<>"]/g, (c) => ENTITIES[c]);

// The script once (a second copy on the page is harmless) and the element, one attribute a key.
export function elementSnippet(base, keys, { height } = {}) {
  const attributes = [...new URLSearchParams(keys)].map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`);
  if (height) attributes.push(` height="${escapeAttribute(height)}"`);
  return `<script type="module" src="${escapeAttribute(new URL('embed.js', base))}"></script>\n`
    + `<lm-playground${attributes.join('')}></lm-playground>`;
}

// The iframe's height until its first message: about a panel and a half.
export const IFRAME_START_HEIGHT = 700;

// The iframe, and the script that sizes it to its content (once per page is
// enough; a second copy sets the same height). height: before the first message.
export function iframeSnippet(base, keys, { height = IFRAME_START_HEIGHT } = {}) {
  return `<iframe src="${escapeAttribute(iframeSource(base, keys))}" data-lm-playground title="LM Playground"\n`
    + `        style="width: 100%; height: ${Number(height)}px; border: 0"></iframe>\n`
    + resizeSnippet(new URL(base).origin);
}

// The page with its keys in the hash, as app.js reads them.
export function iframeSource(base, keys) {
  const src = new URL('index.html', base);
  src.hash = keys;
  return src.href;
}

// Listens for the heights the playground posts (frame-size.js) and applies
// each to the iframe it came from, and only from the playground's origin
// (an origin is scheme, host and port: it holds no quote to escape).
export function resizeSnippet(origin) {
  return `<script>\n${resizeScript(origin)}\n</script>`;
}

// The script itself (embed.html runs it for its own iframes).
export function resizeScript(origin) {
  return `  // Sizes each LM Playground iframe to its content, from the heights it posts.
  addEventListener('message', (event) => {
    if (event.origin !== '${new URL(origin).origin}' || event.data?.type !== '${HEIGHT_MESSAGE}') return;
    const height = Number(event.data.height);
    for (const frame of document.querySelectorAll('iframe[data-lm-playground]')) {
      if (frame.contentWindow === event.source && height > 0) frame.style.height = \`\${Math.ceil(height)}px\`;
    }
  });`;
}
