#include "generate/text_generation.h"

#include <algorithm>
#include <limits>

#include "base/error.h"
#include "base/utf8.h"

namespace lmp {

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

StartingWith::StartingWith(const LanguageModel& model, const Tokenizer& tokenizer, const std::string& prefix,
                           std::size_t length)
    : model_(model), allowed_(static_cast<std::size_t>(model.vocab_size())), length_(length) {
  for (TokenId t = 0; t < model.vocab_size(); ++t) allowed_[t] = tokenizer.piece(t).compare(0, prefix.size(), prefix) == 0;
}

void StartingWith::next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const {
  model_.next_token_logprobs(context, out);
  if (context.size() != length_) return;
  for (std::size_t t = 0; t < out.size(); ++t) {
    if (!allowed_[t]) out[t] = -std::numeric_limits<double>::infinity();
  }
}

HealedPrompt heal_prompt(const Tokenizer& tokenizer, const std::string& prompt) {
  HealedPrompt healed{prompt_context(tokenizer, prompt), prompt, ""};
  if (tokenizer.kind() == TokenizerKind::kChar || healed.context.size() < 2) return healed;  // a character piece is whole
  const TokenId last = healed.context.back();
  const std::string piece = tokenizer.piece(last);
  const std::string shown = tokenizer.decode({last}, healed.context.size() == 2);
  // Only when the piece spells the prompt's end exactly (not a lone byte of a character).
  if (piece.empty() || shown.empty() || prompt.size() < shown.size() ||
      prompt.compare(prompt.size() - shown.size(), shown.size(), shown) != 0) {
    return healed;
  }
  healed.context.pop_back();
  healed.head = prompt.substr(0, prompt.size() - shown.size());
  healed.prefix = piece;
  return healed;
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
  const HealedPrompt healed = heal_prompt(tokenizer, prompt);
  const std::vector<TokenId>& context = healed.context;
  const WithoutUnknown without_unknown(model);
  const StartingWith starting_with(without_unknown, tokenizer, healed.prefix, context.size());
  const LanguageModel& sampled = healed.prefix.empty() ? static_cast<const LanguageModel&>(without_unknown) : starting_with;
  Rng rng(seed);
  std::vector<std::string> samples;
  for (int i = 0; i < count; ++i) {
    const auto continuation = generate(sampled, context, config, max_tokens, Tokenizer::kEol, rng);
    if (continuation.empty()) {
      samples.push_back(prompt);  // nothing possible after the prompt (plain MLE can say so)
      continue;
    }
    // After <bos> alone (an empty last line of the prompt) the continuation starts the line.
    samples.push_back(healed.head + tokenizer.decode(continuation, context.size() == 1));
  }
  return samples;
}

}  // namespace lmp
