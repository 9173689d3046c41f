// SPDX-License-Identifier: MIT
#include "outturn/base/errors.h"

#include <sstream>
#include <utility>

namespace outturn {
namespace {

std::string Render(const SourceLocation& w, const std::string& key_path, const std::string& msg,
                   const std::string& source_line) {
  std::ostringstream os;
  os << (w.file.empty() ? "<input>" : w.file);
  if (w.line > 0) os << ':' << w.line << ':' << (w.column > 0 ? w.column : 1);
  os << ": error: ";
  if (!key_path.empty()) os << key_path << ": ";
  os << msg;
  if (!source_line.empty() && w.line > 0) {
    const std::string num = std::to_string(w.line);
    const std::string pad(num.size() + 1, ' ');
    os << "\n " << num << " | " << source_line << "\n" << pad << " | ";
    const int col = w.column > 0 ? w.column : 1;
    for (int i = 1; i < col && i <= static_cast<int>(source_line.size()); ++i)
      os << (source_line[i - 1] == '\t' ? '\t' : ' ');
    os << '^';
  }
  return os.str();
}

}  // namespace

ModelError::ModelError(SourceLocation where, std::string key_path, std::string message,
                       std::string source_line)
    : Error(Render(where, key_path, message, source_line)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

std::string ModelError::Headline() const {
  std::string s = what();
  auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

NumericalError::NumericalError(SourceLocation where, std::string key_path, std::string message,
                               std::string source_line, std::string line, std::string column,
                               long long scenario)
    : ModelError(std::move(where), std::move(key_path), std::move(message),
                 std::move(source_line)),
      line_(std::move(line)),
      column_(std::move(column)),
      scenario_(scenario) {}

OptionsError::OptionsError(std::string option, std::string rule, std::string value)
    : UsageError(option + " " + rule + " (got " + value + ")"),
      option_(std::move(option)), rule_(std::move(rule)), value_(std::move(value)) {}

std::string OptionsError::Renamed(const std::string& name) const {
  return name + " " + rule_ + " (got " + value_ + ")";
}

}  // namespace outturn
