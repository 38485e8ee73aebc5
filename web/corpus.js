// The text chosen in step 1 (the store's corpus section), as the model worker
// takes it and as the page names it, and the built-in texts. Shared by
// training and the tokenizer panel.
//
// A text at an address (corpus.url, from a link's corpus= or the address
// field) is fetched by the model worker with corpus-fetch.js; here it is only named.
import { defaultOf, OptionError } from './options.js';

// Built-in texts; `path` is relative to web/. valSplit where the table's
// default (the tail) does not suit the text; pasted and uploaded texts use the tail.
export const CORPORA = {
  names: {
    label: 'Names (8,422 first names)',
    path: './build/corpora/names.txt',
    // The list is sorted: a tail split would hold out only names from the end of the alphabet.
    valSplit: 'interleaved',
    hint: 'Lowercase English first names, one a line. The model learns to invent new names.',
  },
  moby: {
    label: 'Moby Dick',
    path: './build/corpora/moby.txt',
    hint: 'Herman Melville’s novel, 1.2 MB of English prose. High orders take a few seconds and use more memory.',
  },
};

// The text a page starts with, when no link names one.
export const DEFAULT_CORPUS = 'names';

// The address of a text, checked: an absolute http or https URL, as its
// normalized href. Throws an Error saying why not.
export function corpusUrlOf(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`is neither a built-in text (${Object.keys(CORPORA).join(', ')}) nor an address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('must be an http or https address');
  return url.href;
}

// What the page calls a text at an address: its file name ("shakespeare.txt"), else its host.
export function fileNameOf(href) {
  const url = new URL(href);
  const last = url.pathname.split('/').filter(Boolean).at(-1);
  if (!last) return url.host;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;  // a malformed escape is shown as written
  }
}

// A key that is the same exactly when the text is: cheap, so the page can
// tell at each keystroke whether the loaded model was trained on this text.
export function corpusKey(corpus) {
  if (corpus.choice in CORPORA) return corpus.choice;
  if (corpus.choice === 'paste') return `paste:${corpus.pasted}`;
  if (corpus.choice === 'url') return `url:${corpus.url}`;
  const file = corpus.file;
  return file ? `file:${file.name}:${file.size}:${file.lastModified}` : 'file:none';
}

export function corpusLabel(corpus) {
  if (corpus.choice in CORPORA) return CORPORA[corpus.choice].label;
  if (corpus.choice === 'paste') return 'your pasted text';
  if (corpus.choice === 'url') return urlLabel(corpus.url);
  return corpus.file ? `“${corpus.file.name}”` : 'no file';
}

// The split that suits the text: interleaved for a sorted list, the tail for prose.
export function valSplitOf(choice) {
  return CORPORA[choice]?.valSplit ?? defaultOf('valSplit');
}

function urlLabel(text) {
  try {
    return `“${fileNameOf(corpusUrlOf(text))}”`;
  } catch {
    return 'no address';
  }
}

// -> { key, label, source } where source is what the worker reads: { kind: 'url' | 'remote' | 'text' | 'bytes', ... }
// ('url': a built-in text beside the page; 'remote': a text at an address, fetched with its size limit).
export async function readCorpus(corpus) {
  const key = corpusKey(corpus);
  const label = corpusLabel(corpus);
  if (corpus.choice in CORPORA) {
    return { key, label, source: { kind: 'url', url: new URL(CORPORA[corpus.choice].path, import.meta.url).href } };
  }
  if (corpus.choice === 'paste') return { key, label, source: { kind: 'text', text: corpus.pasted } };
  if (corpus.choice === 'url') {
    let url;
    try {
      url = corpusUrlOf(corpus.url.trim());
    } catch {
      throw new OptionError('enter the address of a plain-text file, starting with https://', 'corpus-url');
    }
    return { key, label, source: { kind: 'remote', url } };
  }
  if (!corpus.file) throw new OptionError('choose a text file first', 'file');
  // Bytes, not text: the core checks the UTF-8 and says where it breaks.
  return { key, label, source: { kind: 'bytes', bytes: await corpus.file.arrayBuffer() } };
}
