// SPDX-License-Identifier: MIT
#include "outturn/base/errors.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace outturn {
namespace {

// Lines longer than this are echoed as a window around the caret, with an ellipsis on each
// side cut; a message longer than kMaxMessage keeps its start and end.
constexpr std::size_t kMaxEcho = 400, kHalfWindow = 120, kMaxMessage = 2000;

std::string Render(const SourceLocation& w, const std::string& key_path, const std::string& msg,
                   const std::string& source_line) {
  std::ostringstream os;
  os << (w.file.empty() ? "<input>" : w.file);
  if (w.line > 0) os << ':' << w.line << ':' << (w.column > 0 ? w.column : 1);
  os << ": error: ";
  if (!key_path.empty()) os << key_path << ": ";
  if (msg.size() <= kMaxMessage) {
    os << msg;
  } else {
    os << msg.substr(0, kMaxMessage / 2) << " ... " << msg.substr(msg.size() - kMaxMessage / 4);
  }
  if (!source_line.empty() && w.line > 0) {
    const std::string num = std::to_string(w.line);
    const std::string pad(num.size() + 1, ' ');
    // 0-based caret position, clamped to the line (a caret may sit just past its end).
    std::size_t caret = static_cast<std::size_t>(w.column > 0 ? w.column - 1 : 0);
    caret = std::min(caret, source_line.size());
    std::string shown = source_line, lead;
    std::size_t from = 0;
    if (source_line.size() > kMaxEcho) {
      from = caret > kHalfWindow ? caret - kHalfWindow : 0;
      const std::size_t to = std::min(source_line.size(), caret + kHalfWindow);
      shown = source_line.substr(from, to - from);
      if (from > 0) lead = "...";
      if (to < source_line.size()) shown += "...";
    }
    os << "\n " << num << " | " << lead << shown << "\n" << pad << " | " << std::string(lead.size(), ' ');
    for (std::size_t i = from; i < caret; ++i) os << (source_line[i] == '\t' ? '\t' : ' ');
    os << '^';
  }
  return os.str();
}

}  // namespace

ModelError::ModelError(SourceLocation where, std::string key_path, std::string message, std::string source_line)
    : Error(Render(where, key_path, message, source_line)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

std::string ModelError::Headline() const {
  std::string s = what();
  auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

NumericalError::NumericalError(SourceLocation where, std::string key_path, std::string message, std::string source_line,
                               std::string line, std::string column, long long scenario)
    : ModelError(std::move(where), std::move(key_path), std::move(message), std::move(source_line)),
      line_(std::move(line)),
      column_(std::move(column)),
      scenario_(scenario) {}

OptionsError::OptionsError(std::string option, std::string rule, std::string value)
    : UsageError(option + " " + rule + " (got " + value + ")"),
      option_(std::move(option)),
      rule_(std::move(rule)),
      value_(std::move(value)) {}

std::string OptionsError::Renamed(const std::string& name) const {
  return name + " " + rule_ + " (got " + value_ + ")";
}

}  // namespace outturn
