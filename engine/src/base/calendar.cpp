// SPDX-License-Identifier: MIT
#include "outturn/base/calendar.h"

#include <cstdio>

#include "outturn/base/errors.h"

namespace outturn {

// Howard Hinnant's days_from_civil (http://howardhinnant.github.io/date_algorithms.html).
int DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

void CivilFromDays(int z, int* y, int* m, int* d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

int DaysInMonth(int y, int m) {
  const int ny = m == 12 ? y + 1 : y;
  const int nm = m == 12 ? 1 : m + 1;
  return DaysFromCivil(ny, nm, 1) - DaysFromCivil(y, m, 1);
}

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", ((v % 100) + 100) % 100);
  return buf;
}

}  // namespace

std::optional<int> ParseDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::string FormatDate(int day_number) {
  int y, m, d;
  CivilFromDays(day_number, &y, &m, &d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string ToString(Periodicity p) { return p == Periodicity::kMonth ? "month" : "quarter"; }

Calendar::Calendar(const Spec& spec) : spec_(spec) {
  if (spec.start_month < 1 || spec.start_month > 12 || spec.fiscal_year_start_month < 1 ||
      spec.fiscal_year_start_month > 12 || spec.periods < 1 || spec.periods > 600)
    throw UsageError("invalid calendar");
  const int step = spec.periodicity == Periodicity::kQuarter ? 3 : 1;
  if ((spec.start_month - spec.fiscal_year_start_month + 12) % step != 0)
    throw UsageError("calendar start is not the first month of a fiscal quarter");
  int y = spec.start_year, m = spec.start_month;
  for (int i = 0; i < spec.periods; ++i) {
    Period p;
    p.index = i;
    p.months = step;
    p.fy_month = (m - spec.fiscal_year_start_month + 12) % 12 + 1;
    p.fy_quarter = (p.fy_month - 1) / 3 + 1;
    // Calendar year in which this fiscal year starts:
    const int fy_start_year = m >= spec.fiscal_year_start_month ? y : y - 1;
    const bool straddles = spec.fiscal_year_start_month != 1;
    p.fiscal_year = spec.label_by_start_year || !straddles ? fy_start_year : fy_start_year + 1;
    p.start_day = DaysFromCivil(y, m, 1);
    for (int k = 0; k < step; ++k) {
      p.month_starts.push_back(DaysFromCivil(y, m, 1));
      if (++m == 13) {
        m = 1;
        ++y;
      }
    }
    p.end_day = DaysFromCivil(y, m, 1);
    p.month_starts.push_back(p.end_day);
    if (spec.periodicity == Periodicity::kQuarter) {
      p.label = std::to_string(p.fy_quarter) + "Q" + TwoDigits(p.fiscal_year);
    } else {
      int py, pm, pd;
      CivilFromDays(p.start_day, &py, &pm, &pd);
      p.label = std::to_string(py) + "-" + TwoDigits(pm);
    }
    periods_.push_back(std::move(p));
  }
  // Spans that lie wholly inside the horizon, per fiscal year.

  auto add_span = [&](SpanKind kind, const char* prefix, int fy, int first_m, int last_m) {
    // first_m/last_m: fiscal months (1-based) of the first and last month covered.
    int first = -1, last = -1;
    for (const Period& p : periods_) {
      if (p.fiscal_year != fy) continue;
      if (p.fy_month == first_m) first = p.index;
      if (p.fy_month + p.months - 1 == last_m) last = p.index;
    }
    if (first < 0 || last < 0 || last < first) return;
    spans_.push_back(Span{std::string(prefix) + TwoDigits(fy), kind, fy, first, last});
  };
  std::vector<int> years;
  for (const Period& p : periods_)
    if (years.empty() || years.back() != p.fiscal_year) years.push_back(p.fiscal_year);
  for (int fy : years) {
    if (step == 1)
      for (int q = 1; q <= 4; ++q)
        add_span(SpanKind::kQuarter, (std::to_string(q) + "Q").c_str(), fy, 3 * q - 2, 3 * q);
    add_span(SpanKind::kFirstHalf, "1H", fy, 1, 6);
    add_span(SpanKind::kSecondHalf, "2H", fy, 7, 12);
    add_span(SpanKind::kNineMonths, "9M", fy, 1, 9);
    add_span(SpanKind::kFiscalYear, "FY", fy, 1, 12);
  }
}

void Calendar::set_num_actual(int n) {
  OUTTURN_ASSERT(n >= 0 && n <= num_periods());
  num_actual_ = n;
  for (Period& p : periods_) p.actual = p.index < n;
}

const std::string& Calendar::ColumnLabel(int c) const {
  OUTTURN_ASSERT(c >= 0 && c < num_columns());
  return c < num_periods() ? periods_[c].label : spans_[c - num_periods()].label;
}

int Calendar::FindColumn(const std::string& label) const {
  for (int c = 0; c < num_columns(); ++c)
    if (ColumnLabel(c) == label) return c;
  return -1;
}

std::pair<int, int> Calendar::ColumnRange(int c) const {
  OUTTURN_ASSERT(c >= 0 && c < num_columns());
  if (c < num_periods()) return {c, c};
  const Span& s = spans_[c - num_periods()];
  return {s.first, s.last};
}

std::vector<std::string> Calendar::ColumnLabels() const {
  std::vector<std::string> out;
  for (int c = 0; c < num_columns(); ++c) out.push_back(ColumnLabel(c));
  return out;
}

std::string Calendar::LabelBefore(int k) const {
  OUTTURN_ASSERT(k >= 1);
  const int step = spec_.periodicity == Periodicity::kQuarter ? 3 : 1;
  // Months since year 0 of the period's first month.
  const int abs_month = spec_.start_year * 12 + (spec_.start_month - 1) - k * step;
  const int y = abs_month / 12, m = abs_month % 12 + 1;
  if (spec_.periodicity == Periodicity::kMonth) return std::to_string(y) + "-" + TwoDigits(m);
  const int fy_month = (m - spec_.fiscal_year_start_month + 12) % 12 + 1;
  const int fy_start_year = m >= spec_.fiscal_year_start_month ? y : y - 1;
  const bool straddles = spec_.fiscal_year_start_month != 1;
  const int fiscal_year = spec_.label_by_start_year || !straddles ? fy_start_year : fy_start_year + 1;
  return std::to_string((fy_month - 1) / 3 + 1) + "Q" + TwoDigits(fiscal_year);
}

int Calendar::FindBefore(const std::string& label, int max_back) const {
  for (int k = 1; k <= max_back; ++k)
    if (LabelBefore(k) == label) return k;
  return 0;
}

}  // namespace outturn
