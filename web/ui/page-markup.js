// The playground's markup and styles for <lm-playground>, taken from the
// page itself: index.html's body (header, main, footer) and the stylesheets
// its head links, fetched once from beside these modules (so from the
// playground's host, whatever page the element is on) and copied into each
// element's shadow root. index.html stays the one markup: a panel or a label
// changed there shows in the page, the iframe and the element alike.
//
// The stylesheets become constructed CSSStyleSheets, one set shared by every
// element of the page, read for a playground that is a part of a page
// rather than the whole of it (shadowCss):
// - each `rem` as calc(n * var(--rem)): a rem is the root font size of the
//   document, here the course page's, which may be anything (62.5% is
//   common), while the playground's sizes count on 16px (style.css sets
//   --rem on the element's frame);
// - each media query on the width alone as a container query on the
//   element's frame (style.css makes it the container `playground`): in a
//   700px column of a wide window the element lays itself out as the page
//   does in a 700px window, as an iframe would.
//
// Left out: media queries on anything else (motion, pointer) stay media
// queries; a rem inside a media query would become an invalid query
// (style.css writes its breakpoints in px). The page's head (title,
// scripts) is not copied: embed.js starts the playground itself.

const pageUrl = new URL('../index.html', import.meta.url);

let parts = null;  // Promise of { body, lang, sheets }, shared by every element

// -> Promise<{ body, lang, sheets }>: index.html's parsed body, its language
// and its stylesheets. A failed load is tried again by the next element.
export function loadPageParts() {
  parts ??= load().catch((error) => {
    parts = null;
    throw error;
  });
  return parts;
}

async function load() {
  // DOMParser's document is inert: nothing in it runs or loads.
  const page = new DOMParser().parseFromString(await fetchText(pageUrl), 'text/html');
  const links = [...page.querySelectorAll('link[rel~="stylesheet"]')];
  const sheets = await Promise.all(links.map(async (link) => {
    const url = new URL(link.getAttribute('href'), pageUrl);
    const sheet = new CSSStyleSheet({ baseURL: url.href });
    sheet.replaceSync(shadowCss(await fetchText(url)));
    return sheet;
  }));
  return { body: page.body, lang: page.documentElement.lang, sheets };
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.href} answered HTTP ${response.status}`);
  return response.text();
}

// A stylesheet's text as the element reads it (see the top of this file).
export function shadowCss(css) {
  return widthQueriesAsContainer(remAsVar(css));
}

// '.9rem' -> 'calc(.9 * var(--rem))'; '-.35rem' keeps its sign; names that
// merely end in digits and 'rem' (--gap-2rem) are left alone.
export function remAsVar(css) {
  return css.replace(/(?<![\w.-])(-?\d*\.?\d+)rem\b/g, 'calc($1 * var(--rem))');
}

// '@media (max-width: 820px) {' -> '@container playground (max-width: 820px) {',
// for queries made only of min-width and max-width in px.
const WIDTH = String.raw`\((?:min|max)-width:\s*[\d.]+px\)`;
const WIDTH_QUERY = new RegExp(String.raw`@media\s+(${WIDTH}(?:\s+and\s+${WIDTH})*)\s*\{`, 'g');

export function widthQueriesAsContainer(css) {
  return css.replace(WIDTH_QUERY, '@container playground $1 {');
}

// Fills `frame` with a fresh copy of the page's body, scripts left out.
export function copyPageInto(frame, { body, lang }) {
  frame.lang = lang;
  const copies = [...body.children].filter((node) => node.localName !== 'script').map((node) => document.importNode(node, true));
  frame.replaceChildren(...copies);
}
