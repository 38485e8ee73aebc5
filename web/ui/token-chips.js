// A tokenized passage as coloured chips, one per token, in alternating colours
// so that boundaries show. The piece is the real text (textContent only), with
// its whitespace made visible: a space as a faint ␣, a tab as →, any other
// space (e.g. U+3000) as a faint □; <unk> and byte pieces (<0xE4>) get styles
// of their own, and <eol> ends a line. A tokenizer that reads every line with a
// space before it (BPE and unigram, as SentencePiece) starts a line's first
// piece with a space the text does not have: that one shows as ▁, the mark
// SentencePiece prints, with a tooltip saying why. Hover or focus a chip for its id; the
// arrow keys move between chips (one tab stop for the whole passage). Chips are
// counted as the tokenizer's figures count them: pieces, and line ends apart.

const BYTE_PIECE = /^<0x[0-9A-F]{2}>$/;
const WHITESPACE_MARKS = { ' ': '␣', '\t': '→' };

function kindOf(piece) {
  if (piece === '<unk>') return 'unk';
  if (piece === '<eol>') return 'eol';
  if (BYTE_PIECE.test(piece)) return 'byte';
  return 'text';
}

const LINE_START_TITLE = 'the space this tokenizer reads before every line, so that a word opening a line is the same piece as anywhere else; decoding drops it';

// The piece's text with each whitespace character in a faint span of its own;
// lineStart: its first character is the tokenizer's line-start space.
function appendPiece(chip, piece, lineStart) {
  if (lineStart) {
    const mark = document.createElement('span');
    mark.className = 'ws line-start';
    mark.textContent = '▁';
    mark.title = LINE_START_TITLE;
    chip.append(mark);
    piece = piece.slice(1);
  }
  let run = '';
  const flush = () => {
    if (run) chip.append(document.createTextNode(run));
    run = '';
  };
  for (const ch of piece) {
    if (/\s/u.test(ch)) {
      flush();
      const mark = document.createElement('span');
      mark.className = 'ws';
      mark.textContent = WHITESPACE_MARKS[ch] ?? '□';
      chip.append(mark);
    } else {
      run += ch;
    }
  }
  flush();
}

export function describePiece({ id, piece }) {
  const kind = kindOf(piece);
  if (kind === 'unk') return `id ${id} · <unk>: not in the vocabulary`;
  if (kind === 'eol') return `id ${id} · <eol>: end of line`;
  if (kind === 'byte') return `id ${id} · byte ${piece.slice(1, -1)}: a byte of a character the vocabulary lacks`;
  const chars = Array.from(piece);
  const shown = chars.map((ch) => WHITESPACE_MARKS[ch] ?? ch).join('');
  return `id ${id} · “${shown}” (${chars.length} character${chars.length === 1 ? '' : 's'})`;
}

function makeChip(token, i, odd, lineStart) {
  const kind = kindOf(token.piece);
  const chip = document.createElement('span');
  chip.className = `chip ${kind}${odd ? ' odd' : ''}`;
  chip.dataset.id = String(token.id);
  chip.dataset.index = String(i);
  chip.tabIndex = i === 0 ? 0 : -1;
  chip.title = describePiece(token);
  if (kind === 'eol') chip.textContent = '⏎';
  else if (kind === 'unk') chip.textContent = '‹unk›';
  else if (kind === 'byte') chip.textContent = token.piece;
  else appendPiece(chip, token.piece, lineStart);
  return chip;
}

// How many bytes the UTF-8 sequence opened by this byte has (1 for a stray one).
function sequenceLength(byte) {
  if (byte >= 0xF0 && byte <= 0xF7) return 4;
  if (byte >= 0xE0) return byte <= 0xEF ? 3 : 1;
  return byte >= 0xC0 ? 2 : 1;
}

const utf8 = new TextDecoder();

// The byte chips of one character side by side under the character they spell,
// so that 我 cut into <0xE6> <0x88> <0x91> still reads as 我.
function byteGroup(chips, bytes) {
  const group = document.createElement('span');
  group.className = 'byte-char';
  const glyph = document.createElement('span');
  glyph.className = 'byte-glyph';
  glyph.textContent = utf8.decode(new Uint8Array(bytes));
  const row = document.createElement('span');
  row.className = 'byte-row';
  row.append(...chips);
  group.append(glyph, row);
  return group;
}

// What each container shows now, for the listeners it gets once: { tokens, readout, totals }.
const shown = new WeakMap();

// tokens: [{ id, piece }]; readout: where the hovered or focused chip is described;
// lineStartSpace: the tokenizer reads every line with a space before it. Chips
// are numbered as the figures count them: the pieces, and the line ends apart.
export function renderChips(container, readout, tokens, { lineStartSpace = false } = {}) {
  const nodes = [];
  const totals = { token: 0, 'line end': 0 };
  let index = 0;  // alternates within a line, restarting after each <eol>
  let pending = null;  // { chips, bytes, need } of a character being spelled in bytes
  const flushBytes = () => {
    if (pending) nodes.push(byteGroup(pending.chips, pending.bytes));
    pending = null;
  };
  tokens.forEach((token, i) => {
    const kind = kindOf(token.piece);
    const lineStart = lineStartSpace && index === 0 && kind === 'text' && token.piece.startsWith(' ');
    const chip = makeChip(token, i, index % 2 === 1, lineStart);
    const counted = kind === 'eol' ? 'line end' : 'token';
    chip.dataset.ordinal = String(++totals[counted]);
    index++;
    if (kind === 'byte') {
      const byte = parseInt(token.piece.slice(3, 5), 16);
      const continues = pending && byte >= 0x80 && byte <= 0xBF && pending.bytes.length < pending.need;
      if (!continues) {
        flushBytes();
        pending = { chips: [], bytes: [], need: sequenceLength(byte) };
      }
      pending.chips.push(chip);
      pending.bytes.push(byte);
      return;
    }
    flushBytes();
    nodes.push(chip);
    if (kind === 'eol') {
      nodes.push(document.createElement('br'));
      index = 0;
    }
  });
  flushBytes();
  container.replaceChildren(...nodes);
  readout.textContent = '';
  if (!shown.has(container)) listen(container);
  shown.set(container, { tokens, readout, totals });
}

function listen(container) {
  const describe = (event) => {
    const chip = event.target.closest?.('.chip');
    if (!chip) return;
    const { tokens, readout, totals } = shown.get(container);
    const token = tokens[Number(chip.dataset.index)];
    const counted = kindOf(token.piece) === 'eol' ? 'line end' : 'token';
    readout.textContent = `${counted} ${chip.dataset.ordinal} of ${totals[counted]}: ${describePiece(token)}`;
  };
  container.addEventListener('pointerover', describe);
  container.addEventListener('focusin', describe);
  container.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    const chip = event.target.closest?.('.chip');
    if (!step || !chip) return;
    const next = container.querySelector(`.chip[data-index="${Number(chip.dataset.index) + step}"]`);
    if (!next) return;
    event.preventDefault();
    chip.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}
