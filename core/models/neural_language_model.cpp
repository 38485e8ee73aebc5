#include "models/neural_language_model.h"

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
    if (i != Tokenizer::kBos) max = std::max(max, static_cast<double>(logits[i]));
  }
  double sum = 0;
  for (int i = 0; i < vocab; ++i) {
    if (i != Tokenizer::kBos) sum += std::exp(logits[i] - max);
  }
  const double log_sum = max + std::log(sum);
  for (int i = 0; i < vocab; ++i) out[i] = logits[i] - log_sum;
  out[Tokenizer::kBos] = -std::numeric_limits<double>::infinity();
}

}  // namespace

void NeuralLanguageModel::next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const {
  const NeuralConfig& config = model_.config();
  const int vocab = config.vocab;
  tape_.training = false;
  const bool transformer = config.kind == ModelKind::kTransformer;
  // An empty context is the start of a line.
  static const std::vector<TokenId> kLineStart = {Tokenizer::kBos};
  const std::vector<TokenId>& line = context.empty() ? kLineStart : context;
  if (!is_recurrent(config) && !(transformer && config.causal)) {
    // The MLP sees only its window, <bos> before the line; the unmasked Transformer its last `context` tokens.
    const int n = config.context;
    const int take = std::min<int>(n, static_cast<int>(line.size()));
    std::vector<TokenId> window(transformer ? 0 : n - take, Tokenizer::kBos);
    window.insert(window.end(), line.end() - take, line.end());
    const int time = static_cast<int>(window.size());
    tape_.reset();
    const Var logits = model_.forward(tape_, window, time, 1, nullptr);  // (time, V): the last row predicts
    log_softmax_into(tape_.value(logits).data + static_cast<std::int64_t>(time - 1) * vocab, vocab, out);
    return;
  }
  const bool extends = line.size() >= fed_.size() && std::equal(fed_.begin(), fed_.end(), line.begin());
  if (!extends) {
    fed_.clear();
    state_ = RecurrentState();
    cache_ = KvCache();
  }
  feed(line, fed_.size());
  log_softmax_into(last_logits_.data(), vocab, out);
}

void NeuralLanguageModel::feed(const std::vector<TokenId>& context, std::size_t from) const {
  const auto* transformer = dynamic_cast<const TransformerModel*>(&model_);
  const int window = model_.config().context;
  for (std::size_t i = from; i < context.size(); ++i) {
    tape_.reset();
    Var logits;
    if (transformer == nullptr) {
      logits = model_.forward(tape_, {context[i]}, 1, 1, &state_);
    } else {
      if (cache_.length == window) {
        // Full: start again from the last half window before this token.
        cache_ = KvCache();
        for (std::size_t j = i - static_cast<std::size_t>(window / 2); j < i; ++j) {
          tape_.reset();
          transformer->forward_cached(tape_, context[j], cache_);
        }
        tape_.reset();
      }
      logits = transformer->forward_cached(tape_, context[i], cache_);
    }
    const Tensor v = tape_.value(logits);
    last_logits_.assign(v.data, v.data + v.size());
    fed_.push_back(context[i]);
  }
}

}  // namespace lmp::nn
