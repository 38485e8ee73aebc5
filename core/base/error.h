// The one error type the core throws. Library code never prints or exits:
// it throws lmp::Error with a kind and a message written for the person at
// the keyboard (what was wrong and what to do); the CLI and the page choose
// what to do by the kind (exit code, where to show it) and show the message.
#pragma once
#include <stdexcept>
#include <string>

namespace lmp {

enum class ErrorKind {
  kInvalidInput,   // a corpus, prompt or option the user gave is not usable
  kCorruptModel,   // a model file that is truncated, damaged or not ours
  kResourceLimit,  // the work would exceed the configured memory limit, or memory ran out
  kInternal,       // a broken promise inside the core (a shape that cannot be): a bug to report
};

// The kind as the JS API and the CLI spell it: "invalid-input", "corrupt-model", ...
const char* error_kind_name(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline Error invalid_input(const std::string& message) { return Error(ErrorKind::kInvalidInput, message); }
inline Error corrupt_model(const std::string& message) { return Error(ErrorKind::kCorruptModel, message); }
inline Error resource_limit(const std::string& message) { return Error(ErrorKind::kResourceLimit, message); }
inline Error internal_error(const std::string& message) { return Error(ErrorKind::kInternal, message); }

}  // namespace lmp
