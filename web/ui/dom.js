// Elements by id inside the root a playground is mounted in: the document for
// the page, a shadow root for <lm-playground>, so that several playgrounds on
// one course page each find their own controls.
export function byIdIn(root) {
  return (id) => root.getElementById(id);
}
