// Embind registration of the core's TrainedModel, TrainingSession and
// GenerationCostMeter surfaces, and nothing else.
// The friendly JS API (web/lib/lmp.js) wraps these and owns lifetimes.
//
// The one piece of glue: every entry point is wrapped by `guarded`, which turns
// a C++ exception into a JS LmpError carrying the core's kind and message
// (bad_alloc becomes a resource-limit error), so the page and the CLI can act
// on the kind and show the message.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <new>

#include "app/generation_cost.h"
#include "app/option_table.h"
#include "app/tokenization.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/error.h"

using namespace emscripten;
using lmp::GenerationCostMeter;
using lmp::TrainedModel;
using lmp::TrainingSession;

namespace {

// web/lib/lmp.js puts its LmpError class on the module before any call.
[[noreturn]] void throw_js_error(const char* kind, const std::string& message) {
  val::module_property("LmpError").new_(val(kind), val(message)).throw_();
}

template <typename Call>
decltype(auto) rethrow_as_js(Call&& call) {
  try {
    return call();
  } catch (const lmp::Error& e) {
    throw_js_error(lmp::error_kind_name(e.kind()), e.what());
  } catch (const std::bad_alloc&) {
    throw_js_error(lmp::error_kind_name(lmp::ErrorKind::kResourceLimit),
                   "out of memory: the module could not allocate more; lower the n-gram order or use a smaller text");
  } catch (const std::exception& e) {
    throw_js_error(lmp::error_kind_name(lmp::ErrorKind::kInternal), e.what());
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
  // Options cross as text settings; the core parses and checks them against
  // its option table and hands back opaque TrainOptions / SampleOptions.
  value_object<lmp::OptionSetting>("OptionSetting")
      .field("key", &lmp::OptionSetting::key)
      .field("value", &lmp::OptionSetting::value);
  register_vector<lmp::OptionSetting>("OptionSettingVector");
  class_<lmp::TrainOptions>("TrainOptions");
  class_<lmp::SampleOptions>("SampleOptions");
  function("trainOptionsFrom", &guarded<&lmp::train_options_from>::call);
  function("sampleOptionsFrom", &guarded<&lmp::sample_options_from>::call);
  function("settingsOf", &guarded<&lmp::settings_of>::call);

  value_object<lmp::OptionModelDefault>("OptionModelDefault")
      .field("model", &lmp::OptionModelDefault::model)
      .field("value", &lmp::OptionModelDefault::value);
  register_vector<lmp::OptionModelDefault>("OptionModelDefaultVector");
  value_object<lmp::OptionAliasInfo>("OptionAliasInfo")
      .field("name", &lmp::OptionAliasInfo::name)
      .field("models", &lmp::OptionAliasInfo::models);
  register_vector<lmp::OptionAliasInfo>("OptionAliasInfoVector");
  value_object<lmp::OptionInfo>("OptionInfo")
      .field("key", &lmp::OptionInfo::key)
      .field("group", &lmp::OptionInfo::group)
      .field("type", &lmp::OptionInfo::type)
      .field("defaultValue", &lmp::OptionInfo::default_value)
      .field("modelDefaults", &lmp::OptionInfo::model_defaults)
      .field("min", &lmp::OptionInfo::min)
      .field("max", &lmp::OptionInfo::max)
      .field("aboveMin", &lmp::OptionInfo::above_min)
      .field("step", &lmp::OptionInfo::step)
      .field("choices", &lmp::OptionInfo::choices)
      .field("models", &lmp::OptionInfo::models)
      .field("tokenizers", &lmp::OptionInfo::tokenizers)
      .field("aliases", &lmp::OptionInfo::aliases)
      .field("allowed", &lmp::OptionInfo::allowed)
      .field("label", &lmp::OptionInfo::label)
      .field("help", &lmp::OptionInfo::help);
  register_vector<lmp::OptionInfo>("OptionInfoVector");
  function("optionTable", &guarded<&lmp::option_infos>::call);

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

  value_object<lmp::ExposureStep>("ExposureStep")
      .field("truth", &lmp::ExposureStep::truth)
      .field("truthLabel", &lmp::ExposureStep::truth_label)
      .field("own", &lmp::ExposureStep::own)
      .field("ownLabel", &lmp::ExposureStep::own_label)
      .field("forcedNll", &lmp::ExposureStep::forced_nll)
      .field("ownNll", &lmp::ExposureStep::own_nll)
      .field("drawn", &lmp::ExposureStep::drawn);
  register_vector<lmp::ExposureStep>("ExposureStepVector");
  value_object<lmp::ExposureReport>("ExposureReport")
      .field("line", &lmp::ExposureReport::line)
      .field("text", &lmp::ExposureReport::text)
      .field("ownText", &lmp::ExposureReport::own_text)
      .field("prompt", &lmp::ExposureReport::prompt)
      .field("steps", &lmp::ExposureReport::steps)
      .field("chars", &lmp::ExposureReport::chars)
      .field("forcedNllPerToken", &lmp::ExposureReport::forced_nll_per_token)
      .field("ownNllPerToken", &lmp::ExposureReport::own_nll_per_token)
      .field("forcedBpc", &lmp::ExposureReport::forced_bpc)
      .field("ownBpc", &lmp::ExposureReport::own_bpc);
  register_vector<lmp::ExposureReport>("ExposureReportVector");

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
      .function("preview", &guarded<static_cast<std::vector<std::string> (TrainingSession::*)(const lmp::SampleOptions&)
                                                    const>(&TrainingSession::preview)>::call)
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
      .function("sample", &guarded<static_cast<std::vector<std::string> (TrainedModel::*)(const lmp::SampleOptions&) const>(
                              &TrainedModel::sample)>::call)
      .function("nextTokens",
                &guarded<static_cast<std::vector<lmp::TokenProbability> (TrainedModel::*)(const lmp::SampleOptions&, int)
                                         const>(&TrainedModel::next_tokens)>::call)
      .function("context", &guarded<&TrainedModel::context_tokens>::call)
      .function("exposure",
                &guarded<static_cast<std::vector<lmp::ExposureReport> (TrainedModel::*)(
                             const std::string&, const lmp::SampleOptions&, int) const>(&TrainedModel::exposure)>::call);
}
