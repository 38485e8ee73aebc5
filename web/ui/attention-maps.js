// Attention heatmaps: one canvas per block and head, query rows by key
// columns, drawn from the weights the worker returns (model.attention()).
// Cells the causal mask hides are left blank; hovering a cell names its two
// tokens and the weight. Token text only ever reaches the page as text.

const MAX_MAP_PX = 220;

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

function drawMap(canvas, maps, layer, head) {
  const T = maps.tokens.length;
  const size = cellSize(T);
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = T * size * ratio;
  canvas.height = T * size * ratio;
  canvas.style.width = `${T * size}px`;
  canvas.style.height = `${T * size}px`;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  const base = (layer * maps.heads + head) * T * T;
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      if (maps.causal && k > q) continue;  // the future: left blank
      g.fillStyle = shade(maps.weights[base + q * T + k]);
      g.fillRect(k * size, q * size, size, size);
    }
  }
  g.strokeStyle = 'rgba(0, 0, 0, 0.12)';
  g.strokeRect(0.5, 0.5, T * size - 1, T * size - 1);
}

// container: element to fill; readout: element whose text describes the hovered cell.
export function renderAttention(container, readout, maps) {
  const T = maps.tokens.length;
  const size = cellSize(T);
  container.replaceChildren();
  readout.textContent = `${T} position${T === 1 ? '' : 's'}: ${maps.tokens.map(label).join(' ')}`;
  for (let layer = 0; layer < maps.layers; layer++) {
    const row = document.createElement('div');
    row.className = 'attention-row';
    for (let head = 0; head < maps.heads; head++) {
      const figure = document.createElement('figure');
      figure.className = 'attention-map';
      const canvas = document.createElement('canvas');
      canvas.dataset.layer = String(layer);
      canvas.dataset.head = String(head);
      drawMap(canvas, maps, layer, head);
      canvas.addEventListener('mousemove', (event) => {
        const rect = canvas.getBoundingClientRect();
        const k = Math.floor((event.clientX - rect.left) / size);
        const q = Math.floor((event.clientY - rect.top) / size);
        if (q < 0 || k < 0 || q >= T || k >= T) return;
        const where = `block ${layer + 1}, head ${head + 1}: “${label(maps.tokens[q])}” (position ${q + 1}) → “${label(maps.tokens[k])}” (position ${k + 1})`;
        readout.textContent = maps.causal && k > q
          ? `${where}: masked, the future`
          : `${where}: ${(maps.weights[((layer * maps.heads + head) * T + q) * T + k] * 100).toFixed(1)}%`;
      });
      const caption = document.createElement('figcaption');
      caption.textContent = `block ${layer + 1} · head ${head + 1}`;
      figure.append(canvas, caption);
      row.append(figure);
    }
    container.append(row);
  }
}
