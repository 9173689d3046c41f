// SPDX-License-Identifier: MIT
#pragma once
// The one way an enum is spelled: a table of {value, "spelling"} pairs per enum, read both
// ways. Every public ToString / FromString is one line over its table, so the loader, the
// CLI, the reports and the bindings never drift apart.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace outturn::internal {

template <typename E>
using EnumEntry = std::pair<E, const char*>;

/// The spelling of `v` ("?" for a value missing from the table: a bug, caught by the tests
/// that walk every table).
template <typename E, std::size_t N>
std::string EnumName(const EnumEntry<E> (&table)[N], E v) {
  for (const auto& [e, s] : table)
    if (e == v) return s;
  return "?";
}

/// The value spelled `s`, or std::nullopt.
template <typename E, std::size_t N>
std::optional<E> EnumParse(const EnumEntry<E> (&table)[N], const std::string& s) {
  for (const auto& [e, n] : table)
    if (s == n) return e;
  return std::nullopt;
}

/// "a, b or c": the spellings, for messages.
template <typename E, std::size_t N>
std::string EnumChoices(const EnumEntry<E> (&table)[N]) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(table[i].second);
  return out;
}

}  // namespace outturn::internal
