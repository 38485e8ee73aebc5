// The rows of embed.html, the page for teachers: each a title, what it is
// for, and its keys (a link's keys, link.js), shown as an element and as an
// iframe with the snippet of each. height: the element's, in pixels.
// The lessons (web/lessons/index.json) follow them on the page, each a row
// of its own (keys: lesson=NAME), without a line here.
export const EXAMPLES = [
  {
    title: 'n-grams on Moby Dick',
    keys: 'corpus=moby&order=5&panels=train,readout,generate',
    about: 'A 5-gram of Melville’s novel, trained as it opens: how well it predicts, and what it writes. Students change the order and the smoothing and train again.',
    height: 720,
  },
  {
    title: 'The sampler',
    keys: 'panels=generate&order=4&temperature=0.8&topP=0.9&sampleSeed=7',
    about: 'Only the Generate panel, over a 4-gram of first names: temperature, top-k and top-p reshape the next-character distribution as the sliders move.',
    height: 640,
  },
  {
    title: 'How a tokenizer cuts text',
    keys: 'panels=tokenizer',
    about: 'Characters, words, BPE and unigram pieces, trained in a second and shown as coloured chips over a passage the students can edit.',
    height: 640,
  },
  {
    title: 'A Transformer and what it attends to',
    keys: 'model=transformer&panels=train,readout,attention&lock=model',
    about: 'A small Transformer on first names (about 15 seconds of training), then its attention maps; the model is locked, its sizes are not.',
    height: 720,
  },
];
