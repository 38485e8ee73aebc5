#include "generate/exposure.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/error.h"
#include "base/rng.h"
#include "base/utf8.h"

namespace lmp {

namespace {

// Characters the measured tokens spell: the line's, less those of the prompt
// as its tokens decode, + 1 for the line end. Exact but where the prompt holds
// a word tokenizer's <unk> (one mark for a whole word) or stops inside a
// character (byte pieces): it is then counted as its decoded text shows it.
double measured_chars(const Tokenizer& tokenizer, const Line& line, const std::vector<TokenId>& prompt) {
  const std::size_t prompt_chars = prompt.empty() ? 0 : decode_utf8_lossy(tokenizer.decode(prompt, true)).size();
  return static_cast<double>(line.size() - std::min(prompt_chars, line.size())) + 1;
}

}  // namespace

TokenId draw_own_token(const std::vector<double>& logprobs, bool line_goes_on, const SamplingConfig& config, double coin) {
  constexpr double kImpossible = -std::numeric_limits<double>::infinity();
  std::vector<double> allowed = logprobs;
  allowed[Tokenizer::kUnk] = kImpossible;
  if (line_goes_on) allowed[Tokenizer::kEol] = kImpossible;
  const NextTokenDistribution d = transform_distribution(allowed, config);
  const int token = sample_index(d.final, coin);
  return d.final[token] > 0.0 ? token : -1;
}

ExposureReport measure_exposure(const LanguageModel& model, const Tokenizer& tokenizer, const Line& line,
                                int prompt_tokens, const SamplingConfig& config, std::uint32_t seed) {
  if (line.empty()) throw invalid_input("the line is empty; give a line with some text");
  validate(config);
  const std::vector<TokenId> truth = tokenizer.encode_line(line);  // <bos> x_1 .. x_n <eol>
  const int n = static_cast<int>(truth.size()) - 2;
  if (prompt_tokens < 0 || prompt_tokens > n) {
    throw invalid_input("the prompt must be 0 to " + std::to_string(n) + " tokens, the length of the line (got " +
                        std::to_string(prompt_tokens) + ")");
  }
  const std::size_t first = static_cast<std::size_t>(prompt_tokens) + 1;  // where x_{k+1} is in `truth`

  ExposureReport r;
  r.text = encode_utf8(line);
  for (std::size_t i = 1; i < first; ++i) r.prompt.push_back(tokenizer.label(truth[i]));
  r.steps.resize(truth.size() - first);

  // Teacher forcing: the true line once, scored as evaluate() scores it.
  std::vector<TokenId> context(truth.begin(), truth.begin() + first);
  double forced_total = 0;
  for (std::size_t i = first; i < truth.size(); ++i) {
    ExposureStep& step = r.steps[i - first];
    const double logp = model.token_logprob(context, truth[i]);
    forced_total -= logp;
    step.forced_nll = -logp;
    step.truth = truth[i];
    step.truth_label = tokenizer.label(truth[i]);
    context.push_back(truth[i]);
  }

  // The model's own line: from the prompt on, each prefix is what it drew.
  context.assign(truth.begin(), truth.begin() + first);
  Rng rng(seed);
  std::vector<double> logprobs;
  double own_total = 0;
  for (std::size_t i = first; i < truth.size(); ++i) {
    ExposureStep& step = r.steps[i - first];
    model.next_token_logprobs(context, logprobs);
    own_total -= logprobs[truth[i]];
    step.own_nll = -logprobs[truth[i]];
    // One coin per step, drawn or not, as generate() does: one seed, one coin sequence.
    const double coin = rng.next_unit();
    const TokenId drawn = draw_own_token(logprobs, i + 1 < truth.size(), config, coin);
    step.drawn = drawn >= 0;
    step.own = step.drawn ? drawn : truth[i];
    step.own_label = tokenizer.label(step.own);
    context.push_back(step.own);
  }
  if (context.back() == Tokenizer::kEol) context.pop_back();
  r.own_text = tokenizer.decode(std::vector<TokenId>(context.begin() + 1, context.end()), true);

  const double tokens = static_cast<double>(r.steps.size());
  r.chars = measured_chars(tokenizer, line, std::vector<TokenId>(truth.begin() + 1, truth.begin() + first));
  r.forced_nll_per_token = forced_total / tokens;
  r.own_nll_per_token = own_total / tokens;
  r.forced_bpc = forced_total / std::log(2.0) / r.chars;
  r.own_bpc = own_total / std::log(2.0) / r.chars;
  return r;
}

}  // namespace lmp
