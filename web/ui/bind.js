// A form control tied to one field of a store section, both ways: what the
// user enters is written to the store, and a value the store gets otherwise
// (a preset applied) shows in the control. Numbers are stored as numbers; an
// empty or unreadable number field is NaN, which the option checks name.

function readControl(element, parse) {
  if (element.type === 'checkbox') return element.checked;
  if (element.type === 'number' || element.type === 'range') {
    return element.value.trim() === '' ? NaN : Number(element.value);
  }
  return parse ? parse(element.value) : element.value;
}

function showValue(element, value, parse) {
  if (element.type === 'checkbox') {
    element.checked = Boolean(value);
    return;
  }
  // What the user typed stays as typed ("0.50") while it means the stored value.
  if (Object.is(readControl(element, parse), value)) return;
  element.value = typeof value === 'number' && Number.isNaN(value) ? '' : String(value);
}

// parse: for a select whose values are numbers (Number). presetOf(value): more
// fields to write when the value changes (a family's sizes, a tokenizer's vocabulary).
export function bindControl(store, element, section, key, { parse = null, presetOf = null } = {}) {
  const write = () => {
    const value = readControl(element, parse);
    const changed = !Object.is(value, store.state[section][key]);
    store.merge(section, { ...(changed && presetOf ? presetOf(value) : {}), [key]: value });
  };
  element.addEventListener('input', write);
  element.addEventListener('change', write);
  store.watch([section], (state) => showValue(element, state[section][key], parse));
  showValue(element, store.state[section][key], parse);
}
