// A playground's state as text keys: what a link's hash, an <lm-playground>
// element's attributes and a lesson file say. Every option of the core's
// option table is a key under its own name (order=5, topP=0.9, sampleSeed=7),
// and a few keys belong to the page: which text, which panels, which controls
// are locked or hidden, a lesson, and whether to train at once.
//
//   readLink('corpus=moby&order=5&topP=0.9') ->
//     { options: { order: 5, topP: 0.9 }, page: { corpus: { choice: 'moby' } }, ignored: [] }
//   writeLink({ options, page }) -> 'corpus=moby&order=5&topP=0.9'   (defaults left out)
//
// Nothing here trusts its input: a key it does not know, a value out of range
// or of the wrong type, or a value longer than MAX_VALUE_LENGTH is ignored and
// listed in `ignored` with the reason, so the page can say so in one line.
// Values are only ever data: nothing read here is run or inserted as HTML.
import { OPTIONS } from './build/option-table.js';
import { CORPORA, corpusUrlOf } from './corpus.js';
import { checkedValue, defaultOf, optionOf } from './options.js';

// Enough for a long prompt or a corpus URL; a link is not a place for a text.
export const MAX_VALUE_LENGTH = 2000;

// The page's panels, by the names links use, and the section each names.
export const PANELS = Object.freeze({
  train: 'train-panel',
  readout: 'readout-panel',
  generate: 'generate-panel',
  attention: 'attention-panel',
  tokenizer: 'tok-panel',
  cost: 'gencost-panel',
});

const OPTION_KEYS = new Set(OPTIONS.map((option) => option.key));

// The keys that are not options, each with its reader: text in, a value out
// or an Error saying why not.
const PAGE_KEYS = {
  // A built-in text by name, or the address of a plain-text file (http or https).
  corpus: (text) => (Object.hasOwn(CORPORA, text) ? { choice: text } : { choice: 'url', url: corpusUrlOf(text) }),
  // Only these panels are shown: panels=train,generate.
  panels: (text) => listOf(text, Object.keys(PANELS), 'panel'),
  // These controls are shown but cannot be changed: lock=order,smoothing.
  lock: (text) => listOf(text, [...OPTION_KEYS], 'option'),
  // These controls are not shown at all (their values still apply): hide=k,valFraction.
  hide: (text) => listOf(text, [...OPTION_KEYS], 'option'),
  // A lesson of web/lessons/, by its file name.
  lesson: (text) => {
    if (!/^[a-z0-9-]{1,60}$/.test(text)) throw new Error('is not a lesson name (lowercase letters, digits and dashes)');
    return text;
  },
  // train=1: train the model as soon as the page has loaded.
  train: (text) => booleanOf(text),
};

// Every key a link may hold, as the table and PAGE_KEYS spell them (an
// element's attributes come lowercased and are matched against these).
export const LINK_KEYS = Object.freeze([...OPTION_KEYS, ...Object.keys(PAGE_KEYS)]);

function listOf(text, allowed, what) {
  const items = text.split(',').map((item) => item.trim()).filter(Boolean);
  if (!items.length) throw new Error(`names no ${what}`);
  const unknown = items.filter((item) => !allowed.includes(item));
  if (unknown.length) throw new Error(`names no ${what} ${unknown.map((item) => `'${shortened(item)}'`).join(', ')}`);
  return items;
}

// A piece of a link as the notice quotes it: short, whatever the link holds.
const QUOTED_LENGTH = 40;
function shortened(text) {
  return text.length > QUOTED_LENGTH ? `${text.slice(0, QUOTED_LENGTH - 1)}…` : text;
}

function booleanOf(text) {
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new Error('must be 1 or 0');
}

// An option's value from its text, typed and checked against the table.
function optionValue(key, text) {
  const option = optionOf(key);
  let value = text;
  if (option.type === 'integer' || option.type === 'number') {
    value = text.trim() === '' ? NaN : Number(text);
  } else if (option.type === 'boolean') {
    value = booleanOf(text);
  }
  return checkedValue(key, value);
}

// params: URLSearchParams, a string of them ('a=1&b=2', a leading '#' or '?'
// allowed), or [key, value] pairs (an element's attributes).
export function readLink(params) {
  const pairs = typeof params === 'string' ? new URLSearchParams(params.replace(/^[#?]/, '')) : params;
  const link = { options: {}, page: {}, ignored: [] };
  for (const [key, text] of pairs) {
    const ignore = (why) => link.ignored.push({ key: shortened(key), why });
    if (text.length > MAX_VALUE_LENGTH) {
      ignore(`its value is longer than ${MAX_VALUE_LENGTH.toLocaleString('en-US')} characters`);
      continue;
    }
    if (OPTION_KEYS.has(key)) {
      try {
        link.options[key] = optionValue(key, text);
      } catch {
        ignore(`must be ${optionOf(key).allowed}`);
      }
    } else if (Object.hasOwn(PAGE_KEYS, key)) {
      try {
        link.page[key] = PAGE_KEYS[key](text);
      } catch (error) {
        ignore(error.message);
      }
    } else {
      ignore('it is not a key of this page');
    }
  }
  return link;
}

// The text of a link for this state: options that differ from their
// defaults (for the state's model), then the page's keys, in a fixed order.
export function writeLink({ options = {}, page = {} }) {
  const params = new URLSearchParams();
  const model = options.model ?? defaultOf('model');
  for (const option of OPTIONS) {
    const value = options[option.key];
    if (value === undefined || value === defaultOf(option.key, model)) continue;
    params.set(option.key, option.type === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  if (page.corpus) params.set('corpus', page.corpus.choice === 'url' ? page.corpus.url : page.corpus.choice);
  for (const key of ['panels', 'lock', 'hide']) {
    if (page[key]?.length) params.set(key, page[key].join(','));
  }
  if (page.lesson) params.set('lesson', page.lesson);
  if (page.train) params.set('train', '1');
  return readable(params.toString());
}

// URLSearchParams escapes every comma, colon, slash and @; a hash may hold
// them as they are, and a teacher reads corpus=https://... and panels=train,generate
// more easily. Reading decodes both spellings alike.
function readable(query) {
  return query.replace(/%2C|%3A|%2F|%40/g, (escape) => decodeURIComponent(escape));
}

// One line for the visitor: which keys were ignored and why.
export function describeIgnored(ignored) {
  if (!ignored.length) return '';
  return `Some of this link was ignored, and the defaults stand in: ${ignored.map(({ key, why }) => `“${key}”: ${why}`).join('; ')}.`;
}
