// The status line at the top: what the page is doing, from store.status
// ({ text, kind: 'loading' | 'ready' | 'busy' | 'error' }).

export function mountStatus(root, store) {
  const line = root.getElementById('status');
  const render = ({ status }) => {
    line.textContent = status.text;
    line.dataset.state = status.kind;
  };
  store.watch(['status'], render);
  render(store.state);
}
