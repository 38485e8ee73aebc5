#include "text_generation.h"

#include <algorithm>
#include <limits>

#include "error.h"
#include "utf8.h"

namespace lmp {

namespace {
constexpr int kMaxSampleTokens = 100000;
constexpr int kMaxSampleCount = 10000;
}  // namespace

std::vector<TokenId> prompt_context(const Tokenizer& tokenizer, const std::string& prompt) {
  std::vector<char32_t> text = decode_utf8_or_throw(prompt, "the prompt");
  // Line mode: a prompt continues the current line, which starts after its last newline.
  const auto last_newline = std::find(text.rbegin(), text.rend(), U'\n');
  text.erase(text.begin(), last_newline.base());
  std::vector<TokenId> context = {Tokenizer::kBos};
  for (TokenId token : tokenizer.encode(text)) context.push_back(token);
  return context;
}

void WithoutUnknown::next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const {
  model_.next_token_logprobs(context, out);
  out[Tokenizer::kUnk] = -std::numeric_limits<double>::infinity();
}

std::vector<std::string> sample_text(const LanguageModel& model, const Tokenizer& tokenizer,
                                     const std::string& prompt, const SamplingConfig& config, int max_tokens,
                                     std::uint32_t seed, int count) {
  if (max_tokens < 1 || max_tokens > kMaxSampleTokens) {
    throw invalid_input("the sample length must be between 1 and " + std::to_string(kMaxSampleTokens) + " tokens");
  }
  if (count < 1 || count > kMaxSampleCount) {
    throw invalid_input("the number of samples must be between 1 and " + std::to_string(kMaxSampleCount));
  }
  const std::vector<TokenId> context = prompt_context(tokenizer, prompt);
  const WithoutUnknown without_unknown(model);
  Rng rng(seed);
  std::vector<std::string> samples;
  for (int i = 0; i < count; ++i) {
    const auto continuation = generate(without_unknown, context, config, max_tokens, Tokenizer::kEol, rng);
    // After <bos> alone (an empty last line of the prompt) the continuation starts the line.
    samples.push_back(prompt + tokenizer.decode(continuation, context.size() == 1));
  }
  return samples;
}

}  // namespace lmp
