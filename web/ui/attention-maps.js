// Attention heatmaps: one canvas per block and head, query rows by key
// columns, drawn from the weights the worker returns (model.attention()).
// Cells the causal mask hides are left blank. Hovering a cell names its two
// tokens and the weight; so does the keyboard: Tab reaches each map, the arrow
// keys move a cell focus (drawn as a ring), Home and End go to the row's ends.
// Under each map, the same head as text for screen readers and anyone who asks
// for it: a table of the strongest link of each position. Token text only ever
// reaches the page as text.

const MAX_MAP_PX = 220;
const RING = '#111827';  // the focused cell's ring: the page's --marker, dark on any shade

function cellSize(count) {
  return Math.max(6, Math.min(24, Math.floor(MAX_MAP_PX / count)));
}

// Weight 0 is white, 1 the page's accent blue.
function shade(weight) {
  const w = Math.max(0, Math.min(1, weight));
  const mix = (from, to) => Math.round(from + (to - from) * w);
  return `rgb(${mix(255, 47)}, ${mix(255, 91)}, ${mix(255, 211)})`;
}

function label(token) {
  if (token === ' ') return '␣';
  return token;
}

const weightAt = (maps, layer, head, q, k) => maps.weights[((layer * maps.heads + head) * maps.tokens.length + q) * maps.tokens.length + k];
const isMasked = (maps, q, k) => maps.causal && k > q;
const percent = (weight) => `${(weight * 100).toFixed(1)}%`;
const position = (maps, i) => `“${label(maps.tokens[i])}” (position ${i + 1})`;

// The readout's words for one cell, whether hovered or reached by keyboard.
function describeCell(maps, layer, head, q, k) {
  const where = `block ${layer + 1}, head ${head + 1}: ${position(maps, q)} → ${position(maps, k)}`;
  return isMasked(maps, q, k) ? `${where}: masked, the future` : `${where}: ${percent(weightAt(maps, layer, head, q, k))}`;
}

// focus: { q, k } of the cell the keyboard is on, ringed; null for none.
function drawMap(canvas, maps, layer, head, focus = null) {
  const T = maps.tokens.length;
  const size = cellSize(T);
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = T * size * ratio;
  canvas.height = T * size * ratio;
  canvas.style.width = `${T * size}px`;
  canvas.style.height = `${T * size}px`;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      if (isMasked(maps, q, k)) continue;  // the future: left blank
      g.fillStyle = shade(weightAt(maps, layer, head, q, k));
      g.fillRect(k * size, q * size, size, size);
    }
  }
  g.strokeStyle = 'rgba(0, 0, 0, 0.12)';
  g.strokeRect(0.5, 0.5, T * size - 1, T * size - 1);
  if (focus) {
    g.lineWidth = 2;
    g.strokeStyle = RING;
    g.strokeRect(focus.k * size + 1, focus.q * size + 1, size - 2, size - 2);
  }
}

// For each query position, the key it gives the most weight (the mask's blank cells left out).
export function strongestLinks(maps, layer, head) {
  return maps.tokens.map((_, q) => {
    let best = 0;
    for (let k = 1; k < maps.tokens.length; k++) {
      if (!isMasked(maps, q, k) && weightAt(maps, layer, head, q, k) > weightAt(maps, layer, head, q, best)) best = k;
    }
    return { q, k: best, weight: weightAt(maps, layer, head, q, best) };
  });
}

// The head as text: a row per position, "6 “a”  2 “m”  61.0%" (position 6 attends most to position 2).
function linksTable(maps, layer, head) {
  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = `Block ${layer + 1}, head ${head + 1}: where each position attends most`;
  const headRow = document.createElement('tr');
  for (const text of ['position', 'attends most to', 'weight']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  const at = (i) => `${i + 1} “${label(maps.tokens[i])}”`;
  for (const { q, k, weight } of strongestLinks(maps, layer, head)) {
    const row = document.createElement('tr');
    const query = document.createElement('th');
    query.scope = 'row';
    query.textContent = at(q);
    const key = document.createElement('td');
    key.textContent = at(k);
    const value = document.createElement('td');
    value.className = 'num';
    value.textContent = percent(weight);
    row.append(query, key, value);
    body.append(row);
  }
  table.createTHead().append(headRow);
  table.append(caption, body);
  // In a box of its own: a table's box does not shrink to the 1 px that hides it.
  const box = document.createElement('div');
  box.className = 'attention-links';
  box.append(table);
  return box;
}

// The arrow keys move the cell focus of one map; Home and End go to its row's first and last key.
const MOVES = {
  ArrowRight: (at) => ({ ...at, k: at.k + 1 }), ArrowLeft: (at) => ({ ...at, k: at.k - 1 }),
  ArrowDown: (at) => ({ ...at, q: at.q + 1 }), ArrowUp: (at) => ({ ...at, q: at.q - 1 }),
  Home: (at) => ({ ...at, k: 0 }), End: (at, T) => ({ ...at, k: T - 1 }),
};

function mapCanvas(maps, layer, head, readout) {
  const T = maps.tokens.length;
  const size = cellSize(T);
  const canvas = document.createElement('canvas');
  canvas.dataset.layer = String(layer);
  canvas.dataset.head = String(head);
  canvas.tabIndex = 0;
  // An application: a screen reader hands it the arrow keys instead of reading the page with them.
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', 'attention map');
  canvas.setAttribute('aria-label', `Block ${layer + 1}, head ${head + 1}: rows are the positions that look (queries), `
    + 'columns the positions they look at (keys). Arrow keys move from cell to cell; the readout names each one.');
  drawMap(canvas, maps, layer, head);

  let at = { q: 0, k: 0 };  // the keyboard's cell
  const show = () => {
    canvas.dataset.q = String(at.q);
    canvas.dataset.k = String(at.k);
    drawMap(canvas, maps, layer, head, at);
    readout.textContent = describeCell(maps, layer, head, at.q, at.k);
  };
  canvas.addEventListener('focus', show);
  canvas.addEventListener('blur', () => drawMap(canvas, maps, layer, head));
  canvas.addEventListener('keydown', (event) => {
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const next = move(at, T);
    at = { q: Math.max(0, Math.min(T - 1, next.q)), k: Math.max(0, Math.min(T - 1, next.k)) };
    show();
  });
  canvas.addEventListener('mousemove', (event) => {
    const rect = canvas.getBoundingClientRect();
    const k = Math.floor((event.clientX - rect.left) / size);
    const q = Math.floor((event.clientY - rect.top) / size);
    if (q < 0 || k < 0 || q >= T || k >= T) return;
    readout.textContent = describeCell(maps, layer, head, q, k);
  });
  return canvas;
}

// container: element to fill; readout: element whose text describes the hovered or focused cell.
export function renderAttention(container, readout, maps) {
  const T = maps.tokens.length;
  container.replaceChildren();
  readout.textContent = `${T} position${T === 1 ? '' : 's'}: ${maps.tokens.map(label).join(' ')}`;
  for (let layer = 0; layer < maps.layers; layer++) {
    const row = document.createElement('div');
    row.className = 'attention-row';
    for (let head = 0; head < maps.heads; head++) {
      const figure = document.createElement('figure');
      figure.className = 'attention-map';
      const caption = document.createElement('figcaption');
      caption.textContent = `block ${layer + 1} · head ${head + 1}`;
      figure.append(mapCanvas(maps, layer, head, readout), caption, linksTable(maps, layer, head));
      row.append(figure);
    }
    container.append(row);
  }
}
