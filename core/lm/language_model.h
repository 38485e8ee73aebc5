// The one interface every model offers to evaluation, sampling and the page:
// "log-probabilities of the next token, given the tokens so far".
#pragma once
#include <array>
#include <vector>

#include "base/enum_names.h"
#include "tokenize/tokenizer.h"

namespace lmp {

// The families of language model: counts, or a neural network of one of five kinds.
enum class ModelKind { kNgram, kMlp, kRnn, kLstm, kGru, kTransformer };
inline constexpr std::array<const char*, 6> kModelKindNames = {"ngram", "mlp", "rnn", "lstm", "gru", "transformer"};
inline const char* to_string(ModelKind kind) { return enum_name(kind, kModelKindNames); }
inline bool is_neural(ModelKind kind) { return kind != ModelKind::kNgram; }
inline bool is_recurrent(ModelKind kind) {
  return kind == ModelKind::kRnn || kind == ModelKind::kLstm || kind == ModelKind::kGru;
}

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;

  virtual int vocab_size() const = 0;

  // context: (T,) token ids, beginning with <bos>.
  // out: (vocab_size,) natural-log probabilities of the next token; -inf marks
  // a token the model considers impossible (plain MLE does that, <bos> always is).
  virtual void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const = 0;

  // log p(token | context). Models that can score one token more cheaply than
  // the whole distribution override this; evaluation calls it once per token.
  virtual double token_logprob(const std::vector<TokenId>& context, TokenId token) const {
    std::vector<double> all;
    next_token_logprobs(context, all);
    return all[token];
  }
};

}  // namespace lmp
