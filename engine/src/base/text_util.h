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
std::string UnknownName(const std::string& kind, const std::string& name, const std::vector<std::string>& candidates);
/// "a, b, c" (each quoted with single quotes when `quote`).
std::string JoinList(const std::vector<std::string>& items, bool quote = false);
/// Shortest decimal text that round-trips (%.17g trimmed), e.g. "0.05", "1201091": whole
/// numbers below 1e15 in full, anything else as ShortestRoundTrip writes it.
std::string FormatNumber(double v);
/// The shortest %.Ng (N = 6..17) that reads back as `v`: "0.05", but also "1e+06" for a
/// million (FormatNumber writes "1000000"). The analysis reports' CSV numbers.
std::string ShortestRoundTrip(double v);

/// How WithCommas writes a value with a fractional part.
enum class Fraction {
  kKeep,   ///< as FormatNumber, without separators: "1234.5", "-0.25" (model messages)
  kRound,  ///< rounded to the unit: "1,235" (FormatAmount, the reports' tables)
};
/// An amount with thousands separators, rounded to the unit ("-1,234,567"); a value with a
/// fractional part below 1e15 as `fraction` says. Never "-0". The one thousands formatter:
/// model messages use it as is, FormatAmount (outturn/report/output.h) with kRound.
std::string WithCommas(double v, Fraction fraction = Fraction::kKeep);
/// An amount for tables and messages: "nan"; a small non-integer (|v| < 100, a ratio) with
/// four significant digits; otherwise WithCommas rounded to the unit. outturn::FormatAmount.
std::string Amount(double v);

}  // namespace outturn::internal
