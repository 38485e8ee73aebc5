// Embind registration of the core's TrainedModel, TrainingSession and
// GenerationCostMeter surfaces, and nothing else.
// The friendly JS API (web/lib/lmp.js) wraps these and owns lifetimes.
//
// The one piece of glue: every entry point is wrapped by `guarded`, which turns
// a C++ exception into a JS Error carrying the core's message (and bad_alloc
// into an out-of-memory message), so the page and the CLI can show it.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <new>

#include "app/generation_cost.h"
#include "app/tokenization.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/error.h"

using namespace emscripten;
using lmp::GenerationCostMeter;
using lmp::TrainedModel;
using lmp::TrainingSession;

namespace {

[[noreturn]] void throw_js_error(const std::string& message) {
  val::global("Error").new_(message).throw_();
}

template <typename Call>
decltype(auto) rethrow_as_js(Call&& call) {
  try {
    return call();
  } catch (const std::bad_alloc&) {
    throw_js_error("out of memory: the module could not allocate more; lower the n-gram order or use a smaller text");
  } catch (const std::exception& e) {
    throw_js_error(e.what());
  }
}

template <auto Fn>
struct guarded;

template <typename R, typename... A, R (*Fn)(A...)>
struct guarded<Fn> {
  static R call(A... a) { return rethrow_as_js([&]() -> decltype(auto) { return Fn(a...); }); }
};

template <typename C, typename R, typename... A, R (C::*Fn)(A...) const>
struct guarded<Fn> {
  static R call(const C& self, A... a) { return rethrow_as_js([&]() -> decltype(auto) { return (self.*Fn)(a...); }); }
};

template <auto Fn>
struct guarded_mutable;

template <typename C, typename R, typename... A, R (C::*Fn)(A...)>
struct guarded_mutable<Fn> {
  static R call(C& self, A... a) { return rethrow_as_js([&]() -> decltype(auto) { return (self.*Fn)(a...); }); }
};

// Model files are bytes, not text: hand them to JS as a Uint8Array copy.
val save_bytes(const TrainedModel& model) {
  const std::string bytes = rethrow_as_js([&] { return model.save(); });
  return val::global("Uint8Array").new_(typed_memory_view(bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data())));
}

// Attention maps hold thousands of weights: hand them to JS as one
// Float32Array copy rather than a vector read an element per call.
val attention_maps(const TrainedModel& model, const std::string& prompt) {
  const lmp::AttentionMaps maps = rethrow_as_js([&] { return model.attention(prompt); });
  val tokens = val::array();
  for (const std::string& token : maps.tokens) tokens.call<void>("push", token);
  val out = val::object();
  out.set("tokens", tokens);
  out.set("layers", maps.layers);
  out.set("heads", maps.heads);
  out.set("causal", maps.causal);
  out.set("weights", val::global("Float32Array").new_(typed_memory_view(maps.weights.size(), maps.weights.data())));
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(lmp_core) {
  value_object<lmp::TrainOptions>("TrainOptions")
      .field("model", &lmp::TrainOptions::model)
      .field("tokenizer", &lmp::TrainOptions::tokenizer)
      .field("order", &lmp::TrainOptions::order)
      .field("smoothing", &lmp::TrainOptions::smoothing)
      .field("k", &lmp::TrainOptions::k)
      .field("valFraction", &lmp::TrainOptions::val_fraction)
      .field("valSplit", &lmp::TrainOptions::val_split)
      .field("seed", &lmp::TrainOptions::seed)
      .field("memoryLimitMb", &lmp::TrainOptions::memory_limit_mb)
      .field("mode", &lmp::TrainOptions::mode)
      .field("context", &lmp::TrainOptions::context)
      .field("embed", &lmp::TrainOptions::embed)
      .field("hidden", &lmp::TrainOptions::hidden)
      .field("layers", &lmp::TrainOptions::layers)
      .field("dropout", &lmp::TrainOptions::dropout)
      .field("seqLen", &lmp::TrainOptions::seq_len)
      .field("batch", &lmp::TrainOptions::batch)
      .field("steps", &lmp::TrainOptions::steps)
      .field("timeBudgetS", &lmp::TrainOptions::time_budget_s)
      .field("lr", &lmp::TrainOptions::lr)
      .field("optimizer", &lmp::TrainOptions::optimizer)
      .field("weightDecay", &lmp::TrainOptions::weight_decay)
      .field("warmup", &lmp::TrainOptions::warmup)
      .field("clip", &lmp::TrainOptions::clip)
      .field("accumulate", &lmp::TrainOptions::accumulate)
      .field("evalEvery", &lmp::TrainOptions::eval_every)
      .field("heads", &lmp::TrainOptions::heads)
      .field("positions", &lmp::TrainOptions::positions)
      .field("causal", &lmp::TrainOptions::causal)
      .field("vocabSize", &lmp::TrainOptions::vocab_size)
      .field("lowercase", &lmp::TrainOptions::lowercase)
      .field("subwordAlpha", &lmp::TrainOptions::subword_alpha);

  value_object<lmp::TokenizerOptions>("TokenizerOptions")
      .field("tokenizer", &lmp::TokenizerOptions::kind)
      .field("vocabSize", &lmp::TokenizerOptions::vocab_size)
      .field("lowercase", &lmp::TokenizerOptions::lowercase);

  value_object<lmp::SamplingConfig>("SamplingConfig")
      .field("temperature", &lmp::SamplingConfig::temperature)
      .field("topK", &lmp::SamplingConfig::top_k)
      .field("topP", &lmp::SamplingConfig::top_p)
      .field("greedy", &lmp::SamplingConfig::greedy);

  value_object<lmp::EvalReport>("EvalReport")
      .field("tokens", &lmp::EvalReport::tokens)
      .field("chars", &lmp::EvalReport::chars)
      .field("nllTotal", &lmp::EvalReport::nll_total)
      .field("nllPerToken", &lmp::EvalReport::nll_per_token)
      .field("ppl", &lmp::EvalReport::ppl)
      .field("bpc", &lmp::EvalReport::bpc)
      .field("unk", &lmp::EvalReport::unk)
      .field("zeroProb", &lmp::EvalReport::zero_prob)
      .field("tokensPerChar", &lmp::EvalReport::tokens_per_char)
      .field("oovRate", &lmp::EvalReport::oov_rate);

  value_object<lmp::TokenPiece>("TokenPiece").field("id", &lmp::TokenPiece::id).field("label", &lmp::TokenPiece::label);
  register_vector<lmp::TokenPiece>("TokenPieceVector");
  value_object<lmp::Tokenization>("Tokenization")
      .field("tokens", &lmp::Tokenization::tokens)
      .field("chars", &lmp::Tokenization::chars)
      .field("pieces", &lmp::Tokenization::pieces)
      .field("unk", &lmp::Tokenization::unk)
      .field("tokensPerChar", &lmp::Tokenization::tokens_per_char)
      .field("oovRate", &lmp::Tokenization::oov_rate)
      .field("lineStartSpace", &lmp::Tokenization::line_start_space);

  value_object<lmp::ModelContext>("ModelContext")
      .field("tokens", &lmp::ModelContext::tokens)
      .field("fromLineStart", &lmp::ModelContext::from_line_start)
      .field("healedPrefix", &lmp::ModelContext::healed_prefix);

  value_object<lmp::SplitText>("SplitText").field("train", &lmp::SplitText::train).field("val", &lmp::SplitText::val);
  function("splitText", &guarded<&lmp::split_text>::call);

  class_<lmp::StandaloneTokenizer>("StandaloneTokenizer")
      .class_function("train", &guarded<&lmp::StandaloneTokenizer::train>::call)
      .function("kind", &guarded<&lmp::StandaloneTokenizer::kind>::call)
      .function("vocabSize", &guarded<&lmp::StandaloneTokenizer::vocab_size>::call)
      .function("canSample", &guarded<&lmp::StandaloneTokenizer::can_sample>::call)
      .function("trainSeconds", &guarded<&lmp::StandaloneTokenizer::train_seconds>::call)
      .function("tokenize", &guarded<&lmp::StandaloneTokenizer::tokenize>::call);

  register_vector<double>("DoubleVector");
  register_vector<std::string>("StringVector");

  value_object<lmp::TrainReport>("TrainReport")
      .field("model", &lmp::TrainReport::model)
      .field("params", &lmp::TrainReport::params)
      .field("steps", &lmp::TrainReport::steps)
      .field("tokensPerS", &lmp::TrainReport::tokens_per_s)
      .field("trainLoss", &lmp::TrainReport::train_loss)
      .field("stopped", &lmp::TrainReport::stopped)
      .field("trainTokens", &lmp::TrainReport::train_tokens)
      .field("valTokens", &lmp::TrainReport::val_tokens)
      .field("hasVal", &lmp::TrainReport::has_val)
      .field("val", &lmp::TrainReport::val)
      .field("valUnseenShare", &lmp::TrainReport::val_unseen_share);

  value_array<std::array<double, 3>>("Discounts").element(emscripten::index<0>()).element(emscripten::index<1>()).element(emscripten::index<2>());
  value_object<lmp::NgramOrderStats>("NgramOrderStats")
      .field("order", &lmp::NgramOrderStats::order)
      .field("distinctNgrams", &lmp::NgramOrderStats::distinct_ngrams)
      .field("discounts", &lmp::NgramOrderStats::discounts)
      .field("discountsFellBack", &lmp::NgramOrderStats::discounts_fell_back);
  register_vector<lmp::NgramOrderStats>("NgramOrderStatsVector");

  value_object<lmp::TokenProbability>("TokenProbability")
      .field("id", &lmp::TokenProbability::id)
      .field("label", &lmp::TokenProbability::label)
      .field("base", &lmp::TokenProbability::base)
      .field("tempered", &lmp::TokenProbability::tempered)
      .field("final", &lmp::TokenProbability::final)
      .field("removedBy", &lmp::TokenProbability::removed_by);
  register_vector<lmp::TokenProbability>("TokenProbabilityVector");

  value_object<lmp::TrainingProgress>("TrainingProgress")
      .field("step", &lmp::TrainingProgress::step)
      .field("totalSteps", &lmp::TrainingProgress::total_steps)
      .field("trainLoss", &lmp::TrainingProgress::train_loss)
      .field("valLoss", &lmp::TrainingProgress::val_loss)
      .field("tokensPerS", &lmp::TrainingProgress::tokens_per_s)
      .field("elapsedS", &lmp::TrainingProgress::elapsed_s)
      .field("finished", &lmp::TrainingProgress::finished)
      .field("stopped", &lmp::TrainingProgress::stopped);

  class_<TrainingSession>("TrainingSession")
      .class_function("start", &guarded<&TrainingSession::start>::call)
      .class_function("startWithVal", &guarded<&TrainingSession::start_with_val>::call)
      .function("run", &guarded_mutable<&TrainingSession::run>::call)
      .function("finished", &guarded<&TrainingSession::finished>::call)
      .function("preview", &guarded<&TrainingSession::preview>::call)
      .function("finish", &guarded_mutable<&TrainingSession::finish>::call);

  value_object<lmp::GenerationCostOptions>("GenerationCostOptions")
      .field("maxContext", &lmp::GenerationCostOptions::max_context)
      .field("tokens", &lmp::GenerationCostOptions::tokens)
      .field("seed", &lmp::GenerationCostOptions::seed);
  value_object<lmp::GenerationCost>("GenerationCost")
      .field("n", &lmp::GenerationCost::n)
      .field("kvUs", &lmp::GenerationCost::kv_us)
      .field("recomputeUs", &lmp::GenerationCost::recompute_us)
      .field("lstmUs", &lmp::GenerationCost::lstm_us);
  register_vector<int>("IntVector");

  class_<GenerationCostMeter>("GenerationCostMeter")
      .class_function("start", &guarded<&GenerationCostMeter::start>::call)
      .function("contexts", &guarded<&GenerationCostMeter::contexts>::call)
      .function("finished", &guarded<&GenerationCostMeter::finished>::call)
      .function("measureNext", &guarded_mutable<&GenerationCostMeter::measure_next>::call);

  class_<TrainedModel>("TrainedModel")
      .class_function("train", &guarded<&lmp::train_model>::call)
      .class_function("trainWithVal", &guarded<&lmp::train_model_with_val>::call)
      .class_function("load", &guarded<&TrainedModel::load>::call)
      .class_function("checkTextSize", &guarded<&TrainedModel::check_text_size>::call)
      .function("save", &save_bytes)
      .function("options", &guarded<&TrainedModel::options>::call)
      .function("report", &guarded<&TrainedModel::report>::call)
      .function("ngramStats", &guarded<&TrainedModel::ngram_stats>::call)
      .function("memoryBytes", &guarded<&TrainedModel::memory_bytes>::call)
      .function("vocabSize", &guarded<&TrainedModel::vocab_size>::call)
      .function("evaluate", &guarded<&TrainedModel::evaluate>::call)
      .function("attention", &attention_maps)
      .function("tokenize", &guarded<&TrainedModel::tokenize>::call)
      .function("sample", &guarded<&TrainedModel::sample>::call)
      .function("nextTokens", &guarded<&TrainedModel::next_tokens>::call)
      .function("context", &guarded<&TrainedModel::context_tokens>::call);
}
