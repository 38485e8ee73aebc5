// Training as a session that the caller advances: run() does a slice of work
// and reports progress, finish() packages the TrainedModel. The page's worker
// and the CLI drive every model this way; an n-gram is done in the first slice.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/trained_model.h"
#include "text/corpus.h"
#include "tokenize/tokenizer.h"
#include "train/neural_training.h"

namespace lmp {

using nn::TrainingProgress;

class TrainingSession {
 public:
  static std::unique_ptr<TrainingSession> start(const std::string& train_text, const TrainOptions& options);
  static std::unique_ptr<TrainingSession> start_with_val(const std::string& train_text, const std::string& val_text,
                                                         const TrainOptions& options);
  ~TrainingSession();

  // Up to max_steps optimizer steps or max_seconds, whichever comes first.
  TrainingProgress run(int max_steps, double max_seconds);
  bool finished() const;
  // Samples from the weights as they are now, to watch the text improve.
  std::vector<std::string> preview(const std::string& prompt, int max_tokens, std::uint32_t seed, int count) const;
  // The same with the prompt, length, count and seed of sampling options (the rest unused: temperature 1).
  std::vector<std::string> preview(const SampleOptions& o) const { return preview(o.prompt, o.max_tokens, o.seed, o.count); }
  // The trained model, validated on the held-out text. Ends the session; may be
  // called before finished() to stop early and keep what was learned.
  std::unique_ptr<TrainedModel> finish();

 private:
  TrainingSession(const Corpus& train, const Corpus& val, const TrainOptions& options);
  std::unique_ptr<TrainedModel> train_ngram();

  TrainOptions options_;
  Corpus train_;
  Corpus val_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  std::unique_ptr<nn::NeuralTraining> neural_;
  std::unique_ptr<TrainedModel> done_;  // n-gram: trained by the first run()
  TrainingProgress progress_;
};

// Training in one call, start to finish (a session run to its end).
std::unique_ptr<TrainedModel> train_model(const std::string& train_text, const TrainOptions& options);
std::unique_ptr<TrainedModel> train_model_with_val(const std::string& train_text, const std::string& val_text,
                                                   const TrainOptions& options);

}  // namespace lmp
