// Teacher forcing against the model's own text, on one line: the measurement
// behind the lesson on exposure bias. Any LanguageModel, any tokenizer.
//
// Legend: the line is <bos> x_1 ... x_n <eol>, and x_{n+1} = <eol>; the first
// k tokens x_1..x_k (0 <= k <= n) are the prompt both runs are given; the
// tokens measured are t = k+1 .. n+1, the line's end included, as evaluation
// counts it.
//
//   forced loss  F_t = -ln p(x_t | x_<t)                    (teacher forcing)
//   own loss     O_t = -ln p(x_t | x_<=k, y_{k+1} .. y_{t-1})
//   own token    y_t ~ p(. | x_<=k, y_{k+1} .. y_{t-1})     (the sampling settings, one coin per step)
//
// F is what training minimizes and evaluation reports: every prediction reads
// the true text before it. O is what generation meets: after the prompt the
// model reads only what it wrote itself. Both score the same true token with
// the model's own probability at temperature 1 (the sampling settings shape
// the draws, never the scores), so the two curves differ only in the prefix
// read. They start together (O_{k+1} = F_{k+1}: same context) and O then
// rises, for two reasons this measurement does not pull apart:
//   - the own text has left the true one, so x_t is no longer what naturally
//     follows. Even a perfect model p = P sampled at temperature 1 pays for
//     that: y is then independent of the true continuation given the prompt,
//     and cross-entropy is at least entropy, so (the <eol> rule aside)
//       E[O_t] >= H(x_t | x_<=k) >= H(x_t | x_<t) = E[F_t],
//     a gap of at least I(x_t ; x_{k+1..t-1} | x_<=k), what the true tokens
//     since the prompt tell about x_t;
//   - exposure bias proper: trained only on true prefixes, the model has never
//     read its own mistakes as context, so its predictions after them are
//     worse than after true text, and each mistake makes the next likelier.
//
// Decisions:
//   <unk>: a true token the vocabulary lacks is scored as evaluation scores
//     it (the model's probability of <unk>); it is never drawn (a sample needs
//     a real piece, as WithoutUnknown does for sampling).
//   <eol>: while the true line goes on, the own text may not end: its draw
//     leaves <eol> out and renormalizes (Hugging Face's min_length does the
//     same), so every true token has an own prefix of the same length to be
//     scored after. At t = n+1 the line's end may be drawn like any token.
//   Nothing to draw (plain MLE only, when <eol> or <unk> was all the model
//     saw after its context): the true token stands in for y_t, marked
//     drawn = false, so the measurement goes on.
//   Windows: both runs read their contexts through the LanguageModel as
//     evaluation and generation do (an n-gram its order - 1 tokens, the MLP
//     its window, a recurrent network the whole line, the Transformer its KV
//     cache, rebuilt from the last half window when full), so once the own
//     text fills the window, the prompt is out of sight.
//   No token healing: the prompt is the line's own first k tokens, so it
//     never stops inside a piece.
//
// The two runs take turns, not steps: the whole true line, then the whole own
// line, so a stateful model (recurrent state, KV cache) feeds each token of a
// run once instead of starting over at every switch.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "generate/sampling.h"
#include "lm/language_model.h"
#include "text/corpus.h"
#include "tokenize/tokenizer.h"

namespace lmp {

struct ExposureStep {
  TokenId truth = 0;        // x_t
  std::string truth_label;  // Tokenizer::label of x_t
  TokenId own = 0;          // y_t
  std::string own_label;
  double forced_nll = 0;    // F_t, nats; +inf where the model gives x_t probability 0
  double own_nll = 0;       // O_t, nats
  bool drawn = true;        // false: nothing could be drawn, x_t stands in for y_t
};

struct ExposureReport {
  int line = 1;                     // the line's number in its text, from 1 (set by who cut the text)
  std::string text;                 // the true line
  std::string own_text;             // the prompt, then y_{k+1}.. as text (a last <eol> left out)
  std::vector<std::string> prompt;  // labels of x_1..x_k
  std::vector<ExposureStep> steps;  // t = k+1 .. n+1, <eol> last
  // Means over the steps: per token, and per character of the text they
  // spell (+ 1 for the line end, as evaluation counts it).
  double chars = 0;
  double forced_nll_per_token = 0;
  double own_nll_per_token = 0;
  double forced_bpc = 0;
  double own_bpc = 0;
};

// y_t from the model's log-probabilities at the own prefix: <unk> left out,
// <eol> too while the line goes on, then temperature, top-k, top-p and the
// inverse-CDF draw with coin in [0, 1). -1 when nothing is left to draw.
// logprobs: (V,), not changed.
TokenId draw_own_token(const std::vector<double>& logprobs, bool line_goes_on, const SamplingConfig& config, double coin);

// Throws invalid_input for an empty line, a prompt_tokens outside 0..n (n:
// the line's tokens, <eol> not counted) and bad sampling settings. The same
// seed gives the same own text.
ExposureReport measure_exposure(const LanguageModel& model, const Tokenizer& tokenizer, const Line& line,
                                int prompt_tokens, const SamplingConfig& config, std::uint32_t seed);

}  // namespace lmp
