// SVG helpers for the page's charts. Labels go in as textContent, so nothing
// in them is ever read as markup.
//
// A chart is drawn at the width it is shown: one unit of its viewBox is one
// CSS pixel, so its labels keep the size the style sheet gives them on a phone
// as on a desktop, instead of a fixed drawing scaled down to half (and its
// 11 px labels to 5 px). It is drawn again whenever that width changes.
const SVG = 'http://www.w3.org/2000/svg';

export function svgNode(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

// 1, 2 or 5 times a power of ten, about span / count: a tick step a reader can count in.
export function niceStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

// The width to draw at: the shown width in CSS pixels, or `fallback` while the
// chart is not laid out (hidden), when it is drawn again as soon as it shows.
export function shownWidth(svg, fallback) {
  const width = Math.round(svg.getBoundingClientRect().width);
  return width > 0 ? width : fallback;
}

const redraws = new WeakMap();
const resized = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const width = shownWidth(target, 0);
    if (width && width !== target.viewBox.baseVal?.width) redraws.get(target)?.();
  }
});

// Sets the viewBox to width x height and keeps draw() (the latest one given)
// to call again when the shown width no longer matches it.
export function fitChart(svg, width, height, draw) {
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (!redraws.has(svg)) resized.observe(svg);
  redraws.set(svg, draw);
}
