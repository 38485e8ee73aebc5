// A trained neural model behind the LanguageModel interface that evaluation,
// sampling and the page share. Recurrent models are run statefully: when the
// context grows by a token (as in generation and in evaluation of a line),
// only that token is fed; anything else restarts from the beginning. So a
// prompt is fed once and each new token costs one step, not a re-run.
#pragma once
#include <memory>

#include "language_model.h"
#include "neural_model.h"

namespace lmp::nn {

class NeuralLanguageModel : public LanguageModel {
 public:
  explicit NeuralLanguageModel(const NeuralModel& model) : model_(model) {}

  int vocab_size() const override { return model_.config().vocab; }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override;

 private:
  const NeuralModel& model_;
  // The cache of the stateful path: what has been fed, the state after it, and the logits it left.
  mutable std::vector<TokenId> fed_;
  mutable RecurrentState state_;
  mutable std::vector<float> last_logits_;
  mutable Tape tape_;
};

}  // namespace lmp::nn
