#include "neural_language_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmp::nn {

namespace {

// log softmax in double; <bos> is never predicted.
void log_softmax_into(const float* logits, int vocab, std::vector<double>& out) {
  out.assign(vocab, 0.0);
  double max = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < vocab; ++i) {
    if (i != CharTokenizer::kBos) max = std::max(max, static_cast<double>(logits[i]));
  }
  double sum = 0;
  for (int i = 0; i < vocab; ++i) {
    if (i != CharTokenizer::kBos) sum += std::exp(logits[i] - max);
  }
  const double log_sum = max + std::log(sum);
  for (int i = 0; i < vocab; ++i) out[i] = logits[i] - log_sum;
  out[CharTokenizer::kBos] = -std::numeric_limits<double>::infinity();
}

}  // namespace

void NeuralLanguageModel::next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const {
  const int vocab = model_.config().vocab;
  tape_.training = false;
  if (model_.config().kind == "transformer") {
    // The window is the last `context` tokens (the oldest slide out); no cache yet: each call runs it whole.
    const int take = std::max(1, std::min<int>(model_.config().context, static_cast<int>(context.size())));
    std::vector<TokenId> window(context.end() - std::min<int>(take, static_cast<int>(context.size())), context.end());
    if (window.empty()) window.push_back(CharTokenizer::kBos);
    tape_.reset();
    const Var logits = model_.forward(tape_, window, take, 1, nullptr);
    log_softmax_into(tape_.value(logits).data + static_cast<std::int64_t>(take - 1) * vocab, vocab, out);
    return;
  }
  if (!is_recurrent(model_.config())) {
    // The MLP sees only its window: the last `context` tokens.
    const int n = model_.config().context;
    const int take = std::min<int>(n, static_cast<int>(context.size()));
    std::vector<TokenId> window(n - take, CharTokenizer::kBos);
    window.insert(window.end(), context.end() - take, context.end());
    tape_.reset();
    const Var logits = model_.forward(tape_, window, n, 1, nullptr);  // (n, V): the last row predicts
    log_softmax_into(tape_.value(logits).data + static_cast<std::int64_t>(n - 1) * vocab, vocab, out);
    return;
  }
  const bool extends = context.size() >= fed_.size() && std::equal(fed_.begin(), fed_.end(), context.begin());
  if (!extends) {
    fed_.clear();
    state_ = RecurrentState();
  }
  for (std::size_t i = fed_.size(); i < context.size(); ++i) {
    tape_.reset();
    const Var logits = model_.forward(tape_, {context[i]}, 1, 1, &state_);
    const Tensor v = tape_.value(logits);
    last_logits_.assign(v.data, v.data + v.size());
    fed_.push_back(context[i]);
  }
  log_softmax_into(last_logits_.data(), vocab, out);
}

}  // namespace lmp::nn
