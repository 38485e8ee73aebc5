// The page: one playground (playground.js) mounted in the document, starting
// from what the address's hash says (link.js), and writing its state back
// there as it changes (address.js), which Copy link copies.
import { keepStateInAddress } from './address.js';
import { readLink } from './link.js';
import { mountCopyLink } from './panels/copy-link.js';
import { mountPlayground } from './playground.js';

const { store } = mountPlayground(document, { link: readLink(location.hash) });
const address = keepStateInAddress(store);
mountCopyLink(document, store, { address: address.flush });
