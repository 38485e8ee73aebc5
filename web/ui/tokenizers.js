// What the page says about tokenizers, shared by the training controls, the
// readout, the comparison table and the tokenizer panel.

// The core's defaults (vocabSize 0), written into the inputs so they show.
// Markers (<unk>, <eol>, ...) count in the size; BPE adds 256 byte pieces on top.
export const DEFAULT_VOCAB = { word: 10000, bpe: 512, unigram: 512 };

const NAMES = { char: 'characters', word: 'words', bpe: 'BPE', unigram: 'unigram' };

export const TOKENIZER_HINTS = {
  char: 'One token per character: a small vocabulary, no unknown words, but many steps per line.',
  word: 'One token per word (a space goes with the word after it); words not among the most common become <unk>.',
  bpe: 'Subwords learned by merging the most frequent pairs; characters it never saw are spelled in bytes (256 extra pieces).',
  unigram: 'Subwords with a probability each; a word can be cut in several ways, and the cuts can be sampled.',
};

// The unit a model predicts, for hints such as "predicts each token from the 2 before it".
export function unitName(kind) {
  return kind === 'char' || !kind ? 'character' : kind === 'word' ? 'word' : 'token';
}

// options: { tokenizer, lowercase, subwordAlpha } as given to train.
export function describeTokenizer({ tokenizer = 'char', lowercase = false, subwordAlpha = 0 } = {}) {
  const extras = [];
  if (lowercase) extras.push('lowercased');
  if (subwordAlpha > 0) extras.push(`sampled, α ${subwordAlpha}`);
  return `${NAMES[tokenizer] ?? tokenizer}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
