// Draws the next-token distribution as horizontal bars: the bar is the
// probability after temperature, a thin marker shows it at T = 1, and tokens
// that top-k, top-p or greedy decoding would never draw are hatched and tagged.
import { formatCount, formatPercent, tokenDescription, tokenLabel } from './format.js';

const CUT_TEXT = { 'top-k': 'cut by top-k', 'top-p': 'cut by top-p', greedy: 'cut by greedy' };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// unit: { one, many }, what the model predicts (characters, words, pieces), for the line under the bars;
// lineStartSpace: the next token opens a line of a tokenizer that reads a space before each
// line (BPE, unigram), so a piece's leading space is that one and shows as ▁, as in the chips.
export function renderDistribution(list, rest, tokens, { unit, lineStartSpace = false, shown = 20 }) {
  const possible = tokens.filter((t) => t.tempered > 0 || t.base > 0);
  const top = possible.slice(0, shown);
  const scale = Math.max(1e-12, ...top.map((t) => Math.max(t.tempered, t.base)));

  const rows = top.map((token) => {
    const cut = token.removedBy;
    const row = el('li', cut ? 'tok-row cut' : 'tok-row');
    row.dataset.token = token.token;
    if (cut) row.dataset.cut = cut;

    const opensLine = lineStartSpace && token.token.length > 1 && token.token.startsWith(' ');
    const label = el('span', 'tok-label', opensLine ? `▁${tokenLabel(token.token.slice(1))}` : tokenLabel(token.token));
    // Markers (<eol>) and blanks are not text the model writes: shown muted.
    if (/^<.+>$/.test(token.token) || token.token.trim() === '') label.classList.add('special');

    const track = el('span', 'tok-track');
    const fill = el('span', 'tok-fill');
    fill.style.width = `${(100 * token.tempered) / scale}%`;
    const marker = el('span', 'tok-marker');
    marker.style.left = `${(100 * token.base) / scale}%`;
    track.append(fill, marker);

    const value = el('span', 'tok-value');
    if (cut) value.append(el('span', 'cut-tag', CUT_TEXT[cut]));
    else value.textContent = formatPercent(token.prob);

    const what = tokenDescription(token.token);
    const summary = `“${what}”: ${formatPercent(token.tempered)} after temperature, ${formatPercent(token.base)} at T = 1, `
      + (cut ? `${CUT_TEXT[cut]} so never drawn` : `${formatPercent(token.prob)} chance to be drawn`);
    row.title = summary;
    row.setAttribute('aria-label', summary);
    row.append(label, track, value);
    return row;
  });
  list.replaceChildren(...rows);
  // Words and pieces need a wider label column than characters.
  list.classList.toggle('long-labels', top.some((t) => Array.from(t.token).length > 2 && !/^<.+>$/.test(t.token)));

  const others = possible.slice(shown);
  const zero = tokens.length - possible.length;
  const parts = [];
  if (others.length) {
    const mass = others.reduce((sum, t) => sum + t.tempered, 0);
    parts.push(`${formatCount(others.length, `more ${unit.one}`, `more ${unit.many}`)} share ${formatPercent(mass)}`);
  }
  if (zero) parts.push(`${zero} ${zero === 1 ? 'has' : 'have'} probability 0 (never seen after this context, no smoothing)`);
  rest.textContent = parts.length ? `+ ${parts.join('; ')}.` : '';
}
