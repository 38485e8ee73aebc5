// The page inside an iframe tells the page around it how tall its content
// is, so the course page can size the iframe to it and no inner scrollbar
// appears. Posted on load and whenever the content's height changes (a
// panel opens, a training draws its chart, samples arrive):
//
//   parent.postMessage({ type: 'lm-playground:height', height }, '*')
//
// height in CSS pixels. The snippet that listens (README, embed.html,
// embed-snippets.js) checks that a message comes from its own iframe and
// from the playground's origin. '*' as the target: the course page may be
// on any origin, and a height tells it nothing private.
//
// Left out: a page opened on its own (not in a frame) posts nothing.

export const HEIGHT_MESSAGE = 'lm-playground:height';

export function reportHeightToParent() {
  if (window.parent === window) return;
  const root = document.documentElement;
  let posted = 0;
  // html is as tall as what it holds (never stretched to the frame), so it shrinks too.
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === posted) return;
    posted = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  }).observe(root);
}
