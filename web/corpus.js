// The text chosen in step 1 (the store's corpus section), as the model worker
// takes it and as the page names it. Shared by training and the tokenizer panel.
import { CORPORA } from './presets.js';
import { OptionError } from './options.js';

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
  return CORPORA[choice]?.valSplit ?? 'tail';
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
