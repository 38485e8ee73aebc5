// The model file (TrainedModel::save / load): a round trip keeps everything;
// truncation, damage, a foreign file or a newer version are refused with
// kCorruptModel, never a crash.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "app/train_options.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/binary_io.h"
#include "ngram/ngram_model.h"
#include "test_helpers.h"

namespace {

using lmp::TrainedModel;
using lmp::train_model;
using lmp_test::ThrowsLmpError;

constexpr std::size_t kHeaderBytes = 20;

std::unique_ptr<TrainedModel> small_model(int order, const std::string& smoothing) {
  lmp::TrainOptions options;
  options.order = order;
  options.smoothing = lmp_test::named<lmp::Smoothing>(smoothing, lmp::kSmoothingNames);
  options.k = 0.25;
  options.val_split = lmp::ValSplit::kInterleaved;
  options.seed = 77;
  options.memory_limit_mb = 64;
  return train_model(lmp_test::small_text(), options);
}

void expect_same_report(const lmp::TrainReport& a, const lmp::TrainReport& b) {
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.params, b.params);
  EXPECT_EQ(a.train_tokens, b.train_tokens);
  EXPECT_EQ(a.val_tokens, b.val_tokens);
  EXPECT_EQ(a.has_val, b.has_val);
  EXPECT_EQ(a.val.tokens, b.val.tokens);
  EXPECT_EQ(a.val.chars, b.val.chars);
  EXPECT_EQ(a.val.nll_total, b.val.nll_total);
  EXPECT_EQ(a.val.nll_per_token, b.val.nll_per_token);
  EXPECT_EQ(a.val.ppl, b.val.ppl);
  EXPECT_EQ(a.val.bpc, b.val.bpc);
  EXPECT_EQ(a.val.unk, b.val.unk);
  EXPECT_EQ(a.val.zero_prob, b.val.zero_prob);
  EXPECT_EQ(a.val_unseen_share, b.val_unseen_share);
}

void expect_same_options(const lmp::TrainOptions& a, const lmp::TrainOptions& b) {
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.tokenizer, b.tokenizer);
  EXPECT_EQ(a.order, b.order);
  EXPECT_EQ(a.smoothing, b.smoothing);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(a.val_fraction, b.val_fraction);
  EXPECT_EQ(a.val_split, b.val_split);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.memory_limit_mb, b.memory_limit_mb);
}

const std::vector<std::string>& prompts() {
  static const std::vector<std::string> list = {"", "a", "em", "the c", "zq€中", "中文", "x\nel"};
  return list;
}

TEST(ModelFile, RoundTripKeepsEverything) {
  for (const std::string smoothing : {"kn", "addk", "none"}) {
    for (int order : {1, 3, 5}) {
      SCOPED_TRACE(smoothing + " order " + std::to_string(order));
      const auto model = small_model(order, smoothing);
      const std::string bytes = model->save();
      const auto loaded = TrainedModel::load(bytes);
      ASSERT_NE(loaded, nullptr);
      expect_same_report(model->report(), loaded->report());
      expect_same_options(model->options(), loaded->options());
      EXPECT_EQ(model->vocab_size(), loaded->vocab_size());
      EXPECT_EQ(loaded->save(), bytes) << "saving the loaded model gives other bytes";

      const auto stats_a = model->ngram_stats();
      const auto stats_b = loaded->ngram_stats();
      ASSERT_EQ(stats_a.size(), stats_b.size());
      for (std::size_t n = 0; n < stats_a.size(); ++n) {
        EXPECT_EQ(stats_a[n].distinct_ngrams, stats_b[n].distinct_ngrams);
        EXPECT_EQ(stats_a[n].discounts, stats_b[n].discounts);
      }
      lmp::SamplingConfig sampling;
      sampling.temperature = 0.8;
      sampling.top_k = 10;
      for (const std::string& prompt : prompts()) {
        const auto a = model->next_tokens(prompt, sampling, 0);
        const auto b = loaded->next_tokens(prompt, sampling, 0);
        ASSERT_EQ(a.size(), b.size()) << "prompt " << prompt;
        for (std::size_t i = 0; i < a.size(); ++i) {
          EXPECT_EQ(a[i].id, b[i].id);
          EXPECT_EQ(a[i].label, b[i].label);
          EXPECT_EQ(a[i].base, b[i].base) << "prompt " << prompt << " token " << a[i].label;
          EXPECT_EQ(a[i].final, b[i].final);
        }
        EXPECT_EQ(model->sample(prompt, sampling, 30, 5, 4), loaded->sample(prompt, sampling, 30, 5, 4));
      }
      EXPECT_EQ(model->evaluate("emma\nliam\n").nll_total, loaded->evaluate("emma\nliam\n").nll_total);
    }
  }
}

TEST(ModelFile, EveryTruncationIsRefused) {
  const std::string bytes = small_model(3, "kn")->save();
  ASSERT_GT(bytes.size(), kHeaderBytes);
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    ASSERT_TRUE(ThrowsLmpError([&] { TrainedModel::load(bytes.substr(0, length)); }, lmp::ErrorKind::kCorruptModel))
        << "prefix of " << length << " of " << bytes.size() << " bytes";
  }
  EXPECT_TRUE(ThrowsLmpError([&] { TrainedModel::load(bytes + '\0'); }, lmp::ErrorKind::kCorruptModel, {"padded"}));
}

// The header made to match a (damaged) payload, so that the payload parser
// itself meets the damage instead of the size or checksum check.
std::string with_matching_header(std::string bytes) {
  lmp::ByteWriter header;
  header.u64(bytes.size() - kHeaderBytes);
  header.u32(lmp::crc32(bytes, kHeaderBytes));
  bytes.replace(8, 12, header.bytes());
  return bytes;
}

TEST(ModelFile, TruncationInsideThePayloadIsFoundByTheParser) {
  for (const std::string smoothing : {"kn", "addk"}) {
    const std::string bytes = small_model(4, smoothing)->save();
    for (std::size_t length = kHeaderBytes; length < bytes.size(); ++length) {
      const std::string truncated = with_matching_header(bytes.substr(0, length));
      ASSERT_TRUE(ThrowsLmpError([&] { TrainedModel::load(truncated); }, lmp::ErrorKind::kCorruptModel))
          << smoothing << ": payload cut to " << length - kHeaderBytes << " of " << bytes.size() - kHeaderBytes
          << " bytes";
    }
  }
}

TEST(ModelFile, EverySingleByteChangeIsCaught) {
  const std::string bytes = small_model(3, "kn")->save();
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (unsigned char flip : {0x01, 0x80, 0xFF}) {
      std::string damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ flip);
      ASSERT_TRUE(ThrowsLmpError([&] { TrainedModel::load(damaged); }, lmp::ErrorKind::kCorruptModel))
          << "byte " << at << " of " << bytes.size() << " xor " << int(flip);
    }
  }
  // In the payload it is the checksum that notices.
  std::string damaged = bytes;
  damaged[bytes.size() / 2] ^= 0x10;
  EXPECT_TRUE(ThrowsLmpError([&] { TrainedModel::load(damaged); }, lmp::ErrorKind::kCorruptModel, {"checksum"}));
}

TEST(ModelFile, ForeignFilesAndOtherVersions) {
  const std::string bytes = small_model(2, "kn")->save();
  ASSERT_EQ(bytes.substr(0, 4), "LMPM");
  for (const std::string& foreign : {std::string(), std::string("LMP"), std::string("GIF89a...."),
                                    "lmpm" + bytes.substr(4), std::string("{\"model\": \"ngram\"}")}) {
    EXPECT_TRUE(ThrowsLmpError([&] { TrainedModel::load(foreign); }, lmp::ErrorKind::kCorruptModel,
                               {"not an LM Playground model"}))
        << foreign.size() << " bytes";
  }
  for (std::uint32_t version : {0u, 1u, 2u, 5u, 77u}) {
    std::string other = bytes;
    lmp::ByteWriter v;
    v.u32(version);
    other.replace(4, 4, v.bytes());
    EXPECT_TRUE(ThrowsLmpError([&] { TrainedModel::load(other); }, lmp::ErrorKind::kCorruptModel,
                               {"version " + std::to_string(version)}));
  }
}

// Damage that keeps the checksum valid (a file written by a buggy or hostile
// program): the loader must refuse it as a corrupt model or load it, never
// crash and never report another kind of error.
TEST(ModelFile, DamageBehindAValidChecksumIsReportedAsCorrupt) {
  for (const std::string smoothing : {"kn", "addk"}) {
    const std::string bytes = small_model(3, smoothing)->save();
    std::vector<std::string> problems;
    for (std::size_t at = kHeaderBytes; at < bytes.size(); ++at) {
      for (unsigned char flip : {0x01, 0x40, 0xFF}) {
        std::string damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ flip);
        try {
          TrainedModel::load(with_matching_header(damaged));
        } catch (const lmp::Error& e) {
          if (e.kind() != lmp::ErrorKind::kCorruptModel) {
            problems.push_back("byte " + std::to_string(at) + " xor " + std::to_string(flip) + ": " +
                               lmp_test::kind_name(e.kind()) + " \"" + e.what() + "\"");
          }
        }
      }
    }
    std::string first;
    for (std::size_t i = 0; i < problems.size() && i < 5; ++i) first += "\n  " + problems[i];
    EXPECT_TRUE(problems.empty()) << smoothing << ": " << problems.size() << " damaged files misreported:" << first;
  }
}

// The same for the n-gram tables alone: damaged tables that still load must
// give normalized distributions (no NaN, no division by an empty context).
TEST(ModelFile, DamagedNgramTablesAreRefusedOrStillNormalized) {
  constexpr int kVocab = 8;
  const std::vector<lmp_test::TokenLine> lines = lmp_test::random_lines(3, 12, 5, 6);
  const std::vector<lmp_test::TokenLine> contexts = {{2}, {2, 3}, {2, 4, 5}, {2, 6, 7, 3}, {2, 0}};
  for (lmp::Smoothing smoothing : {lmp::Smoothing::kKneserNey, lmp::Smoothing::kAddK, lmp::Smoothing::kNone}) {
    lmp::NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
    config.order = 3;
    config.smoothing = smoothing;
    const lmp::NgramModel model = lmp::NgramModel::train(lines, kVocab, config, std::size_t{1} << 30);
    lmp::ByteWriter out;
    model.write(out);
    const std::string bytes = out.bytes();
    std::vector<std::string> problems;
    for (std::size_t at = 0; at < bytes.size(); ++at) {
      for (unsigned char flip : {0x01, 0x02, 0x80, 0xFF}) {
        std::string damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ flip);
        const std::string where = "byte " + std::to_string(at) + " xor " + std::to_string(flip) + ": ";
        try {
          lmp::ByteReader in(damaged, 0, damaged.size());
          const lmp::NgramModel loaded = lmp::NgramModel::read(in, kVocab);
          std::vector<double> logprobs;
          for (const auto& context : contexts) {
            loaded.next_token_logprobs(context, logprobs);
            double sum = 0;
            for (double lp : logprobs) sum += std::exp(lp);
            if (!(std::fabs(sum - 1.0) < 1e-9)) {
              problems.push_back(where + "loads, but p(. | " + lmp_test::describe(context) + ") sums to " +
                                 std::to_string(sum));
              break;
            }
          }
        } catch (const lmp::Error& e) {
          if (e.kind() != lmp::ErrorKind::kCorruptModel) {
            problems.push_back(where + lmp_test::kind_name(e.kind()) + " \"" + e.what() + "\"");
          }
        }
      }
    }
    std::string first;
    for (std::size_t i = 0; i < problems.size() && i < 5; ++i) first += "\n  " + problems[i];
    EXPECT_TRUE(problems.empty()) << lmp::to_string(smoothing) << ": " << problems.size()
                                  << " damaged tables misread:" << first;
  }
}

// Offset of the add-k constant in a saved file: header, tokenizer kind, character
// count and characters, the options (a count, then each key and value as a
// length and bytes), model kind, order, smoothing.
std::size_t k_offset(const TrainedModel& model) {
  std::size_t options = 4;
  for (const lmp::OptionSetting& s : lmp::settings_of(model.options())) options += 4 + s.key.size() + 4 + s.value.size();
  return kHeaderBytes + 4 + 4 + 4 * static_cast<std::size_t>(model.vocab_size() - 3) + options + 4 + 4 + 4;
}

TEST(ModelFile, BadAddKConstantInAFileIsACorruptModel) {
  const auto model = small_model(3, "addk");
  const std::string bytes = model->save();
  const std::size_t at = k_offset(*model);
  ASSERT_EQ(lmp::ByteReader(bytes, at, at + 8).f64(), 0.25) << "the layout changed: k is not at " << at;
  for (double k : {0.0, -1.0, 1e9, std::numeric_limits<double>::quiet_NaN()}) {
    lmp::ByteWriter value;
    value.f64(k);
    std::string damaged = bytes;
    damaged.replace(at, 8, value.bytes());
    EXPECT_TRUE(ThrowsLmpError([&] { TrainedModel::load(with_matching_header(damaged)); }, lmp::ErrorKind::kCorruptModel))
        << "k = " << k;
  }
}

// N-gram tables the trainer can never write, with a valid layout: a context
// without any n-gram after it, or without any left extension of its n-grams
// (Kneser-Ney counts all 0), or no n-grams at all. Reading must refuse them
// (or give a normalized distribution); dividing by an empty total gives NaN.
TEST(ModelFile, NgramTablesWithEmptyContextsAreRefused) {
  struct Event {
    std::uint32_t context, token, count;
  };
  struct Row {
    const char* why;
    lmp::Smoothing smoothing;
    int order;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> contexts;  // (parent, token)
    std::vector<Event> events;
  };
  const std::vector<Row> table = {
      {"kn: context <unk> whose n-gram has no left extension", lmp::Smoothing::kKneserNey, 3, {{0, 0}},
       {{0, 3, 1}, {1, 3, 1}}},
      {"kn: no n-grams at all", lmp::Smoothing::kKneserNey, 2, {}, {}},
      {"none: no n-grams at all", lmp::Smoothing::kNone, 2, {}, {}},
      {"none: context 'a' with no n-gram after it", lmp::Smoothing::kNone, 2, {{0, 3}}, {{0, 3, 1}, {0, 1, 1}}},
      {"kn: context 'a' with no n-gram after it", lmp::Smoothing::kKneserNey, 2, {{0, 3}}, {{0, 3, 1}, {0, 1, 1}}},
  };
  constexpr int kVocab = 5;
  for (const Row& row : table) {
    SCOPED_TRACE(row.why);
    lmp::ByteWriter out;
    out.u32(static_cast<std::uint32_t>(row.order));
    out.u32(static_cast<std::uint32_t>(row.smoothing));
    out.f64(1.0);
    out.u32(static_cast<std::uint32_t>(row.contexts.size()));
    for (const auto& [parent, token] : row.contexts) {
      out.u32(parent);
      out.u32(token);
    }
    out.u64(row.events.size());
    for (const Event& e : row.events) {
      out.u32(e.context);
      out.u32(e.token);
      out.u32(e.count);
    }
    try {
      lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
      const lmp::NgramModel model = lmp::NgramModel::read(in, kVocab);
      for (const lmp_test::TokenLine& context : {lmp_test::TokenLine{2}, lmp_test::TokenLine{2, 0},
                                                 lmp_test::TokenLine{2, 3}}) {
        std::vector<double> logprobs;
        model.next_token_logprobs(context, logprobs);
        double sum = 0;
        for (double lp : logprobs) sum += std::exp(lp);
        EXPECT_NEAR(sum, 1.0, 1e-9) << "loaded, and p(. | " << lmp_test::describe(context) << ") sums to " << sum;
      }
    } catch (const lmp::Error& e) {
      EXPECT_EQ(e.kind(), lmp::ErrorKind::kCorruptModel) << e.what();
    }
  }
}

}  // namespace
