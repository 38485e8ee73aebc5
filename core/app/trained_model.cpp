#include "app/trained_model.h"

#include <algorithm>

#include "app/option_table.h"
#include "base/error.h"
#include "base/utf8.h"
#include "generate/text_generation.h"
#include "models/neural_language_model.h"
#include "models/neural_model.h"

namespace lmp {

TrainedModel::TrainedModel(std::shared_ptr<const Tokenizer> tokenizer, std::unique_ptr<NgramModel> ngram,
                           std::unique_ptr<nn::NeuralModel> neural, TrainOptions options, TrainReport report)
    : tokenizer_(std::move(tokenizer)),
      ngram_(std::move(ngram)),
      neural_(std::move(neural)),
      options_(std::move(options)),
      report_(std::move(report)) {
  if (neural_) neural_lm_ = std::make_unique<nn::NeuralLanguageModel>(*neural_);
}

TrainedModel::~TrainedModel() = default;

const LanguageModel& TrainedModel::language_model() const {
  if (ngram_) return *ngram_;
  return *neural_lm_;
}

std::vector<NgramOrderStats> TrainedModel::ngram_stats() const {
  return ngram_ ? ngram_->order_stats() : std::vector<NgramOrderStats>{};
}

double TrainedModel::memory_bytes() const {
  if (ngram_) return static_cast<double>(ngram_->memory_bytes());
  return static_cast<double>(neural_->parameters().count()) * sizeof(float);
}


std::vector<std::vector<TokenId>> TrainedModel::encode_lines(const Corpus& corpus) const {
  std::vector<std::vector<TokenId>> lines;
  for (const Line& line : corpus.lines) {
    if (!line.empty()) lines.push_back(tokenizer_->encode_line(line));
  }
  return lines;
}

void TrainedModel::check_text_size(double bytes, int memory_limit_mb) {
  TrainOptions options;
  options.memory_limit_mb = memory_limit_mb;
  validate(options);  // a limit out of range
  lmp::check_text_size(bytes, max_text_bytes(options), "the text");
}

EvalReport TrainedModel::evaluate(const std::string& text) const {
  const Corpus corpus = parse_corpus(text, "the evaluation text", max_text_bytes(options_));
  return lmp::evaluate(language_model(), encode_lines(corpus), corpus);
}

namespace {

// The seed of one line's own draws: the caller's seed mixed with the line
// (FNV-1a over its code points). Two lines that share a prompt then get
// coins of their own, instead of the same own text over and over, and a
// line gets the same figures wherever it stands in a text.
std::uint32_t line_seed(std::uint32_t seed, const Line& line) {
  std::uint32_t hash = 2166136261u;
  for (const char32_t c : line) {
    hash ^= static_cast<std::uint32_t>(c);
    hash *= 16777619u;
  }
  return seed ^ hash;
}

}  // namespace

std::vector<ExposureReport> TrainedModel::exposure(const std::string& text, int prompt_tokens,
                                                   const SamplingConfig& config, std::uint32_t seed) const {
  validate(config);  // before any line, so that its message names no line
  const Corpus corpus = parse_corpus(text, "the text", max_text_bytes(options_));
  const bool several = corpus.non_empty_lines() > 1;
  std::vector<ExposureReport> reports;
  for (std::size_t i = 0; i < corpus.lines.size(); ++i) {
    if (corpus.lines[i].empty()) continue;
    try {
      reports.push_back(measure_exposure(language_model(), *tokenizer_, corpus.lines[i], prompt_tokens, config,
                                         line_seed(seed, corpus.lines[i])));
    } catch (const Error& e) {
      if (!several) throw;
      throw Error(e.kind(), "line " + std::to_string(i + 1) + ": " + e.what());
    }
    reports.back().line = static_cast<int>(i + 1);
  }
  return reports;
}

std::vector<TokenId> TrainedModel::prompt_context(const std::string& prompt) const {
  return lmp::prompt_context(*tokenizer_, prompt);
}

std::vector<std::string> TrainedModel::sample(const std::string& prompt, const SamplingConfig& config, int max_tokens,
                                              std::uint32_t seed, int count) const {
  return sample_text(language_model(), *tokenizer_, prompt, config, max_tokens, seed, count);
}

AttentionMaps TrainedModel::attention(const std::string& prompt) const {
  const auto* transformer = dynamic_cast<const nn::TransformerModel*>(neural_.get());
  if (transformer == nullptr) throw invalid_input("only a Transformer has attention to show; train one first");
  const std::vector<TokenId> context = prompt_context(prompt);
  const int window = transformer->config().context;
  const std::vector<TokenId> tokens(context.end() - std::min<int>(window, static_cast<int>(context.size())), context.end());
  AttentionMaps maps;
  for (TokenId t : tokens) maps.tokens.push_back(tokenizer_->label(t));
  maps.layers = transformer->config().layers;
  maps.heads = transformer->config().heads;
  maps.causal = transformer->config().causal;
  maps.weights = transformer->attention_weights(tokens);
  return maps;
}

ModelContext TrainedModel::context_tokens(const std::string& prompt) const {
  const HealedPrompt healed = heal_prompt(*tokenizer_, prompt);
  const std::vector<TokenId>& context = healed.context;  // <bos> first
  std::size_t reads = context.size();                    // a recurrent network: the whole line
  if (ngram_) {
    reads = static_cast<std::size_t>(ngram_->config().order - 1);
  } else if (!nn::is_recurrent(neural_->config())) {
    reads = static_cast<std::size_t>(neural_->config().context);
  }
  const std::size_t first = context.size() - std::min(reads, context.size());
  ModelContext out;
  out.from_line_start = reads > 0 && first == 0;
  for (std::size_t i = std::max<std::size_t>(first, 1); i < context.size(); ++i) {
    out.tokens.push_back({context[i], tokenizer_->label(context[i])});
  }
  out.healed_prefix = healed.prefix;
  return out;
}

std::vector<TokenProbability> TrainedModel::next_tokens(const std::string& prompt, const SamplingConfig& config,
                                                        int limit) const {
  const HealedPrompt healed = heal_prompt(*tokenizer_, prompt);
  const WithoutUnknown without_unknown(language_model());
  // An empty prefix (no healing) lets every piece through.
  std::vector<double> logprobs;
  StartingWith(without_unknown, *tokenizer_, healed.prefix, healed.context.size())
      .next_token_logprobs(healed.context, logprobs);
  const NextTokenDistribution d = transform_distribution(logprobs, config);
  std::vector<TokenProbability> list;
  for (int token : rank_tokens(d.tempered)) {
    if (d.base[token] <= 0.0) continue;  // impossible; at low temperature possible ones may rank after it
    if (limit > 0 && static_cast<int>(list.size()) == limit) break;
    list.push_back({token, tokenizer_->label(token), d.base[token], d.tempered[token], d.final[token],
                    static_cast<int>(d.removal[token])});
  }
  return list;
}

}  // namespace lmp
