// Evaluation of any LanguageModel on tokenized lines: negative log-likelihood
// and the figures derived from it. Bits per character divide by characters
// plus one end-of-line per line, so models with different tokenizers compare.
#pragma once
#include <cstdint>
#include <vector>

#include "lm/language_model.h"
#include "text/corpus.h"

namespace lmp {

struct EvalReport {
  double tokens = 0;         // predicted tokens, <eol> included
  double chars = 0;          // characters + one <eol> per non-empty line: the bits-per-character denominator
  double nll_total = 0;      // nats; +inf as soon as one token has probability 0
  double nll_per_token = 0;  // nats
  double ppl = 0;            // exp(nll_per_token); +inf reported as such
  double bpc = 0;            // bits per character
  double unk = 0;            // tokens the vocabulary did not know
  double zero_prob = 0;      // tokens the model gave probability 0 (plain MLE only)
  // The tokenizer's figures, line ends left out of both counts: pieces per
  // character (compression) and the share of pieces that are <unk>.
  double tokens_per_char = 0;
  double oov_rate = 0;
};

// Sets tokens_per_char and oov_rate from counts over the evaluated text.
void set_tokenizer_figures(EvalReport& r, double pieces, double unk_pieces, double chars_without_newlines);

// lines: each <bos> ... <eol>; text: the same lines as characters.
EvalReport evaluate(const LanguageModel& model, const std::vector<std::vector<TokenId>>& lines, const Corpus& text);

}  // namespace lmp
