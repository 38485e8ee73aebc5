// The model file: a header, then a payload guarded by CRC-32.
//
//   offset 0   "LMPM"                magic: not one of ours otherwise
//          4   u32 format version    refuse files from a newer version
//          8   u64 payload bytes     a shorter file is truncated
//         16   u32 CRC-32 of payload a different sum means damage
//         20   payload: tokenizer kind + tokenizer; the training options (a
//              count, then key and value strings, every option of the table);
//              model kind + model; the training report
//
// Format 3, still read, had the options after the model in a fixed order
// without keys. All integers little-endian. Saving and loading are the
// TrainedModel methods defined here, next to the layout they follow.
#include <cstdio>

#include "app/option_table.h"
#include "app/trained_model.h"
#include "base/binary_io.h"
#include "base/error.h"
#include "models/neural_model.h"
#include "models/neural_model_kinds.h"
#include "tokenize/kinds/tokenizer_kinds.h"

namespace lmp {

namespace {

constexpr char kMagic[4] = {'L', 'M', 'P', 'M'};
// 2: Transformer settings; 3: tokenizer kinds and their options; 4: options as
// (key, value) text from the option table, before the model.
constexpr std::uint32_t kFormatVersion = 4;
constexpr std::uint32_t kOldestReadable = 3;
constexpr std::size_t kHeaderBytes = 20;
constexpr std::uint32_t kNgramModel = 1;
constexpr std::uint32_t kNeuralModel = 2;

// Format 4: every training option of the table as (key, value) text, so a
// file names what it holds and a new option needs no new layout.
void write_options(ByteWriter& out, const TrainOptions& options) {
  const std::vector<OptionSetting> settings = settings_of(options);
  out.u32(static_cast<std::uint32_t>(settings.size()));
  for (const OptionSetting& s : settings) {
    out.str(s.key);
    out.str(s.value);
  }
}

TrainOptions read_options(ByteReader& in) {
  const std::uint32_t count = in.u32();
  in.expect_items(count, 8);
  std::vector<OptionSetting> settings(count);
  for (OptionSetting& s : settings) {
    s.key = in.str();
    s.value = in.str();
  }
  try {
    return train_options_from(settings);
  } catch (const Error& e) {
    throw corrupt_model(std::string("the model file is damaged: its training options do not read (") + e.what() + ")");
  }
}

// Format 3 (files written before the option table): the options in a fixed
// order, strings for the enums, the Transformer's window stored as seq_len.
TrainOptions read_options_v3(ByteReader& in) {
  std::vector<OptionSetting> s;
  const auto text = [&](const char* key) { s.push_back({key, in.str()}); };
  const auto whole = [&](const char* key) { s.push_back({key, std::to_string(in.u32())}); };
  const auto number = [&](const char* key) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%.17g", in.f64());
    s.push_back({key, digits});
  };
  const auto flag = [&](const char* key) { s.push_back({key, in.u8() != 0 ? "true" : "false"}); };
  text("model");
  text("tokenizer");
  whole("order");
  text("smoothing");
  number("k");
  number("valFraction");
  text("valSplit");
  whole("seed");
  whole("memoryLimitMb");
  text("mode");
  for (const char* key : {"context", "embed", "hidden", "layers", "seqLen", "batch", "steps", "warmup", "accumulate",
                          "evalEvery"}) {
    whole(key);
  }
  for (const char* key : {"dropout", "timeBudget", "lr", "weightDecay", "clip"}) number(key);
  text("optimizer");
  whole("heads");
  text("positions");
  flag("causal");
  whole("vocabSize");
  flag("lowercase");
  number("subwordAlpha");
  // Format 3 kept every field whatever the model; the Transformer read its
  // window from seq_len, and the fields a model did not use held defaults
  // of the time, which today's table may not share: keep what applies.
  const bool transformer = s[0].value == "transformer";
  TrainOptions options;
  try {
    options = train_options_from({s[0], s[1]});
  } catch (const Error& e) {
    throw corrupt_model(std::string("the model file is damaged: its training options do not read (") + e.what() + ")");
  }
  for (const OptionSetting& setting : s) {
    const std::string key = transformer && setting.key == "seqLen" ? "context" : setting.key;
    if (transformer && setting.key == "context") continue;
    const OptionSpec* spec = find_option(key);
    if (!spec->applies_to(options.model, options.tokenizer)) continue;
    try {
      spec->set_train(options, parse_option_value(*spec, setting.value));
    } catch (const Error&) {
      // A value today's range no longer allows: the default stands in. The
      // options are the file's record; the network is read from its section.
    }
  }
  try {
    validate(options);
  } catch (const Error& e) {
    throw corrupt_model(std::string("the model file is damaged: ") + e.what());
  }
  return options;
}

void write_eval(ByteWriter& out, const EvalReport& r) {
  for (double v : {r.tokens, r.chars, r.nll_total, r.nll_per_token, r.ppl, r.bpc, r.unk, r.zero_prob, r.tokens_per_char,
                   r.oov_rate}) {
    out.f64(v);
  }
}

EvalReport read_eval(ByteReader& in) {
  EvalReport r;
  for (double* v : {&r.tokens, &r.chars, &r.nll_total, &r.nll_per_token, &r.ppl, &r.bpc, &r.unk, &r.zero_prob,
                    &r.tokens_per_char, &r.oov_rate}) {
    *v = in.f64();
  }
  return r;
}

void write_report(ByteWriter& out, const TrainReport& r) {
  out.str(r.model);
  out.f64(r.params);
  out.f64(r.steps);
  out.f64(r.tokens_per_s);
  out.f64(r.train_loss);
  out.str(r.stopped);
  out.f64(r.train_tokens);
  out.f64(r.val_tokens);
  out.u8(r.has_val ? 1 : 0);
  write_eval(out, r.val);
  out.u32(static_cast<std::uint32_t>(r.val_unseen_share.size()));
  for (double share : r.val_unseen_share) out.f64(share);
}

TrainReport read_report(ByteReader& in) {
  TrainReport r;
  r.model = in.str();
  r.params = in.f64();
  r.steps = in.f64();
  r.tokens_per_s = in.f64();
  r.train_loss = in.f64();
  r.stopped = in.str();
  r.train_tokens = in.f64();
  r.val_tokens = in.f64();
  r.has_val = in.u8() != 0;
  r.val = read_eval(in);
  const std::uint32_t orders = in.u32();
  in.expect_items(orders, 8);
  for (std::uint32_t i = 0; i < orders; ++i) r.val_unseen_share.push_back(in.f64());
  return r;
}

std::uint64_t read_u64_at(const std::string& bytes, std::size_t offset) {
  ByteReader reader(bytes, offset, offset + 8);
  return reader.u64();
}

}  // namespace

std::string TrainedModel::save() const {
  ByteWriter out;
  out.bytes().append(kMagic, 4);
  out.u32(kFormatVersion);
  out.u64(0);  // payload size, filled in below
  out.u32(0);  // checksum, filled in below
  write_tokenizer(*tokenizer_, out);
  write_options(out, options_);
  if (ngram_) {
    out.u32(kNgramModel);
    ngram_->write(out);
  } else {
    out.u32(kNeuralModel);
    nn::write_neural_model(out, *neural_);
  }
  write_report(out, report_);

  std::string& bytes = out.bytes();
  ByteWriter header;
  header.u64(bytes.size() - kHeaderBytes);
  header.u32(crc32(bytes, kHeaderBytes));
  bytes.replace(8, 12, header.bytes());
  return bytes;
}

std::unique_ptr<TrainedModel> TrainedModel::load(const std::string& bytes) {
  if (bytes.size() < 4 || bytes.compare(0, 4, kMagic, 4) != 0) {
    throw corrupt_model("this is not an LM Playground model file (it does not start with LMPM)");
  }
  if (bytes.size() < kHeaderBytes) throw corrupt_model("the model file is truncated (its header is incomplete)");
  ByteReader header(bytes, 4, kHeaderBytes);
  const std::uint32_t version = header.u32();
  if (version < kOldestReadable || version > kFormatVersion) {
    throw corrupt_model("the model file has format version " + std::to_string(version) + "; this build reads versions " +
                        std::to_string(kOldestReadable) + " to " + std::to_string(kFormatVersion) +
                        (version > kFormatVersion ? ": it comes from a newer release, so update LM Playground"
                                                  : ", so train the model again"));
  }
  const std::uint64_t payload = read_u64_at(bytes, 8);
  if (payload != bytes.size() - kHeaderBytes) {
    throw corrupt_model("the model file is truncated or padded: it should hold " + std::to_string(payload + kHeaderBytes) +
                        " bytes but holds " + std::to_string(bytes.size()));
  }
  ByteReader stored_checksum(bytes, 16, kHeaderBytes);
  if (stored_checksum.u32() != crc32(bytes, kHeaderBytes)) {
    throw corrupt_model("the model file is damaged (its checksum does not match); train the model again");
  }

  ByteReader in(bytes, kHeaderBytes, bytes.size());
  std::shared_ptr<const Tokenizer> tokenizer = read_tokenizer(in);
  TrainOptions options = version >= 4 ? read_options(in) : TrainOptions();
  const std::uint32_t kind = in.u32();
  std::unique_ptr<NgramModel> ngram;
  std::unique_ptr<nn::NeuralModel> neural;
  if (kind == kNgramModel) {
    ngram = std::make_unique<NgramModel>(NgramModel::read(in, tokenizer->vocab_size()));
  } else if (kind == kNeuralModel) {
    neural = nn::read_neural_model(in, tokenizer->vocab_size());
  } else {
    throw corrupt_model("the model file holds a model this build does not know");
  }
  if (version == 3) options = read_options_v3(in);
  TrainReport report = read_report(in);
  if (!in.at_end()) throw corrupt_model("the model file is damaged: it has data after its end");
  return std::unique_ptr<TrainedModel>(
      new TrainedModel(std::move(tokenizer), std::move(ngram), std::move(neural), std::move(options), std::move(report)));
}

}  // namespace lmp
