// What an <lm-playground> element's attributes say: the keys of a link
// (link.js reads them, as it reads a hash) and the element's own height.
// Kept apart from embed.js, which defines the element, so Node can test it.
//
// HTML lowercases attribute names, so topP="0.9" arrives as topp; each name
// is matched to its key without regard to case. Attributes every HTML
// element may carry (id, class, style, data-*, aria-*...) belong to the
// course page and are passed over; any other name goes to readLink, which
// ignores it with a reason the element prints.
import { LINK_KEYS } from './link.js';

// The element's attributes that are not keys of a link.
export const OWN_ATTRIBUTES = Object.freeze(['height']);

const GLOBAL_ATTRIBUTES = new Set(['id', 'class', 'style', 'title', 'lang', 'dir', 'hidden', 'tabindex', 'slot', 'part',
  'exportparts', 'role', 'translate', 'inert', 'autofocus', 'nonce', 'is', 'accesskey', 'draggable', 'spellcheck',
  'contenteditable', 'enterkeyhint', 'inputmode', 'popover']);
const isGlobal = (name) => GLOBAL_ATTRIBUTES.has(name) || /^(data-|aria-|on)/.test(name);

const keyOfName = new Map(LINK_KEYS.map((key) => [key.toLowerCase(), key]));

// Every attribute name that means something to the element, lowercased as HTML has them.
export const OBSERVED_ATTRIBUTES = Object.freeze([...keyOfName.keys(), ...OWN_ATTRIBUTES]);

// attributes: [name, value] pairs -> [key, value] pairs for readLink, keys spelled as link.js spells them.
export function linkPairsOf(attributes) {
  const pairs = [];
  for (const [name, value] of attributes) {
    const lower = name.toLowerCase();
    if (OWN_ATTRIBUTES.includes(lower) || isGlobal(lower)) continue;
    pairs.push([keyOfName.get(lower) ?? name, value]);
  }
  return pairs;
}

// A CSS height from the height attribute: a bare number is pixels; a length
// in px, em, rem, vh (svh, lvh, dvh) or % is taken as written. -> the CSS
// text, '' for no attribute (the element grows with its content), or null
// for a value it cannot use.
export function heightOf(text) {
  if (text === null || text.trim() === '') return '';
  const match = /^\s*(\d+(?:\.\d+)?)(px|em|rem|vh|svh|lvh|dvh|%)?\s*$/.exec(text);
  if (!match) return null;
  return `${match[1]}${match[2] ?? 'px'}`;
}
