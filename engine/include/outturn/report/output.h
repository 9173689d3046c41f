// SPDX-License-Identifier: MIT
#pragma once
/// \file output.h
/// What every report shares: the output format, the amount formatting of the tables, and
/// the one text-table renderer.

#include <optional>
#include <string>
#include <vector>

namespace outturn {

/// Every report renders as an aligned table for people, or CSV or JSON for programs.
enum class Format { kTable, kCsv, kJson };
std::string ToString(Format f);
/// "table", "csv", "json"; std::nullopt if unknown.
std::optional<Format> FormatFromString(const std::string& s);

/// Formats an amount for a table: thousands separators, rounded to the unit; small
/// non-integers (ratios) with four significant digits; "nan" for NaN.
std::string FormatAmount(double v);

/// A plain text table as the reports print it: the first column left-aligned, the others
/// right-aligned, two spaces apart; each line starts with `indent`, trailing spaces trimmed.
class TextTable {
 public:
  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string Render(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace outturn
