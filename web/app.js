// The page: one playground (playground.js) mounted in the document, starting
// from what the address's hash says (link.js), or from a lesson's state under
// it when the hash names one (lesson=NAME), with the lessons listed in the
// header. It writes its state back into the address as it changes
// (address.js), which Copy link copies, and opens afresh on another link
// (a lesson chosen from the menu); inside an iframe, it also tells the
// page around it how tall it is (frame-size.js).
import { keepStateInAddress } from './address.js';
import { reportHeightToParent } from './frame-size.js';
import { loadLessonIndex, openingOf } from './lesson-loader.js';
import { mountLessonMenu } from './lesson-menu.js';
import { mountCopyLink } from './panels/copy-link.js';
import { mountPlayground } from './playground.js';

const pairs = [...new URLSearchParams(location.hash.replace(/^#/, ''))];
const { link, lesson } = await openingOf(pairs);
mountLessonMenu(document, loadLessonIndex(), lesson?.name);
if (lesson?.lesson) document.title = `${lesson.lesson.title} · LM Playground`;

const { store } = mountPlayground(document, { link, lesson });
const address = keepStateInAddress(store);
mountCopyLink(document, store, { address: address.flush });
reportHeightToParent();
