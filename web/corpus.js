// The text chosen in step 1 (the store's corpus section), as the model worker
// takes it and as the page names it, and the built-in texts. Shared by
// training and the tokenizer panel.
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

// A key that is the same exactly when the text is: cheap, so the page can
// tell at each keystroke whether the loaded model was trained on this text.
export function corpusKey(corpus) {
  if (corpus.choice in CORPORA) return corpus.choice;
  if (corpus.choice === 'paste') return `paste:${corpus.pasted}`;
  const file = corpus.file;
  return file ? `file:${file.name}:${file.size}:${file.lastModified}` : 'file:none';
}

export function corpusLabel(corpus) {
  if (corpus.choice in CORPORA) return CORPORA[corpus.choice].label;
  if (corpus.choice === 'paste') return 'your pasted text';
  return corpus.file ? `“${corpus.file.name}”` : 'no file';
}

// The split that suits the text: interleaved for a sorted list, the tail for prose.
export function valSplitOf(choice) {
  return CORPORA[choice]?.valSplit ?? defaultOf('valSplit');
}

// -> { key, label, source } where source is what the worker reads: { kind: 'url' | 'text' | 'bytes', ... }.
export async function readCorpus(corpus) {
  const key = corpusKey(corpus);
  const label = corpusLabel(corpus);
  if (corpus.choice in CORPORA) {
    return { key, label, source: { kind: 'url', url: new URL(CORPORA[corpus.choice].path, import.meta.url).href } };
  }
  if (corpus.choice === 'paste') return { key, label, source: { kind: 'text', text: corpus.pasted } };
  if (!corpus.file) throw new OptionError('choose a text file first', 'file');
  // Bytes, not text: the core checks the UTF-8 and says where it breaks.
  return { key, label, source: { kind: 'bytes', bytes: await corpus.file.arrayBuffer() } };
}
