// Enums inside the core, names at its edges (CLI flags, the JS API, model
// files): each enum has one array of names, kXNames[i] naming value i, and
// these helpers turn one into the other.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace lmp {

template <typename E, std::size_t N>
const char* enum_name(E value, const std::array<const char*, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : "?";
}

template <typename E, std::size_t N>
std::optional<E> enum_from_name(const std::string& name, const std::array<const char*, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

// "a, b or c": the choices, for messages.
template <std::size_t N>
std::string names_list(const std::array<const char*, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace lmp
