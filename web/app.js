// The page: one playground (playground.js) mounted in the document, starting
// from what the address's hash says (link.js).
import { readLink } from './link.js';
import { mountPlayground } from './playground.js';

mountPlayground(document, { link: readLink(location.hash) });
