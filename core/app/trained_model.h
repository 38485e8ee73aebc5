// A trained model as the CLI and the page handle it: tokenizer, model,
// the options it was trained with and its training report, kept together so
// that a saved file holds everything needed to evaluate and sample again.
// This is the surface the wasm bindings register, one to one.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/tokenization.h"
#include "app/train_options.h"
#include "generate/exposure.h"
#include "generate/sampling.h"
#include "lm/evaluate.h"
#include "ngram/ngram_model.h"
#include "tokenize/tokenizer.h"

namespace lmp::nn {
class NeuralModel;
class NeuralLanguageModel;
}  // namespace lmp::nn

namespace lmp {

struct TrainReport {
  std::string model;                  // e.g. "ngram-3-kn", "lstm-1x128"
  double params = 0;                  // stored n-grams, or weights of a neural model
  double steps = 0;                   // optimizer steps (neural)
  double tokens_per_s = 0;            // training throughput (neural)
  double train_loss = 0;              // nats per token over the last steps (neural)
  std::string stopped;                // why training ended early, if it did
  double train_tokens = 0;
  double val_tokens = 0;
  bool has_val = false;
  EvalReport val;
  std::vector<double> val_unseen_share;  // per order, share of val n-grams never seen in training
};

// What a Transformer attends to over a text: weights (layers, heads, T, T),
// query rows by key columns, for the T tokens of the window (the last ones
// of the text when it is longer).
struct AttentionMaps {
  std::vector<std::string> tokens;  // labels, <bos> first while the line start fits
  int layers = 0;
  int heads = 0;
  bool causal = true;               // false: no cell is masked
  std::vector<float> weights;
};

struct TokenProbability {
  int id = 0;
  std::string label;                  // the character, or <eol>
  double base = 0;                    // probability at temperature 1
  double tempered = 0;                // after temperature
  double final = 0;                   // after top-k / top-p, what sampling draws from
  int removed_by = 0;                 // 0 kept, 1 top-k, 2 top-p, 3 greedy (see Removal)
};

// The tokens a model conditions on for its next prediction after a prompt,
// found as sampling finds them: the prompt's last line, healed (see
// heal_prompt), then cut to what the model reads: order - 1 tokens for an
// n-gram, its window for the MLP and the Transformer, the whole line for a
// recurrent network.
struct ModelContext {
  std::vector<TokenPiece> tokens;  // oldest first; <bos> is not listed
  bool from_line_start = false;    // the line's start (<bos>) is inside what the model reads
  std::string healed_prefix;       // bytes the next piece must start with; empty: the prompt was not healed
};

class TrainedModel {
 public:
  ~TrainedModel();
  static std::unique_ptr<TrainedModel> load(const std::string& file_bytes);
  // Throws resource_limit if a text of this many bytes is too large for the memory limit.
  static void check_text_size(double bytes, int memory_limit_mb);
  std::string save() const;

  const TrainOptions& options() const { return options_; }
  const TrainReport& report() const { return report_; }
  // Per-order statistics of an n-gram model; empty for neural models.
  std::vector<NgramOrderStats> ngram_stats() const;
  double memory_bytes() const;
  int vocab_size() const { return tokenizer_->vocab_size(); }
  const Tokenizer& tokenizer() const { return *tokenizer_; }

  EvalReport evaluate(const std::string& text) const;
  // count samples, each the prompt followed by its continuation; a sample ends
  // at <eol> or after max_tokens tokens. The same seed gives the same samples.
  // Sampling and next_tokens never offer <unk> (the rest is renormalized).
  std::vector<std::string> sample(const std::string& prompt, const SamplingConfig& config, int max_tokens,
                                  std::uint32_t seed, int count) const;
  std::vector<std::string> sample(const SampleOptions& o) const {
    return sample(o.prompt, o.sampling(), o.max_tokens, o.seed, o.count);
  }
  // The next-token distribution after the prompt, most probable first; limit 0 lists every token.
  // It is the distribution sampling draws the first token from: after a healed
  // prompt, only pieces that start with the healed prefix, renormalized.
  std::vector<TokenProbability> next_tokens(const std::string& prompt, const SamplingConfig& config, int limit) const;
  std::vector<TokenProbability> next_tokens(const SampleOptions& o, int limit) const {
    return next_tokens(o.prompt, o.sampling(), limit);
  }
  // Teacher forcing against the model's own text (generate/exposure.h), for
  // each non-empty line of the text: its first prompt_tokens tokens are given,
  // the rest scored after the true prefix and after the model's own samples.
  // Each line is measured on its own, its draws seeded by the seed and the
  // line itself: lines that share a prompt do not all get the same own text,
  // and a line gives the same figures in any text. A line shorter than the
  // prompt is refused, named by its number.
  std::vector<ExposureReport> exposure(const std::string& text, int prompt_tokens, const SamplingConfig& config,
                                       std::uint32_t seed) const;
  std::vector<ExposureReport> exposure(const std::string& text, const SampleOptions& o, int prompt_tokens) const {
    return exposure(text, prompt_tokens, o.sampling(), o.seed);
  }
  // What the model reads for its next prediction after the prompt (ModelContext).
  ModelContext context_tokens(const std::string& prompt) const;
  // The text as this model's tokenizer cuts it (tokenization.h).
  Tokenization tokenize(const std::string& text, double alpha, std::uint32_t seed) const {
    return tokenize_text(*tokenizer_, text, alpha, seed);
  }
  // Transformers only (invalid_input otherwise): attention over the prompt as the start of a line.
  AttentionMaps attention(const std::string& prompt) const;

 private:
  friend class TrainingSession;
  TrainedModel(std::shared_ptr<const Tokenizer> tokenizer, std::unique_ptr<NgramModel> ngram, std::unique_ptr<nn::NeuralModel> neural,
               TrainOptions options, TrainReport report);
  const LanguageModel& language_model() const;
  std::vector<TokenId> prompt_context(const std::string& prompt) const;
  std::vector<std::vector<TokenId>> encode_lines(const Corpus& corpus) const;

  std::shared_ptr<const Tokenizer> tokenizer_;  // shared with the session that trained it
  std::unique_ptr<NgramModel> ngram_;             // one of these two is set
  std::unique_ptr<nn::NeuralModel> neural_;
  std::unique_ptr<nn::NeuralLanguageModel> neural_lm_;
  TrainOptions options_;
  TrainReport report_;
};

}  // namespace lmp
