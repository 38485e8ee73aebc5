// One SVG element with its attributes, for the page's charts. Labels go in as
// textContent, so nothing in them is ever read as markup.
const SVG = 'http://www.w3.org/2000/svg';

export function svgNode(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}
