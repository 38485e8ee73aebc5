// Every call of the JavaScript API, as a TypeScript user writes it: checked
// by `tsc --noEmit -p tests/types` (tests/node/types.test.js) against the
// package's own types, through its exports map ('lm-playground'). Never run.
import {
  kebab, loadLmp, LmpError,
  Model, type AttentionMaps, type EvalReport, type ExposureLine, type GenerationCost, type Lmp, type LmpErrorKind,
  type NextToken, type OptionInfo, type OptionKey, type SampleOptions, type Tokenization, type TrainOptions,
  type TrainingProgress, type TrainReport,
} from 'lm-playground';

const text = 'emma\nolivia\nava\nisabella\nsophia\n';

async function everyCall(): Promise<void> {
  const lmp: Lmp = await loadLmp();

  const table: readonly OptionInfo[] = lmp.options();
  const keys: OptionKey[] = table.map((o) => o.key);
  const flags: string[] = keys.map(kebab);
  const defaults: TrainOptions = lmp.defaults('transformer');
  const options: TrainOptions = lmp.applicable({ model: 'lstm', order: 5, hidden: 64, steps: 20 });
  const { train, val } = lmp.splitText(text, { valFraction: 0.2, valSplit: 'interleaved' });

  const model: Model = lmp.train(train, { order: 3, smoothing: 'kn', valText: val });
  const report: TrainReport = model.report;
  const ppl: number | undefined = report.val?.ppl;
  const settings: TrainOptions = model.options;
  const vocab: number = model.vocabSize;
  const { orders, memoryBytes } = model.stats();
  const scores: EvalReport = model.evaluate(new TextEncoder().encode(val));
  const sampling: SampleOptions = { temperature: 0.8, topK: 5, topP: 0.95, maxTokens: 20, count: 3, sampleSeed: 7 };
  const samples: string[] = model.sample('em', sampling);
  const greedy: string[] = model.sample('', { greedy: true, seed: 2 });
  const next: NextToken[] = model.nextTokens('em', { temperature: 0.5, limit: 5 });
  const removed: (string | null)[] = next.map((t) => t.removedBy);
  const { tokens, fromLineStart, healedPrefix } = model.context('em');
  const lines: ExposureLine[] = model.exposure(val, { promptTokens: 1, temperature: 0.8, sampleSeed: 3 });
  const cut: Tokenization = model.tokenize('emma', { alpha: 0, seed: 1 });
  const bytes: Uint8Array = model.save();
  const again: Model = lmp.loadModel(bytes);
  again.dispose();
  model.dispose();

  const training = lmp.startTraining(text, { model: 'transformer', layers: 1, heads: 2, embed: 16, context: 8, steps: 10 });
  while (!training.finished) {
    const progress: TrainingProgress = training.run({ maxSeconds: 0.25, maxSteps: 5 });
    const preview: string[] = training.preview('a', { maxTokens: 10, count: 1 });
    console.log(progress.step, progress.valLoss, preview);
  }
  const gpt = training.finish();
  const maps: AttentionMaps = gpt.attention('emma');
  const weight: number = maps.weights[((0 * maps.heads + 0) * maps.tokens.length + 1) * maps.tokens.length];
  gpt.dispose();

  const bpe = lmp.trainTokenizer(text, { tokenizer: 'bpe', vocabSize: 40 });
  const pieces: Tokenization = bpe.tokenize('emma', { alpha: 0 });
  console.log(bpe.kind, bpe.vocabSize, bpe.canSample, bpe.trainSeconds, pieces.tokens);
  bpe.dispose();

  const rows: GenerationCost[] = lmp.measureGenerationCost({ maxContext: 32, tokens: 4, onPoint: (row) => console.log(row.kvUs) });
  const meter = lmp.startGenerationCost({ maxContext: 32, tokens: 4, seed: 1 });
  const contexts: number[] = meter.contexts;
  for (const row of meter) console.log(row.n, row.recomputeUs, row.lstmUs);
  if (!meter.finished) meter.measureNext();
  meter.dispose();

  try {
    lmp.train(text, { order: 9 });
  } catch (error) {
    if (error instanceof LmpError) {
      const kind: LmpErrorKind = error.kind;
      console.log(kind, error.message);
    }
  }
  const made = new LmpError('usage', 'made by hand');

  console.log(flags, defaults, options, ppl, settings, vocab, orders, memoryBytes, scores, samples, greedy, removed,
    tokens, fromLineStart, healedPrefix, lines, cut, weight, rows, contexts, made, lmp.startTraining(text).finish());
}

// What the types refuse.
async function refused(): Promise<void> {
  const lmp = await loadLmp();
  // @ts-expect-error: a choice the option table does not list
  lmp.train(text, { smoothing: 'witten-bell' });
  // @ts-expect-error: an option the table does not have
  lmp.train(text, { orderr: 3 });
  // @ts-expect-error: a number option given a string
  lmp.train(text, { order: 'three' });
  const model = lmp.train(text);
  // @ts-expect-error: exposure takes its prompt from each line
  model.exposure(text, { prompt: 'em' });
  // @ts-expect-error: models are made by lmp.train and lmp.loadModel
  new Model();
}

export { everyCall, refused };
