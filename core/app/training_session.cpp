#include "app/training_session.h"

#include "app/option_table.h"
#include "base/error.h"
#include "generate/text_generation.h"
#include "models/neural_language_model.h"
#include "tokenize/kinds/tokenizer_kinds.h"

namespace lmp {

std::unique_ptr<TrainingSession> TrainingSession::start(const std::string& train_text, const TrainOptions& options) {
  validate(options);  // before reading a large text
  const Corpus corpus = parse_corpus(train_text, "the training text", max_text_bytes(options));
  const SplitCorpus split = split_corpus(corpus, options.val_fraction, options.val_split);
  return std::unique_ptr<TrainingSession>(new TrainingSession(split.train, split.val, options));
}

std::unique_ptr<TrainingSession> TrainingSession::start_with_val(const std::string& train_text,
                                                                 const std::string& val_text,
                                                                 const TrainOptions& options) {
  validate(options);
  const Corpus train = parse_corpus(train_text, "the training text", max_text_bytes(options));
  const Corpus val = parse_corpus(val_text, "the validation text", max_text_bytes(options));
  return std::unique_ptr<TrainingSession>(new TrainingSession(train, val, options));
}

TrainingSession::TrainingSession(const Corpus& train, const Corpus& val, const TrainOptions& options)
    : options_(options), train_(train), val_(val), tokenizer_(train_tokenizer(tokenizer_options(options), train)) {
  if (is_neural(options.model)) {
    neural_ = std::make_unique<nn::NeuralTraining>(*tokenizer_, train_, val_,
                                                   neural_config(options, tokenizer_->vocab_size()),
                                                   neural_train_config(options));
    progress_ = neural_->progress();
  } else {
    progress_.total_steps = 1;
  }
}

TrainingSession::~TrainingSession() = default;

bool TrainingSession::finished() const { return neural_ ? neural_->finished() : done_ != nullptr; }

TrainingProgress TrainingSession::run(int max_steps, double max_seconds) {
  if (neural_) {
    progress_ = neural_->run(max_steps, max_seconds);
  } else if (!done_) {
    done_ = train_ngram();
    progress_.step = 1;
    progress_.finished = true;
    if (done_->report_.has_val) progress_.val_loss = done_->report_.val.nll_per_token;
  }
  return progress_;
}

std::unique_ptr<TrainedModel> TrainingSession::train_ngram() {
  std::vector<std::vector<TokenId>> lines;
  double train_tokens = 0;
  for (const Line& line : train_.lines) {
    if (line.empty()) continue;
    lines.push_back(tokenizer_->encode_line(line));
    train_tokens += static_cast<double>(lines.back().size() - 1);  // <eol> counted, <bos> not
  }
  const NgramConfig config = ngram_config(options_);
  auto model = std::make_unique<NgramModel>(
      NgramModel::train(lines, tokenizer_->vocab_size(), config, memory_limit_bytes(options_)));
  TrainReport report;
  report.model = "ngram-" + std::to_string(config.order) + "-" + to_string(config.smoothing);
  report.params = static_cast<double>(model->stored_ngrams());
  report.train_tokens = train_tokens;
  std::unique_ptr<TrainedModel> trained(
      new TrainedModel(tokenizer_, std::move(model), nullptr, options_, std::move(report)));
  if (val_.non_empty_lines() > 0) {
    const auto val_lines = trained->encode_lines(val_);
    trained->report_.has_val = true;
    trained->report_.val = evaluate(*trained->ngram_, val_lines, val_);
    trained->report_.val_tokens = trained->report_.val.tokens;
    trained->report_.val_unseen_share = trained->ngram_->unseen_share(val_lines);
  }
  return trained;
}

std::vector<std::string> TrainingSession::preview(const std::string& prompt, int max_tokens, std::uint32_t seed,
                                                  int count) const {
  if (!neural_) return done_ ? done_->sample(prompt, SamplingConfig{}, max_tokens, seed, count) : std::vector<std::string>{};
  const nn::NeuralLanguageModel lm(neural_->model());
  return sample_text(lm, *tokenizer_, prompt, SamplingConfig{}, max_tokens, seed, count);
}

std::unique_ptr<TrainedModel> TrainingSession::finish() {
  if (!neural_) {
    if (!done_) run(1, 0);
    return std::move(done_);
  }
  TrainReport report;
  const nn::NeuralConfig& c = neural_->model().config();
  // mlp-3x128 (window x hidden), lstm-1x128 (layers x hidden), transformer-2x64 (blocks x d_model)
  const int width = c.kind == ModelKind::kTransformer ? c.embed : c.hidden;
  report.model = std::string(to_string(c.kind)) + "-" +
                 std::to_string(c.kind == ModelKind::kMlp ? c.context : c.layers) + "x" + std::to_string(width);
  report.params = static_cast<double>(neural_->model().parameters().count());
  report.steps = progress_.step;
  report.tokens_per_s = progress_.tokens_per_s;
  report.train_loss = progress_.train_loss;
  report.stopped = progress_.stopped;
  report.train_tokens = neural_->train_tokens();
  if (val_.non_empty_lines() > 0) {
    report.has_val = true;
    report.val = neural_->evaluate_validation();
    report.val_tokens = report.val.tokens;
  }
  auto trained = std::unique_ptr<TrainedModel>(
      new TrainedModel(tokenizer_, nullptr, neural_->release_model(), options_, std::move(report)));
  neural_.reset();
  return trained;
}

std::unique_ptr<TrainedModel> train_model(const std::string& train_text, const TrainOptions& options) {
  auto session = TrainingSession::start(train_text, options);
  while (!session->finished()) session->run(1 << 30, 1e9);
  return session->finish();
}

std::unique_ptr<TrainedModel> train_model_with_val(const std::string& train_text, const std::string& val_text,
                                                   const TrainOptions& options) {
  auto session = TrainingSession::start_with_val(train_text, val_text, options);
  while (!session->finished()) session->run(1 << 30, 1e9);
  return session->finish();
}

}  // namespace lmp
