// Every model trained in this page session, ranked by validation bits per
// character among those trained on the same text with the same held-out part
// (the only ones whose figures are comparable). Bounded: the last MAX_ROWS.
import { formatFixed, formatInt, formatPercent } from './format.js';

const MAX_ROWS = 10;

export class Comparison {
  constructor({ body, corpusLabel, info, clear }) {
    this.body = body;
    this.corpusLabel = corpusLabel;
    this.info = info;
    this.rows = [];
    this.current = null;  // { group, id } of the model now loaded
    clear.addEventListener('click', () => {
      this.rows = [];
      this.render();
    });
  }

  // row: { group, groupLabel, id, tokenizer, vocab, model, bpc, ppl, tokensPerChar, oovRate };
  // the same model trained again replaces its row.
  add(row) {
    this.rows = this.rows.filter((r) => r.group !== row.group || r.id !== row.id).concat(row).slice(-MAX_ROWS);
    this.current = { group: row.group, id: row.id, groupLabel: row.groupLabel };
    this.render();
  }

  render() {
    const group = this.current?.group;
    const rows = this.rows.filter((r) => r.group === group)
      .sort((a, b) => rank(a.bpc) - rank(b.bpc));
    const best = rows.length > 1 && Number.isFinite(rows[0].bpc) ? rows[0] : null;
    this.corpusLabel.textContent = this.current?.groupLabel ?? 'this text';
    this.body.replaceChildren(...rows.map((r) => this.#row(r, r === best)));
    const others = this.rows.length - rows.length;
    const parts = [rows.length ? `${rows.length} model${rows.length === 1 ? '' : 's'} on this text` : 'No models yet: press Train.'];
    if (others > 0) parts.push(`${others} on other texts or splits not shown`);
    parts.push(`the last ${MAX_ROWS} are kept`);
    this.info.textContent = parts.join(' · ');
  }

  #row(r, isBest) {
    const tr = document.createElement('tr');
    if (isBest) tr.classList.add('best');
    if (r.group === this.current?.group && r.id === this.current?.id) tr.classList.add('current');
    const cell = (text, className = '') => {
      const td = document.createElement('td');
      td.textContent = text;
      td.className = className;
      tr.append(td);
      return td;
    };
    cell(r.tokenizer);
    cell(formatInt(r.vocab), 'num');
    const model = cell(r.model, 'model-cell');
    if (tr.classList.contains('current')) model.append(tag('current', 'the model now loaded'));
    const bpc = cell(formatFixed(r.bpc, 3), 'num bpc');
    if (isBest) bpc.prepend(tag('best', 'lowest bits per character on this text'));
    cell(formatFixed(r.ppl, 2), 'num');
    cell(formatFixed(r.tokensPerChar, 3), 'num');
    cell(formatPercent(r.oovRate), 'num');
    return tr;
  }
}

function rank(bpc) {
  return Number.isFinite(bpc) ? bpc : Infinity;
}

function tag(text, title) {
  const span = document.createElement('span');
  span.className = 'tag';
  span.textContent = text;
  span.title = title;
  return span;
}
