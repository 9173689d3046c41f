// SPDX-License-Identifier: MIT
#pragma once
// Small string helpers shared by the loader, the compiler and the reports.

#include <string>
#include <vector>

namespace outturn::internal {

/// Edit distance (Levenshtein), for "did you mean" suggestions.
int EditDistance(const std::string& a, const std::string& b);
/// "; did you mean 'x'?" for the closest candidate within a sensible distance, else "".
std::string Suggest(const std::string& name, const std::vector<std::string>& candidates);
/// "unknown driver 'x'; did you mean 'y'?": the one message for a name that is not there
/// (`kind`: driver, line, target, period...).
std::string UnknownName(const std::string& kind, const std::string& name,
                        const std::vector<std::string>& candidates);
/// "a, b, c" (each quoted with single quotes when `quote`).
std::string JoinList(const std::vector<std::string>& items, bool quote = false);
/// Shortest decimal text that round-trips (%.17g trimmed), e.g. "0.05", "1201091".
std::string FormatNumber(double v);

/// An amount with thousands separators, rounded to the unit ("-1,234,567"); a value with
/// a fractional part keeps it ("1,234.5"). For messages and tables.
std::string WithCommas(double v);

}  // namespace outturn::internal
