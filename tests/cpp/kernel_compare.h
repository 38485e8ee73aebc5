// Comparing a kernel's output with its reference's, element by element, so a
// failure says where and by how much: the first element out of tolerance (its
// row and column when the array is a matrix), both values, their difference
// and the tolerance, how many elements failed, and the largest difference.
//
// Two elements agree when they are equal (the same infinity too) or when
// |got - want| < the element's tolerance; a NaN on either side never agrees.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace lmp_test {

// The largest |got - want| element i may show.
using ToleranceAt = std::function<double(std::size_t index)>;

// `what` names the array in the message; columns > 0 reads it as a row-major
// matrix of that many columns, to print row and column.
inline ::testing::AssertionResult ElementsNear(const std::string& what, const std::vector<float>& got,
                                               const std::vector<float>& want, const ToleranceAt& tolerance_at,
                                               int columns = 0) {
  if (got.size() != want.size()) {
    return ::testing::AssertionFailure() << what << ": " << got.size() << " elements, the reference has "
                                         << want.size();
  }
  std::size_t failed = 0, first = 0, worst = 0;
  double worst_difference = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] == want[i]) continue;
    double difference = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (std::isnan(difference)) difference = std::numeric_limits<double>::infinity();
    if (difference < tolerance_at(i)) continue;
    if (failed++ == 0) first = i;
    if (difference > worst_difference || failed == 1) worst = i, worst_difference = difference;
  }
  if (failed == 0) return ::testing::AssertionSuccess();
  // Formatted here: AssertionResult streams each value into a Message of its own, which drops manipulators.
  std::ostringstream message;
  message << what << ": " << failed << " of " << got.size() << " elements out of tolerance; first at index " << first;
  if (columns > 0) message << " (row " << first / columns << ", column " << first % columns << ")";
  message << ": got " << std::setprecision(9) << got[first] << ", the reference gives " << want[first]
          << ", difference " << std::setprecision(3) << std::fabs(static_cast<double>(got[first]) - want[first])
          << ", tolerance " << tolerance_at(first) << "; largest difference " << worst_difference << " at index "
          << worst;
  return ::testing::AssertionFailure() << message.str();
}

// Tolerance absolute below 1 and relative above: |got - want| < tolerance · max(1, |want|).
inline ::testing::AssertionResult ElementsNear(const std::string& what, const std::vector<float>& got,
                                               const std::vector<float>& want, double tolerance, int columns = 0) {
  return ElementsNear(
      what, got, want,
      [&](std::size_t i) { return tolerance * std::max(1.0, std::fabs(static_cast<double>(want[i]))); }, columns);
}

}  // namespace lmp_test
