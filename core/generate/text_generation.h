// Text in, text out around generate(): a prompt becomes a context (line mode:
// <bos> and the prompt's last line), samples become strings. Shared by trained
// models and by previews during training. <unk> is never generated.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "generate/sampling.h"
#include "lm/language_model.h"
#include "tokenize/tokenizer.h"

namespace lmp {

inline constexpr int kMaxSampleTokens = 100'000;
inline constexpr int kMaxSampleCount = 10'000;

std::vector<TokenId> prompt_context(const Tokenizer& tokenizer, const std::string& prompt);

// A model that never offers <unk>: a sample needs a real character.
class WithoutUnknown : public LanguageModel {
 public:
  explicit WithoutUnknown(const LanguageModel& model) : model_(model) {}
  int vocab_size() const override { return model_.vocab_size(); }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override;

 private:
  const LanguageModel& model_;
};

// Token healing for subword and word tokenizers: a prompt that stops inside a
// word ends on a piece the model rarely saw there (BPE cuts "ma" as " ma",
// where training read " mary" and " mark" whole). The prompt's last piece is
// taken back, and the first piece generated must start with its bytes, so the
// model itself chooses how the word goes on.
class StartingWith : public LanguageModel {
 public:
  // At a context of `length` tokens, only tokens whose piece starts with
  // `prefix` stay possible; other contexts pass through unchanged.
  StartingWith(const LanguageModel& model, const Tokenizer& tokenizer, const std::string& prefix, std::size_t length);
  int vocab_size() const override { return model_.vocab_size(); }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override;

 private:
  const LanguageModel& model_;
  std::vector<bool> allowed_;
  std::size_t length_;
};

// The prompt's context with its last piece taken back when healing applies
// (tokenizers other than characters, a last piece that spells the prompt's
// end): what samples start with, and the bytes the first generated piece must
// start with. A distribution shown for a prompt is read the same way, so it is
// the one sampling draws from.
struct HealedPrompt {
  std::vector<TokenId> context;  // <bos> and the tokens before the healed piece
  std::string head;              // the prompt without the text of that piece
  std::string prefix;            // the piece taken back; empty: no healing
};
HealedPrompt heal_prompt(const Tokenizer& tokenizer, const std::string& prompt);

// count samples of at most max_tokens tokens, each the prompt followed by its
// continuation (healed as above for tokenizers other than characters).
std::vector<std::string> sample_text(const LanguageModel& model, const Tokenizer& tokenizer,
                                     const std::string& prompt, const SamplingConfig& config, int max_tokens,
                                     std::uint32_t seed, int count);

}  // namespace lmp
