// A trained model as the CLI and the page handle it: tokenizer, model,
// the options it was trained with and its training report, kept together so
// that a saved file holds everything needed to evaluate and sample again.
// This is the surface the wasm bindings register, one to one.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "char_tokenizer.h"
#include "evaluate.h"
#include "ngram_model.h"
#include "sampling.h"

namespace lmp {

struct TrainOptions {
  std::string model = "ngram";        // the only model so far
  std::string tokenizer = "char";     // the only tokenizer so far
  int order = 3;                      // trigram: the classic first n-gram that makes names look like names
  std::string smoothing = "kn";
  double k = 1.0;
  double val_fraction = 0.1;          // used when no separate validation text is given
  std::string val_split = "tail";     // "tail" for prose, "interleaved" for sorted lists
  std::uint32_t seed = 1;             // n-gram training is deterministic; kept for the neural models
  int memory_limit_mb = 1024;         // half of what a wasm32 module can address
};

struct TrainReport {
  std::string model;                  // e.g. "ngram-3-kn"
  double params = 0;                  // stored n-grams
  double train_tokens = 0;
  double val_tokens = 0;
  bool has_val = false;
  EvalReport val;
  std::vector<double> val_unseen_share;  // per order, share of val n-grams never seen in training
};

struct TokenProbability {
  int id = 0;
  std::string label;                  // the character, or <eol>
  double base = 0;                    // probability at temperature 1
  double tempered = 0;                // after temperature
  double final = 0;                   // after top-k / top-p, what sampling draws from
  int removed_by = 0;                 // 0 kept, 1 top-k, 2 top-p, 3 greedy (see Removal)
};

class TrainedModel {
 public:
  static std::unique_ptr<TrainedModel> train(const std::string& train_text, const TrainOptions& options);
  static std::unique_ptr<TrainedModel> train_with_val(const std::string& train_text, const std::string& val_text,
                                                      const TrainOptions& options);
  static std::unique_ptr<TrainedModel> load(const std::string& file_bytes);
  // Throws resource_limit if a text of this many bytes is too large for the memory limit.
  static void check_text_size(double bytes, int memory_limit_mb);
  std::string save() const;

  const TrainOptions& options() const { return options_; }
  const TrainReport& report() const { return report_; }
  std::vector<NgramOrderStats> ngram_stats() const { return model_.order_stats(); }
  double memory_bytes() const { return static_cast<double>(model_.memory_bytes()); }
  int vocab_size() const { return tokenizer_.vocab_size(); }

  EvalReport evaluate(const std::string& text) const;
  // count samples, each the prompt followed by its continuation; a sample ends
  // at <eol> or after max_tokens tokens. The same seed gives the same samples.
  // Sampling and next_tokens never offer <unk> (the rest is renormalized).
  std::vector<std::string> sample(const std::string& prompt, const SamplingConfig& config, int max_tokens,
                                  std::uint32_t seed, int count) const;
  // The next-token distribution after the prompt, most probable first; limit 0 lists every token.
  std::vector<TokenProbability> next_tokens(const std::string& prompt, const SamplingConfig& config, int limit) const;

 private:
  TrainedModel(CharTokenizer tokenizer, NgramModel model, TrainOptions options, TrainReport report);
  static std::unique_ptr<TrainedModel> train_split(const Corpus& train, const Corpus* val, const TrainOptions& options);
  std::vector<TokenId> prompt_context(const std::string& prompt) const;
  std::vector<std::vector<TokenId>> encode_lines(const Corpus& corpus) const;

  CharTokenizer tokenizer_;
  NgramModel model_;
  TrainOptions options_;
  TrainReport report_;
};

}  // namespace lmp
