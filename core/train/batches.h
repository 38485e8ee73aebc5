// Training data as batches of token windows, time-major: inputs (T, B) and
// targets (T, B) flattened as t*B + b; a target of -1 is padding and never
// counts in the loss or the metrics.
//
//   line mode:   each row is one line, <bos> c1 .. cL -> c1 .. cL <eol>,
//                lines drawn at random, padded to the longest in the batch;
//                a line longer than T contributes a random window of it.
//                A batch's lines have about the same length (one is drawn
//                from all lines, the others from its length bucket), so
//                little of a step is spent on padding, while every row of
//                every batch is still a uniformly random line.
//   stream mode: the text is one stream in which the newline is a token; row b
//                reads its own contiguous stretch, window after window, so the
//                hidden state can be carried from one window to the next.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "base/rng.h"
#include "tokenize/tokenizer.h"

namespace lmp::nn {

struct Batch {
  int time = 0;
  int batch = 0;
  std::vector<TokenId> inputs;        // (T*B)
  std::vector<std::int32_t> targets;  // (T*B), -1 = padding
  double real_tokens() const;
};

// Tokens of training line `line` drawn anew (subword sampling): <bos> ... <eol>.
using LineSampler = std::function<std::vector<TokenId>(int line, Rng& rng)>;

class LineBatcher {
 public:
  // lines: each <bos> ... <eol>. Buckets hold lines of one length, or of
  // neighbouring lengths where fewer than bucket_lines share one (0: one
  // bucket, lines of any length mixed).
  LineBatcher(std::vector<std::vector<TokenId>> lines, int max_time, int bucket_lines = 0);
  // With a sampler, each row's line is segmented anew by it; buckets still
  // follow the lengths given here, so a batch's rows stay about as long.
  Batch random(int batch, Rng& rng, const LineSampler& sampler = nullptr) const;
  // All lines, in order, `batch` rows at a time, every target counted once, for
  // exact evaluation. window 0: whole lines. window W (a model that sees at
  // most W tokens): a longer line becomes rows of W tokens, each starting W/2
  // after the one before and counting only the targets the one before did
  // not reach, so every prediction has at least W/2 tokens of context.
  std::vector<Batch> all(int batch, int window = 0) const;

 private:
  // starts[r]: where row r's window begins in its line; counted_from[r]: the
  // first of its targets that counts (earlier ones are -1).
  Batch assemble(const std::vector<const std::vector<TokenId>*>& rows, const std::vector<int>& starts, int time,
                 const std::vector<int>& counted_from = {}) const;
  std::vector<std::vector<TokenId>> lines_;
  int max_time_;
  std::vector<std::vector<int>> buckets_;  // line indices
  std::vector<int> bucket_of_;             // per line
};

class StreamBatcher {
 public:
  StreamBatcher(std::vector<TokenId> stream, int time, int batch);
  // The next window of every row; wraps to the start (and reports it) at the end.
  Batch next(bool* wrapped = nullptr);
  int windows_per_pass() const { return windows_; }

 private:
  std::vector<TokenId> stream_;
  int time_;
  int batch_;
  std::int64_t row_length_;
  int windows_;
  int cursor_ = 0;
};

}  // namespace lmp::nn
