// SPDX-License-Identifier: MIT
#pragma once
/// \file calendar.h
/// The period grid of a model: periods (months or quarters) and the spans they roll up
/// into (quarters of months, halves, nine months, fiscal years). Immutable once built.

#include <optional>
#include <string>
#include <vector>

namespace outturn {

/// Days since 1970-01-01 of a proleptic Gregorian date; the day numbers formulas use.
int DaysFromCivil(int year, int month, int day);
/// Parses "YYYY-MM-DD" into a day number; std::nullopt if malformed or not a real date.
std::optional<int> ParseDate(const std::string& text);
/// Renders a day number as "YYYY-MM-DD".
std::string FormatDate(int day_number);

enum class Periodicity { kMonth, kQuarter };
std::string ToString(Periodicity p);

/// One period of the horizon.
struct Period {
  std::string label;              ///< "1Q10" (quarters) or "2010-04" (months)
  int index = 0;                  ///< 0-based position in the horizon
  int fiscal_year = 0;            ///< fiscal-year label, e.g. 2010
  int fy_quarter = 0;             ///< 1..4, quarter of the fiscal year (of the first month)
  int fy_month = 0;               ///< 1..12, month of the fiscal year of the first month
  int months = 0;                 ///< calendar months in the period (1 or 3)
  int start_day = 0;              ///< day number of the first day
  int end_day = 0;                ///< day number of the day after the last
  std::vector<int> month_starts;  ///< months+1 day numbers: each month's first day, then end_day
  bool actual = false;            ///< reported (locked) period
  int days() const { return end_day - start_day; }
};

enum class SpanKind { kQuarter, kFirstHalf, kSecondHalf, kNineMonths, kFiscalYear };

/// A rollup over consecutive periods [first, last] (inclusive indices).
struct Span {
  std::string label;  ///< "1H10", "2H10", "9M10", "FY10", or "1Q10" over months
  SpanKind kind = SpanKind::kFiscalYear;
  int fiscal_year = 0;
  int first = 0;
  int last = 0;
};

/// Periods followed by spans: a "column" index c < num_periods() is a period, otherwise
/// span c - num_periods().
class Calendar {
 public:
  struct Spec {
    int start_year = 0;
    int start_month = 1;               ///< 1..12
    int fiscal_year_start_month = 1;   ///< 1..12
    bool label_by_start_year = false;  ///< FY named by the year it starts in
    Periodicity periodicity = Periodicity::kQuarter;
    int periods = 4;  ///< 1..600
  };
  Calendar() = default;
  /// Builds the grid; throws outturn::UsageError on an invalid spec (the loader checks first).
  explicit Calendar(const Spec& spec);

  const Spec& spec() const { return spec_; }
  const std::vector<Period>& periods() const { return periods_; }
  const std::vector<Span>& spans() const { return spans_; }
  int num_periods() const { return static_cast<int>(periods_.size()); }
  int num_columns() const { return static_cast<int>(periods_.size() + spans_.size()); }
  /// Number of leading reported periods.
  int num_actual() const { return num_actual_; }
  void set_num_actual(int n);
  /// The label of the last reported period (`actuals_through`), or "" when none is reported.
  std::string ActualsThrough() const { return num_actual_ > 0 ? ColumnLabel(num_actual_ - 1) : std::string(); }

  /// Label of a column (period or span).
  const std::string& ColumnLabel(int column) const;
  /// Column index of a label, or -1.
  int FindColumn(const std::string& label) const;
  /// Period indices covered by a column (one for a period).
  std::pair<int, int> ColumnRange(int column) const;
  /// All labels, for "did you mean" suggestions.
  std::vector<std::string> ColumnLabels() const;
  /// Label of the period `k` periods before the first one (k >= 1), spelled as the
  /// horizon's periods are: with quarters from 1Q23, k = 1 is "4Q22"; with months from
  /// 2023-01, "2022-12". What a line's `history:` is keyed by.
  std::string LabelBefore(int k) const;
  /// The k >= 1 for which LabelBefore(k) == label, searching up to `max_back` periods back;
  /// 0 if none.
  int FindBefore(const std::string& label, int max_back) const;

 private:
  Spec spec_;
  std::vector<Period> periods_;
  std::vector<Span> spans_;
  int num_actual_ = 0;
};

}  // namespace outturn
