// lmp's --from-url: a playground's link, read exactly as the page reads it
// (web/link.js for the keys and their checks, web/link-state.js for what the
// page then trains and samples with), so that `lmp train --from-url` trains
// the model the page trains for that link and `lmp sample --from-url` draws
// the page's samples. Nothing of the page's rules is repeated here.
//
// Left out: the view keys (panels, lock, lesson, train); a command line has
// no panels, and it trains because it was asked to.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The page's modules, loaded on first use: `lmp` itself starts without the
// page's generated option table.
async function pageModules() {
  try {
    const [link, linkState, corpus, corpusFetch] = await Promise.all([
      import('../web/link.js'), import('../web/link-state.js'), import('../web/corpus.js'), import('../web/corpus-fetch.js'),
    ]);
    return { ...link, ...linkState, ...corpus, ...corpusFetch };
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw Object.assign(new Error(`--from-url needs the page's option table (web/build/option-table.js); run 'node scripts/setup.js start' first`), { kind: 'io' });
  }
}

// The keys of a link: what follows its '#', or the whole text when it is only the keys ('model=lstm&steps=200').
function keysOf(text) {
  if (/^https?:\/\//i.test(text)) {
    try {
      return new URL(text).hash;
    } catch {
      return text.slice(text.indexOf('#') + 1);
    }
  }
  return text.slice(text.indexOf('#') + 1);
}

// -> { train, sample, corpus, warning }: the worker's train request, the
// sampling options (prompt among them) and the store's corpus section for
// this link; warning: the page's one line on ignored keys, or ''.
export async function readLinkArgument(text) {
  const page = await pageModules();
  const link = page.readLink(keysOf(text));
  const requests = page.linkRequests(link);
  return { ...requests, warning: page.describeIgnored(link.ignored) };
}

// -> { bytes, name } of the link's text: a built-in one from the files the
// page serves (web/build/corpora/), or the text at an address, fetched with the page's limit.
export async function linkCorpus(corpus) {
  const page = await pageModules();
  const { label, source } = await page.readCorpus(corpus);
  if (source.kind === 'remote') return { bytes: await page.fetchCorpus(source.url), name: source.url };
  const path = fileURLToPath(source.url);
  try {
    return { bytes: readFileSync(path), name: label };
  } catch {
    throw Object.assign(new Error(`cannot read the built-in text '${path}'; run 'node scripts/setup.js start' first`), { kind: 'io' });
  }
}
