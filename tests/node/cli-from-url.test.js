// lmp --from-url: a playground's link on the command line, read as the page
// reads it. It trains what the page trains for the link (the page's own
// departures from the table included), samples with the link's sampling keys,
// names what it ignores, and fetches a text at an address with the page's limit.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { namesText } from '../../scripts/corpora.js';
import { startServer } from '../../scripts/serve.js';
import { runCli } from '../run-cli.js';
import { POEMS, sent, TEXT_ROUTES } from '../text-routes.js';
import { tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const LINK = 'model=lstm&hidden=16&embed=8&steps=30&seed=3';

async function cliOk(...args) {
  const result = await runCli(args);
  assert.equal(result.code, 0, `lmp ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

// A report without the figures that measure the run rather than the model:
// its times, and train_loss, the mean over the last slice of steps, which ends where the clock says.
function reportOf(stdout) {
  const { seconds, tokens_per_s: speed, train_loss: lastSlice, ...rest } = JSON.parse(stdout);
  return rest;
}

describe('lmp train and sample --from-url', () => {
  const model = join(dir, 'link.lmp');
  let trained;
  before(async () => {
    trained = await cliOk('train', '--from-url', `http://localhost:8080/#${LINK}`, '--out', model);
  });

  test('a whole address and only its keys are the same link', async () => {
    assert.deepEqual(reportOf((await cliOk('train', '--from-url', LINK)).stdout), reportOf(trained.stdout));
    assert.deepEqual(reportOf((await cliOk('train', '--from-url', `#${LINK}`)).stdout), reportOf(trained.stdout));
  });

  test('it trains what the page trains: the link\'s keys over the page\'s split and derived warm-up', async () => {
    assert.match(trained.stderr, /from the link: evalEvery=10 warmup=3 model=lstm tokenizer=char valFraction=0\.1 valSplit=interleaved seed=3 embed=8 hidden=16 layers=1 steps=30 lr=0\.003$/m);
    const names = writeTemp(dir, 'names.txt', namesText());
    const flags = await cliOk('train', '--text', names, '--model', 'lstm', '--hidden', '16', '--embed', '8', '--steps', '30',
      '--seed', '3', '--val-split', 'interleaved', '--warmup', '3', '--eval-every', '10');
    assert.deepEqual(reportOf(flags.stdout), reportOf(trained.stdout));
  });

  test('sample takes the link\'s sampling keys, the page\'s five samples when it gives no count', async () => {
    const link = await cliOk('sample', '--from-url', 'prompt=ma&temperature=0.8&sampleSeed=4&model=ngram', '--model', model);
    const flags = await cliOk('sample', '--model', model, '--prompt', 'ma', '--temperature', '0.8', '--sample-seed', '4', '--count', '5');
    assert.equal(link.stdout, flags.stdout);
    assert.equal(link.stdout.split('\n').length, 6);
  });

  test('keys it ignores are named as the page names them, and the defaults stand in', async () => {
    const result = await cliOk('sample', '--from-url', 'count=2&topP=7&bogus=1', '--model', model);
    assert.match(result.stderr, /Some of this link was ignored, and the defaults stand in: “topP”: must be a number above 0 and at most 1; “bogus”: it is not a key of this page\./);
    assert.equal(result.stdout.split('\n').length, 3);
  });

  test('--text replaces the link\'s text; option flags and --val do not go with a link', async () => {
    const poems = writeTemp(dir, 'poems.txt', 'roses are red\nviolets are blue\n'.repeat(30));
    const own = JSON.parse((await cliOk('train', '--from-url', 'order=2', '--text', poems)).stdout);
    assert.equal(own.model, 'ngram-2-kn');
    assert.ok(own.train_tokens < 2000, 'trained on the poem, not the names');
    for (const extra of [['--order', '4'], ['--val', poems]]) {
      const refused = await runCli(['train', '--from-url', 'order=2', '--text', poems, ...extra]);
      assert.equal(refused.code, 2, refused.stderr);
    }
    const both = await runCli(['sample', '--from-url', 'count=2', '--model', model, '--count', '3']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--from-url gives the options; leave out --count or put it in the link/);
  });
});

describe('lmp train --from-url with a text at an address', () => {
  let server;
  let base;
  before(async () => {
    ({ server, url: base } = await startServer(0, '127.0.0.1', { routes: TEXT_ROUTES }));
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  test('a text the server gives is trained on', async () => {
    const report = JSON.parse((await cliOk('train', '--from-url', `corpus=${base}texts/poems.txt&order=2`)).stdout);
    assert.equal(report.model, 'ngram-2-kn');
    const tokens = report.train_tokens + report.val_tokens;
    assert.ok(tokens > POEMS.length / 2 && tokens < 2 * POEMS.length, `${tokens} tokens from the poem`);
  });

  const refusals = {
    'missing.txt': /the text at http:\/\/localhost:\d+\/texts\/missing\.txt could not be fetched: the server answered 404 Not Found/,
    'too-large.txt': /could not be fetched: it is 10\.0 MB, and a text fetched from an address may be at most 10\.0 MB/,
    'endless.txt': /could not be fetched: it is more than 10\.0 MB, and a text fetched from an address may be at most 10\.0 MB/,
    'page.html': /could not be fetched: it is a web page \(text\/html\), not a plain-text file/,
    'picture.png': /could not be fetched: it is not text \(the server says image\/png\)/,
  };
  for (const [file, message] of Object.entries(refusals)) {
    test(`${file}: refused with exit code 7 and a message that says why`, async () => {
      const result = await runCli(['train', '--from-url', `corpus=${base}texts/${file}`]);
      assert.equal(result.code, 7, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  test('an address that cannot be reached says so', async () => {
    const result = await runCli(['train', '--from-url', 'corpus=http://127.0.0.1:9/nothing.txt']);
    assert.equal(result.code, 7);
    assert.match(result.stderr, /could not be fetched: the address could not be reached/);
  });

  test('a text too large that does not say so is read only a little past the limit', () => {
    assert.ok(sent['/texts/endless.txt'] < 2 * 10 * 1024 * 1024, `${sent['/texts/endless.txt']} bytes sent`);
  });
});
