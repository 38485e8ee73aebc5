#include "base/error.h"

namespace lmp {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return "invalid-input";
    case ErrorKind::kCorruptModel: return "corrupt-model";
    case ErrorKind::kResourceLimit: return "resource-limit";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace lmp
