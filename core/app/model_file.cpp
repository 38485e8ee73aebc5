// The model file: a header, then a payload guarded by CRC-32.
//
//   offset 0   "LMPM"                magic: not one of ours otherwise
//          4   u32 format version    refuse files from a newer version
//          8   u64 payload bytes     a shorter file is truncated
//         16   u32 CRC-32 of payload a different sum means damage
//         20   payload: tokenizer kind + tokenizer, model kind + model,
//              training options, training report
//
// All integers little-endian. Saving and loading are the TrainedModel methods
// defined here, next to the layout they follow.
#include "app/trained_model.h"
#include "base/binary_io.h"
#include "base/error.h"
#include "models/neural_model.h"
#include "models/neural_model_kinds.h"
#include "tokenize/kinds/tokenizer_kinds.h"

namespace lmp {

namespace {

constexpr char kMagic[4] = {'L', 'M', 'P', 'M'};
constexpr std::uint32_t kFormatVersion = 3;  // 2: Transformer settings; 3: tokenizer kinds and their options
constexpr std::size_t kHeaderBytes = 20;
constexpr std::uint32_t kNgramModel = 1;
constexpr std::uint32_t kNeuralModel = 2;

void write_options(ByteWriter& out, const TrainOptions& o) {
  out.str(o.model);
  out.str(o.tokenizer);
  out.u32(static_cast<std::uint32_t>(o.order));
  out.str(o.smoothing);
  out.f64(o.k);
  out.f64(o.val_fraction);
  out.str(o.val_split);
  out.u32(o.seed);
  out.u32(static_cast<std::uint32_t>(o.memory_limit_mb));
  out.str(o.mode);
  for (int v : {o.context, o.embed, o.hidden, o.layers, o.seq_len, o.batch, o.steps, o.warmup, o.accumulate, o.eval_every}) {
    out.u32(static_cast<std::uint32_t>(v));
  }
  for (double v : {o.dropout, o.time_budget_s, o.lr, o.weight_decay, o.clip}) out.f64(v);
  out.str(o.optimizer);
  out.u32(static_cast<std::uint32_t>(o.heads));
  out.str(o.positions);
  out.u8(o.causal ? 1 : 0);
  out.u32(static_cast<std::uint32_t>(o.vocab_size));
  out.u8(o.lowercase ? 1 : 0);
  out.f64(o.subword_alpha);
}

TrainOptions read_options(ByteReader& in) {
  TrainOptions o;
  o.model = in.str();
  o.tokenizer = in.str();
  o.order = static_cast<int>(in.u32());
  o.smoothing = in.str();
  o.k = in.f64();
  o.val_fraction = in.f64();
  o.val_split = in.str();
  o.seed = in.u32();
  o.memory_limit_mb = static_cast<int>(in.u32());
  o.mode = in.str();
  for (int* v : {&o.context, &o.embed, &o.hidden, &o.layers, &o.seq_len, &o.batch, &o.steps, &o.warmup, &o.accumulate,
                 &o.eval_every}) {
    *v = static_cast<int>(in.u32());
  }
  for (double* v : {&o.dropout, &o.time_budget_s, &o.lr, &o.weight_decay, &o.clip}) *v = in.f64();
  o.optimizer = in.str();
  o.heads = static_cast<int>(in.u32());
  o.positions = in.str();
  o.causal = in.u8() != 0;
  o.vocab_size = static_cast<int>(in.u32());
  o.lowercase = in.u8() != 0;
  o.subword_alpha = in.f64();
  return o;
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
  if (ngram_) {
    out.u32(kNgramModel);
    ngram_->write(out);
  } else {
    out.u32(kNeuralModel);
    nn::write_neural_model(out, *neural_);
  }
  write_options(out, options_);
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
  if (version != kFormatVersion) {
    throw corrupt_model("the model file has format version " + std::to_string(version) + "; this build reads version " +
                        std::to_string(kFormatVersion) + ", so train the model again");
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
  TrainOptions options = read_options(in);
  try {
    check_text_size(0, options.memory_limit_mb);  // throws for a limit out of range
  } catch (const Error&) {
    throw corrupt_model("the model file is damaged: its memory limit is out of range");
  }
  TrainReport report = read_report(in);
  if (!in.at_end()) throw corrupt_model("the model file is damaged: it has data after its end");
  return std::unique_ptr<TrainedModel>(
      new TrainedModel(std::move(tokenizer), std::move(ngram), std::move(neural), std::move(options), std::move(report)));
}

}  // namespace lmp
