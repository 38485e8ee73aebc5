// A lesson's paragraph as DOM nodes. The one piece of markup a lesson may
// use is **a term** for the word being introduced, shown in bold; everything
// else is text, so a lesson file can never inject markup or script.
import { element } from './element.js';

// "the **unseen share** grows" -> ['the ', <strong>unseen share</strong>, ' grows']
export function inlineNodes(text) {
  // Split on the markers: odd pieces are the bold ones (an unpaired ** stays as written).
  const pieces = text.split('**');
  if (pieces.length % 2 === 0) return [text];
  return pieces.map((piece, i) => (i % 2 ? element('strong', {}, piece) : piece)).filter((piece) => piece !== '');
}

export function paragraph(text, attributes = {}) {
  return element('p', attributes, inlineNodes(text));
}
