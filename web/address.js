// The page's address holds its playground's state: every change of the
// options, the text or the view is written into the hash (link-state.js,
// link.js), so that the address bar, a bookmark or a reload always gives this
// playground back. history.replaceState, never pushState: Back leaves the
// page instead of undoing slider moves one by one.
//
// Only the page does this; a playground embedded in another page
// (<lm-playground>) must not rewrite its host's address.
import { writeLink } from './link.js';
import { linkOf } from './link-state.js';

// A dragged slider changes the state many times a second; the address
// follows at this pace (browsers also throttle replaceState called too often).
const WRITE_EVERY_MS = 250;

// -> { flush() }: writes what is pending now and returns the address (Copy link copies the latest state).
export function keepStateInAddress(store) {
  let timer = 0;
  const flush = () => {
    clearTimeout(timer);
    timer = 0;
    const hash = writeLink(linkOf(store.state));
    const address = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
    if (address !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', address);
    return location.href;
  };
  store.watch(['train', 'sampling', 'corpus', 'view'], () => {
    if (!timer) timer = setTimeout(flush, WRITE_EVERY_MS);
  });
  // A reload right after a change still finds it in the address.
  addEventListener('pagehide', () => {
    if (timer) flush();
  });
  // Another link pasted into this tab's address bar changes only the hash, which
  // loads nothing: load it, or the next change would write the old state over it.
  addEventListener('hashchange', () => location.reload());
  return { flush };
}
