// The page: one playground (playground.js) mounted in the document, starting
// from what the address's hash says (link.js); inside an iframe, it also
// tells the page around it how tall it is (frame-size.js).
import { reportHeightToParent } from './frame-size.js';
import { readLink } from './link.js';
import { mountPlayground } from './playground.js';

mountPlayground(document, { link: readLink(location.hash) });
reportHeightToParent();
