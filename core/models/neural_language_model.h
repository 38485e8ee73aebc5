// A trained neural model behind the LanguageModel interface that evaluation,
// sampling and the page share. Recurrent models are run statefully: when the
// context grows by a token (as in generation and in evaluation of a line),
// only that token is fed; anything else restarts from the beginning. So a
// prompt is fed once and each new token costs one step, not a re-run.
// The Transformer is run the same way through its KV cache. When the cache
// is full (the context has outgrown the window), it is rebuilt from the last
// half window, so each prediction sees between half a window and a window of
// context, as in training's evaluation; without a causal mask (the lesson
// model) earlier positions would depend on later ones, so there each call
// runs the last window whole.
#pragma once
#include <memory>

#include "lm/language_model.h"
#include "models/neural_model.h"
#include "models/transformer_model.h"

namespace lmp::nn {

class NeuralLanguageModel : public LanguageModel {
 public:
  explicit NeuralLanguageModel(const NeuralModel& model) : model_(model) {}

  int vocab_size() const override { return model_.config().vocab; }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override;

 private:
  // Feeds context[from..] to the cached path (recurrent state or KV cache), keeping last_logits_.
  void feed(const std::vector<TokenId>& context, std::size_t from) const;

 private:
  const NeuralModel& model_;
  // The cache of the stateful path: what has been fed, the state after it, and the logits it left.
  mutable std::vector<TokenId> fed_;
  mutable RecurrentState state_;
  mutable KvCache cache_;
  mutable std::vector<float> last_logits_;
  mutable Tape tape_;
};

}  // namespace lmp::nn
