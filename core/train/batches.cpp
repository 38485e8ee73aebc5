#include "train/batches.h"

#include <algorithm>

#include "base/error.h"

namespace lmp::nn {

double Batch::real_tokens() const {
  double n = 0;
  for (std::int32_t t : targets) n += t >= 0;
  return n;
}

LineBatcher::LineBatcher(std::vector<std::vector<TokenId>> lines, int max_time, int bucket_lines)
    : lines_(std::move(lines)), max_time_(max_time), bucket_of_(lines_.size()) {
  if (lines_.empty()) throw invalid_input("there are no lines to train on");
  auto steps = [&](int i) { return std::min<int>(max_time_, static_cast<int>(lines_[i].size()) - 1); };
  std::vector<int> order(lines_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  if (bucket_lines > 0) std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return steps(a) < steps(b); });
  for (std::size_t k = 0; k < order.size(); ++k) {
    const bool close = !buckets_.empty() && bucket_lines > 0 &&
                       static_cast<int>(buckets_.back().size()) >= bucket_lines && steps(order[k]) != steps(order[k - 1]);
    if (buckets_.empty() || close) buckets_.emplace_back();
    buckets_.back().push_back(order[k]);
  }
  // A short last bucket joins the one before it.
  if (buckets_.size() > 1 && static_cast<int>(buckets_.back().size()) < bucket_lines) {
    std::vector<int> last = std::move(buckets_.back());
    buckets_.pop_back();
    buckets_.back().insert(buckets_.back().end(), last.begin(), last.end());
  }
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    for (int i : buckets_[b]) bucket_of_[i] = static_cast<int>(b);
  }
}

Batch LineBatcher::assemble(const std::vector<const std::vector<TokenId>*>& rows, const std::vector<int>& starts,
                            int time, const std::vector<int>& counted_from) const {
  Batch b;
  b.time = time;
  b.batch = static_cast<int>(rows.size());
  b.inputs.assign(static_cast<std::size_t>(time) * b.batch, Tokenizer::kEol);  // padding input: any valid id
  b.targets.assign(b.inputs.size(), -1);
  for (int r = 0; r < b.batch; ++r) {
    const std::vector<TokenId>& line = *rows[r];
    const int length = std::min<int>(time, static_cast<int>(line.size()) - 1 - starts[r]);
    const int first_counted = counted_from.empty() ? 0 : counted_from[r];
    for (int t = 0; t < length; ++t) {
      b.inputs[static_cast<std::size_t>(t) * b.batch + r] = line[starts[r] + t];
      if (t >= first_counted) b.targets[static_cast<std::size_t>(t) * b.batch + r] = line[starts[r] + t + 1];
    }
  }
  return b;
}

Batch LineBatcher::random(int batch, Rng& rng, const LineSampler& sampler) const {
  std::vector<std::vector<TokenId>> drawn;  // the sampled rows (reserved: rows point into it)
  drawn.reserve(sampler ? batch : 0);
  std::vector<const std::vector<TokenId>*> rows;
  std::vector<int> starts;
  int time = 1;
  // The first line is uniform over all lines and the rest uniform over its
  // bucket: a bucket is chosen in proportion to its size, so each row is uniform.
  const std::vector<int>& bucket = buckets_[bucket_of_[rng.next_u64() % lines_.size()]];
  for (int r = 0; r < batch; ++r) {
    const int index = bucket[rng.next_u64() % bucket.size()];
    const auto& line = sampler ? drawn.emplace_back(sampler(index, rng)) : lines_[index];
    const int predictions = static_cast<int>(line.size()) - 1;
    const int start = predictions > max_time_ ? static_cast<int>(rng.next_u64() % (predictions - max_time_ + 1)) : 0;
    rows.push_back(&line);
    starts.push_back(start);
    time = std::max(time, std::min(predictions, max_time_));
  }
  return assemble(rows, starts, time);
}

std::vector<Batch> LineBatcher::all(int batch, int window) const {
  struct Segment {
    const std::vector<TokenId>* line;
    int start, counted_from, length;
  };
  std::vector<Segment> segments;
  for (const auto& line : lines_) {
    const int predictions = static_cast<int>(line.size()) - 1;
    if (window <= 0 || predictions <= window) {
      segments.push_back({&line, 0, 0, predictions});
      continue;
    }
    const int stride = std::max(1, window / 2);
    int reached = 0;  // targets [0, reached) are counted already
    for (int start = 0; reached < predictions; start += stride) {
      const int begin = std::min(start, predictions - window);
      segments.push_back({&line, begin, reached - begin, window});
      reached = begin + window;
    }
  }
  std::vector<Batch> batches;
  for (std::size_t first = 0; first < segments.size(); first += batch) {
    std::vector<const std::vector<TokenId>*> rows;
    std::vector<int> starts, counted_from;
    int time = 1;
    for (std::size_t i = first; i < std::min(segments.size(), first + batch); ++i) {
      rows.push_back(segments[i].line);
      starts.push_back(segments[i].start);
      counted_from.push_back(segments[i].counted_from);
      time = std::max(time, segments[i].length);
    }
    batches.push_back(assemble(rows, starts, time, counted_from));
  }
  return batches;
}

StreamBatcher::StreamBatcher(std::vector<TokenId> stream, int time, int batch)
    : stream_(std::move(stream)), time_(time), batch_(batch) {
  row_length_ = static_cast<std::int64_t>(stream_.size() - 1) / batch_;
  windows_ = static_cast<int>(row_length_ / time_);
  if (windows_ < 1) {
    throw invalid_input("the text is too short for stream mode with this batch and sequence length; use shorter "
                        "sequences, a smaller batch, or line mode");
  }
}

Batch StreamBatcher::next(bool* wrapped) {
  Batch b;
  b.time = time_;
  b.batch = batch_;
  b.inputs.resize(static_cast<std::size_t>(time_) * batch_);
  b.targets.resize(b.inputs.size());
  for (int r = 0; r < batch_; ++r) {
    const std::int64_t base = r * row_length_ + static_cast<std::int64_t>(cursor_) * time_;
    for (int t = 0; t < time_; ++t) {
      b.inputs[static_cast<std::size_t>(t) * batch_ + r] = stream_[base + t];
      b.targets[static_cast<std::size_t>(t) * batch_ + r] = stream_[base + t + 1];
    }
  }
  cursor_ = (cursor_ + 1) % windows_;
  if (wrapped != nullptr) *wrapped = cursor_ == 0;
  return b;
}

}  // namespace lmp::nn
