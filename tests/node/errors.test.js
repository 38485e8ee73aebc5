// Errors keep their kind from the core to JS: every failure of the JS API is
// an LmpError whose kind says what to do about it, whatever its wording.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LmpError, loadLmp } from '../../web/lib/lmp.js';

const lmp = await loadLmp();
const text = 'anna\nbob\ncarl\ndora\n'.repeat(10);

function kindOf(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof LmpError, `not an LmpError: ${error}`);
    assert.ok(error.message.length > 10, 'a message that says what was wrong');
    return error.kind;
  }
  assert.fail('did not throw');
}

test('each failure of the JS API carries the kind of what went wrong', () => {
  const model = lmp.train(text, { order: 2 });
  const saved = model.save();
  const damaged = saved.slice();
  damaged[damaged.length - 3] ^= 0xff;
  const future = saved.slice();
  future[4] = 9;  // format version 9
  const cases = [
    ['an option out of its range', () => lmp.train(text, { order: 0 }), 'invalid-input'],
    ['an unknown option', () => lmp.train(text, { orders: 3 }), 'invalid-input'],
    ['an option for another model', () => lmp.train(text, { hidden: 64 }), 'invalid-input'],
    ['a binary text', () => lmp.train(new Uint8Array([0x61, 0, 0x62, 0x0a])), 'invalid-input'],
    ['an empty text', () => lmp.train(''), 'invalid-input'],
    ['a text that is not UTF-8', () => model.evaluate(new Uint8Array([0x61, 0xff, 0x0a])), 'invalid-input'],
    ['a sampling option out of range', () => model.sample('', { topP: 2 }), 'invalid-input'],
    ['a damaged model file', () => lmp.loadModel(damaged), 'corrupt-model'],
    ['a model file from a newer release', () => lmp.loadModel(future), 'corrupt-model'],
    ['not a model file', () => lmp.loadModel(new TextEncoder().encode('hello')), 'corrupt-model'],
    ['a text above the memory limit', () => lmp.train('a'.repeat((4 << 20) + 1), { memoryLimitMb: 16 }), 'resource-limit'],
    ['a model used after dispose()', () => { const m = lmp.train(text); m.dispose(); m.sample(''); }, 'usage'],
    ['options that are no object', () => lmp.train(text, 'order=3'), 'usage'],
  ];
  for (const [what, call, kind] of cases) assert.equal(kindOf(call), kind, what);
  model.dispose();
});
