// Tokenizers on a real text, through the interface every model uses
// (train_tokenizer, Tokenizer::encode): training time on the training text,
// encoding throughput, and tokens per character on the validation text
// (pieces only, over characters without newlines, the way SentencePiece's
// figures are counted). bench/tokenizers.js runs this natively and in wasm
// and sets SentencePiece beside it.
//
//   tokenizer_bench --train FILE --val FILE [--kinds bpe,unigram,word,char]
//                   [--vocab 512,4000] [--reps 3] [--json]
//
// Each repetition trains a fresh tokenizer and encodes the whole training
// text once with it, so caches start cold (as a freshly started spm_encode's
// would); times are medians over the repetitions.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_common.h"
#include "text/corpus.h"
#include "tokenize/kinds/tokenizer_kinds.h"
#include "tokenize/tokenizer.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

struct Args {
  std::string train, val;
  std::vector<std::string> kinds = {"bpe", "unigram", "word", "char"};
  std::vector<int> vocabs = {512, 4000};
  int reps = 3;
  bool json = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--json") {
      a.json = true;
    } else if (arg == "--train" && has_value) {
      a.train = argv[++i];
    } else if (arg == "--val" && has_value) {
      a.val = argv[++i];
    } else if (arg == "--kinds" && has_value) {
      a.kinds = split_list(argv[++i]);
    } else if (arg == "--vocab" && has_value) {
      a.vocabs.clear();
      for (const std::string& v : split_list(argv[++i])) a.vocabs.push_back(bench::positive_int("tokenizer_bench", "--vocab", v.c_str()));
    } else if (arg == "--reps" && has_value) {
      a.reps = bench::positive_int("tokenizer_bench", "--reps", argv[++i]);
    } else {
      std::cerr << "tokenizer_bench: unknown or incomplete argument '" << arg << "'\n";
      std::exit(2);
    }
  }
  if (a.train.empty() || a.val.empty()) {
    std::cerr << "usage: tokenizer_bench --train FILE --val FILE [--kinds LIST] [--vocab LIST] [--reps N] [--json]\n";
    std::exit(2);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  const std::string train_bytes = bench::read_file("tokenizer_bench", args.train);
  const std::string val_bytes = bench::read_file("tokenizer_bench", args.val);
  const lmp::Corpus train = lmp::parse_corpus(train_bytes, "the training text", std::size_t{1} << 30);
  const lmp::Corpus val = lmp::parse_corpus(val_bytes, "the validation text", std::size_t{1} << 30);
  double val_chars = 0;
  for (const lmp::Line& line : val.lines) val_chars += static_cast<double>(line.size());
  const double megabytes = static_cast<double>(train_bytes.size()) / 1e6;
  if (!args.json) {
    std::printf("tokenizers, %s build: trained on %s (%.2f MB), tokens per character on %s (%.0f characters)\n",
                bench::kBuild, args.train.c_str(), megabytes, args.val.c_str(), val_chars);
    std::printf("%-8s %6s %7s %10s %10s %12s %12s\n", "kind", "vocab", "size", "val tokens", "tok/char", "train s",
                "encode MB/s");
  }
  for (const std::string& kind : args.kinds) {
    for (int vocab : args.vocabs) {
      if (kind == "char" && vocab != args.vocabs.front()) continue;  // one vocabulary: the text's characters
      lmp::TokenizerOptions options;
      options.kind = *lmp::enum_from_name<lmp::TokenizerKind>(kind, lmp::kTokenizerKindNames);
      options.vocab_size = kind == "char" ? 0 : vocab;
      std::vector<double> train_s, encode_s;
      double val_tokens = 0;
      int size = 0;
      for (int rep = 0; rep < args.reps; ++rep) {
        Clock::time_point start = Clock::now();
        const auto tokenizer = lmp::train_tokenizer(options, train);
        train_s.push_back(seconds_since(start));
        start = Clock::now();
        double pieces = 0;
        for (const lmp::Line& line : train.lines) pieces += static_cast<double>(tokenizer->encode(line).size());
        encode_s.push_back(seconds_since(start));
        if (pieces < 0) std::printf("?");  // keeps the encoding from being optimized away
        val_tokens = 0;
        for (const lmp::Line& line : val.lines) val_tokens += static_cast<double>(tokenizer->encode(line).size());
        size = tokenizer->vocab_size();
      }
      const double mbps = megabytes / median(encode_s);
      if (args.json) {
        std::printf("{\"build\":\"%s\",\"kind\":\"%s\",\"vocab\":%d,\"size\":%d,\"val_tokens\":%.0f,\"val_chars\":%.0f,"
                    "\"tokens_per_char\":%.6f,\"train_s\":%.4f,\"encode_mb_s\":%.2f}\n",
                    bench::kBuild, kind.c_str(), options.vocab_size, size, val_tokens, val_chars, val_tokens / val_chars,
                    median(train_s), mbps);
      } else {
        std::printf("%-8s %6d %7d %10.0f %10.4f %12.3f %12.1f\n", kind.c_str(), options.vocab_size, size, val_tokens,
                    val_tokens / val_chars, median(train_s), mbps);
      }
      std::fflush(stdout);
    }
  }
  return 0;
}
