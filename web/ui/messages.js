// Error and notice boxes, the mark on a control at fault, and what the page
// says when a request to the model worker fails: the wording follows the
// error's kind (from the core, through the worker), never its message text.
import { sentence } from './format.js';

// message: '' or null hides the box; notice: something went wrong earlier but has been put right.
export function showMessage(box, message, { notice = false } = {}) {
  box.hidden = !message;
  box.textContent = message || '';
  box.classList.toggle('notice', notice);
}

// controls: { option name: element }; only the one of `option` (if any) is marked.
export function markInvalid(controls, option) {
  for (const [key, element] of Object.entries(controls)) {
    if (key === option) element.setAttribute('aria-invalid', 'true');
    else element.removeAttribute('aria-invalid');
  }
}

// doing: what failed, as in "Could not <doing>". error.kind: 'invalid-input' | 'usage' |
// 'resource-limit' | 'diverged' | 'corrupt-model' | 'internal'.
export function failureText(doing, error) {
  const reason = sentence(error.message);
  switch (error.kind) {
    case 'resource-limit': return `Could not ${doing}, it needs more memory than this tab allows: ${reason}`;
    case 'diverged': return `Could not ${doing}: the training diverged (its loss stopped being a number): ${reason}`;
    case 'corrupt-model': return `Could not ${doing}: the model file is damaged or not a model file: ${reason}`;
    default: return `Could not ${doing}: ${reason}`;
  }
}
