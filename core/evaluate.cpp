#include "evaluate.h"

#include <cmath>

namespace lmp {

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
  for (const Line& line : text.lines) {
    if (!line.empty()) r.chars += static_cast<double>(line.size() + 1);
  }
  if (r.tokens > 0) {
    r.nll_per_token = r.nll_total / r.tokens;
    r.ppl = std::exp(r.nll_per_token);
    r.bpc = r.nll_total / std::log(2.0) / r.chars;
  }
  return r;
}

}  // namespace lmp
