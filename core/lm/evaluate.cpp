#include "lm/evaluate.h"

#include <cmath>

namespace lmp {

void set_tokenizer_figures(EvalReport& r, double pieces, double unk_pieces, double chars_without_newlines) {
  r.tokens_per_char = chars_without_newlines > 0 ? pieces / chars_without_newlines : 0;
  r.oov_rate = pieces > 0 ? unk_pieces / pieces : 0;
}

EvalReport evaluate(const LanguageModel& model, const std::vector<std::vector<TokenId>>& lines, const Corpus& text) {
  EvalReport r;
  std::vector<TokenId> context;
  for (const auto& line : lines) {
    context.assign(1, line[0]);
    for (std::size_t i = 1; i < line.size(); ++i) {
      const double logp = model.token_logprob(context, line[i]);
      if (std::isinf(logp)) ++r.zero_prob;
      r.nll_total -= logp;
      r.unk += line[i] == Tokenizer::kUnk;
      context.push_back(line[i]);
    }
    r.tokens += static_cast<double>(line.size() - 1);
  }
  double line_count = 0;
  for (const Line& line : text.lines) {
    if (line.empty()) continue;
    r.chars += static_cast<double>(line.size() + 1);
    ++line_count;
  }
  set_tokenizer_figures(r, r.tokens - line_count, r.unk, r.chars - line_count);
  if (r.tokens > 0) {
    r.nll_per_token = r.nll_total / r.tokens;
    r.ppl = std::exp(r.nll_per_token);
    r.bpc = r.nll_total / std::log(2.0) / r.chars;
  }
  return r;
}

}  // namespace lmp
