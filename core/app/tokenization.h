// A text cut into tokens for people to look at (the CLI's `lmp tokenize`,
// the page's tokenizer panel), with the figures that make tokenizers
// comparable: pieces per character (compression) and the share of pieces the
// vocabulary did not know (<unk>, the word tokenizer's weakness).
//
// StandaloneTokenizer is a tokenizer trained on its own, without a model, so
// the page can try kinds and vocabulary sizes in a second or two.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/train_options.h"
#include "tokenize/tokenizer.h"

namespace lmp {

struct TokenPiece {
  int id = 0;
  std::string label;  // Tokenizer::label: the piece as text, <eol>, <unk> or <0xE4>
};

struct Tokenization {
  std::vector<TokenPiece> tokens;  // each line's pieces, then <eol>; empty lines give only <eol>
  double chars = 0;                // characters, newlines excluded
  double pieces = 0;               // tokens that are not <eol>
  double unk = 0;                  // pieces that are <unk>
  double tokens_per_char = 0;      // pieces / chars
  double oov_rate = 0;             // unk / pieces
  // The tokenizer reads each line with a space before it (BPE, unigram): the
  // first piece of a non-empty line then starts with a space the text lacks.
  bool line_start_space = false;
};

// alpha 0: each line's most probable (or only) segmentation. alpha > 0 with a
// tokenizer that can sample: a segmentation drawn per line with probability
// proportional to p^alpha, from `seed`. Throws invalid_input for text that is
// not UTF-8, for alpha < 0, and for sampling with a tokenizer that cannot.
Tokenization tokenize_text(const Tokenizer& tokenizer, const std::string& text, double alpha, std::uint32_t seed);

// The lines a model trains on and holds out (split_corpus with the options'
// valFraction and valSplit), each part as UTF-8
// text of lines ending in a newline: what a tokenizer trained on its own
// should learn from, and text to show it has not seen.
struct SplitText {
  std::string train;
  std::string val;
};
SplitText split_text(const std::string& text, const TrainOptions& options);

class StandaloneTokenizer {
 public:
  // train_text: the text to learn from (checked like a training text); the
  // options' tokenizer, vocabSize and lowercase say what to learn.
  static std::unique_ptr<StandaloneTokenizer> train(const std::string& train_text, const TrainOptions& options);

  std::string kind() const { return to_string(tokenizer_->kind()); }
  int vocab_size() const { return tokenizer_->vocab_size(); }
  bool can_sample() const { return tokenizer_->can_sample(); }
  double train_seconds() const { return train_seconds_; }
  Tokenization tokenize(const std::string& text, double alpha, std::uint32_t seed) const {
    return tokenize_text(*tokenizer_, text, alpha, seed);
  }

 private:
  StandaloneTokenizer(std::unique_ptr<Tokenizer> tokenizer, double seconds)
      : tokenizer_(std::move(tokenizer)), train_seconds_(seconds) {}
  std::unique_ptr<Tokenizer> tokenizer_;
  double train_seconds_ = 0;
};

}  // namespace lmp
