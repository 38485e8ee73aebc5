#include "trained_model.h"

#include <algorithm>
#include <limits>

#include "error.h"
#include "utf8.h"

namespace lmp {

namespace {

constexpr int kMinMemoryLimitMb = 16;
constexpr int kMaxMemoryLimitMb = 2048;  // all a wasm32 module may grow to
// The decoded corpus takes about 4 bytes per character and the model more;
// a text above a quarter of the limit cannot leave room for both.
constexpr std::size_t kCorpusShareOfMemory = 4;
constexpr int kMaxSampleTokens = 100000;
constexpr int kMaxSampleCount = 10000;

std::size_t memory_limit_bytes(const TrainOptions& options) {
  if (options.memory_limit_mb < kMinMemoryLimitMb || options.memory_limit_mb > kMaxMemoryLimitMb) {
    throw invalid_input("the memory limit must be between 16 and 2048 MB (got " +
                        std::to_string(options.memory_limit_mb) + ")");
  }
  return static_cast<std::size_t>(options.memory_limit_mb) << 20;
}

std::size_t max_text_bytes(const TrainOptions& options) {
  return memory_limit_bytes(options) / kCorpusShareOfMemory;
}

NgramConfig ngram_config(const TrainOptions& options) {
  if (options.model != "ngram") throw invalid_input("unknown model '" + options.model + "'; use ngram");
  if (options.tokenizer != "char") throw invalid_input("unknown tokenizer '" + options.tokenizer + "'; use char");
  NgramConfig config;
  config.order = options.order;
  config.smoothing = parse_smoothing(options.smoothing);
  config.k = options.k;
  validate(config);
  return config;
}

// Generation never writes <unk>: the model may say "something unknown comes
// next" (evaluation counts that), but a sample needs a real character.
class WithoutUnknown : public LanguageModel {
 public:
  explicit WithoutUnknown(const LanguageModel& model) : model_(model) {}
  int vocab_size() const override { return model_.vocab_size(); }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override {
    model_.next_token_logprobs(context, out);
    out[CharTokenizer::kUnk] = -std::numeric_limits<double>::infinity();
  }

 private:
  const LanguageModel& model_;
};

}  // namespace

TrainedModel::TrainedModel(CharTokenizer tokenizer, NgramModel model, TrainOptions options, TrainReport report)
    : tokenizer_(std::move(tokenizer)), model_(std::move(model)), options_(std::move(options)), report_(std::move(report)) {}

std::vector<std::vector<TokenId>> TrainedModel::encode_lines(const Corpus& corpus) const {
  std::vector<std::vector<TokenId>> lines;
  for (const Line& line : corpus.lines) {
    if (!line.empty()) lines.push_back(tokenizer_.encode_line(line));
  }
  return lines;
}

std::unique_ptr<TrainedModel> TrainedModel::train_split(const Corpus& train, const Corpus* val,
                                                        const TrainOptions& options) {
  const NgramConfig config = ngram_config(options);
  CharTokenizer tokenizer = CharTokenizer::train(train);
  std::vector<std::vector<TokenId>> train_lines;
  double train_tokens = 0;
  for (const Line& line : train.lines) {
    if (line.empty()) continue;
    train_lines.push_back(tokenizer.encode_line(line));
    train_tokens += static_cast<double>(line.size() + 1);
  }
  NgramModel model = NgramModel::train(train_lines, tokenizer.vocab_size(), config, memory_limit_bytes(options));

  TrainReport report;
  report.model = "ngram-" + std::to_string(config.order) + "-" + smoothing_name(config.smoothing);
  report.params = static_cast<double>(model.stored_ngrams());
  report.train_tokens = train_tokens;
  std::unique_ptr<TrainedModel> trained(new TrainedModel(std::move(tokenizer), std::move(model), options, report));
  if (val != nullptr && val->non_empty_lines() > 0) {
    const auto val_lines = trained->encode_lines(*val);
    trained->report_.has_val = true;
    trained->report_.val = lmp::evaluate(trained->model_, val_lines, *val);
    trained->report_.val_tokens = trained->report_.val.tokens;
    trained->report_.val_unseen_share = trained->model_.unseen_share(val_lines);
  }
  return trained;
}

void TrainedModel::check_text_size(double bytes, int memory_limit_mb) {
  TrainOptions options;
  options.memory_limit_mb = memory_limit_mb;
  lmp::check_text_size(bytes, max_text_bytes(options), "the text");
}

std::unique_ptr<TrainedModel> TrainedModel::train(const std::string& train_text, const TrainOptions& options) {
  ngram_config(options);  // reject bad options before reading a large text
  const std::size_t limit = max_text_bytes(options);
  const Corpus corpus = parse_corpus(train_text, "the training text", limit);
  const SplitCorpus split = split_corpus(corpus, options.val_fraction, parse_val_split(options.val_split));
  return train_split(split.train, &split.val, options);
}

std::unique_ptr<TrainedModel> TrainedModel::train_with_val(const std::string& train_text, const std::string& val_text,
                                                           const TrainOptions& options) {
  ngram_config(options);
  const std::size_t limit = max_text_bytes(options);
  const Corpus train = parse_corpus(train_text, "the training text", limit);
  const Corpus val = parse_corpus(val_text, "the validation text", limit);
  return train_split(train, &val, options);
}

EvalReport TrainedModel::evaluate(const std::string& text) const {
  const Corpus corpus = parse_corpus(text, "the evaluation text", max_text_bytes(options_));
  return lmp::evaluate(model_, encode_lines(corpus), corpus);
}

std::vector<TokenId> TrainedModel::prompt_context(const std::string& prompt) const {
  std::vector<char32_t> text = decode_utf8_or_throw(prompt, "the prompt");
  // Line mode: a prompt continues the current line, which starts after its last newline.
  const auto last_newline = std::find(text.rbegin(), text.rend(), U'\n');
  text.erase(text.begin(), last_newline.base());
  std::vector<TokenId> context = {CharTokenizer::kBos};
  for (TokenId token : tokenizer_.encode(text)) context.push_back(token);
  return context;
}

std::vector<std::string> TrainedModel::sample(const std::string& prompt, const SamplingConfig& config, int max_tokens,
                                              std::uint32_t seed, int count) const {
  if (max_tokens < 1 || max_tokens > kMaxSampleTokens) {
    throw invalid_input("the sample length must be between 1 and " + std::to_string(kMaxSampleTokens) + " tokens");
  }
  if (count < 1 || count > kMaxSampleCount) {
    throw invalid_input("the number of samples must be between 1 and " + std::to_string(kMaxSampleCount));
  }
  const std::vector<TokenId> context = prompt_context(prompt);
  Rng rng(seed);
  std::vector<std::string> samples;
  for (int i = 0; i < count; ++i) {
    const auto continuation = lmp::generate(WithoutUnknown(model_), context, config, max_tokens, CharTokenizer::kEol, rng);
    samples.push_back(prompt + tokenizer_.decode(continuation));
  }
  return samples;
}

std::vector<TokenProbability> TrainedModel::next_tokens(const std::string& prompt, const SamplingConfig& config,
                                                        int limit) const {
  std::vector<double> logprobs;
  WithoutUnknown(model_).next_token_logprobs(prompt_context(prompt), logprobs);
  const NextTokenDistribution d = transform_distribution(logprobs, config);
  std::vector<TokenProbability> list;
  for (int token : rank_tokens(d.tempered)) {
    if (d.base[token] <= 0.0) continue;  // impossible; at low temperature possible ones may rank after it
    if (limit > 0 && static_cast<int>(list.size()) == limit) break;
    list.push_back({token, tokenizer_.label(token), d.base[token], d.tempered[token], d.final[token],
                    static_cast<int>(d.removal[token])});
  }
  return list;
}

}  // namespace lmp
