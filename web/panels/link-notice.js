// The one line a link with ignored keys earns (store.linkIgnored): which keys
// were ignored and why, in the link's own words but only ever as text, and a
// button that dismisses it. The defaults stood in for those keys already.
import { describeIgnored } from '../link.js';
import { byIdIn } from '../ui/dom.js';

export function mountLinkNotice(root, store) {
  const $ = byIdIn(root);
  const ui = { box: $('link-notice'), text: $('link-notice-text'), close: $('link-notice-close') };
  if (!ui.box) return;  // a root without the page's header (an embed may leave it out) has no notice
  const render = ({ linkIgnored }) => {
    ui.box.hidden = linkIgnored.length === 0;
    ui.text.textContent = describeIgnored(linkIgnored);
  };
  ui.close.addEventListener('click', () => store.update({ linkIgnored: [] }));
  store.watch(['linkIgnored'], render);
  render(store.state);
}
