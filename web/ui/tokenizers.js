// What the page says about tokenizers and the unit a model predicts, shared
// by the training controls, the readout, the generate and next-token panels,
// the comparison table and the tokenizer panel.

const NAMES = { char: 'characters', word: 'words', bpe: 'BPE', unigram: 'unigram' };

export const TOKENIZER_HINTS = {
  char: 'One token per character: a small vocabulary, no unknown words, but many steps per line.',
  word: 'One token per word (a space goes with the word after it); words not among the most common become <unk>.',
  bpe: 'Subwords learned by merging the most frequent pairs; characters it never saw are spelled in bytes (256 extra pieces).',
  unigram: 'Subwords with a probability each; a word can be cut in several ways, and the cuts can be sampled.',
};

const UNITS = {
  char: { one: 'character', many: 'characters' },
  word: { one: 'word', many: 'words' },
  bpe: { one: 'piece', many: 'pieces' },
  unigram: { one: 'piece', many: 'pieces' },
};

// The unit a model of this tokenizer kind reads and predicts: { one, many },
// for labels such as "Next piece" and "the last 2 pieces".
export function unitOf(kind) {
  return UNITS[kind] ?? UNITS.char;
}

// The unit of the model the page would sample: the loaded model's, or the
// chosen tokenizer's before there is a model. state: the store's.
export function sampledUnit(state) {
  return unitOf((state.model?.options ?? state.train).tokenizer);
}

// Whether the tokenizer reads each line with a space before it (SentencePiece's
// dummy prefix), so that a line's first piece starts with a space the text lacks.
export function addsLineStartSpace(kind) {
  return kind === 'bpe' || kind === 'unigram';
}

// options: { tokenizer, lowercase, subwordAlpha } as given to train.
export function describeTokenizer({ tokenizer = 'char', lowercase = false, subwordAlpha = 0 } = {}) {
  const extras = [];
  if (lowercase) extras.push('lowercased');
  if (subwordAlpha > 0) extras.push(`sampled, α ${subwordAlpha}`);
  return `${NAMES[tokenizer] ?? tokenizer}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
