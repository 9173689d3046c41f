// SPDX-License-Identifier: MIT
#include "base/text_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace outturn::internal {

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Suggest(const std::string& name, const std::vector<std::string>& candidates) {
  int best = 1 << 30;
  const std::string* pick = nullptr;
  for (const auto& c : candidates) {
    const int d = EditDistance(name, c);
    if (d < best) {
      best = d;
      pick = &c;
    }
  }
  const int limit = std::max<int>(2, static_cast<int>(name.size()) / 3);
  if (pick && best <= limit) return "; did you mean '" + *pick + "'?";
  return "";
}

std::string UnknownName(const std::string& kind, const std::string& name, const std::vector<std::string>& candidates) {
  // A driver or line over a dimension is there only as NAME[ITEM], one per item.
  std::vector<std::string> items;
  if (name.find('[') == std::string::npos)
    for (const std::string& c : candidates)
      if (c.size() > name.size() + 2 && c.compare(0, name.size(), name) == 0 && c[name.size()] == '[' &&
          c.back() == ']')
        items.push_back(c);
  if (!items.empty()) {
    constexpr size_t kShown = 6;
    const size_t n = items.size();
    if (n > kShown) items.resize(kShown);
    return "unknown " + kind + " '" + name + "': it is over a dimension; name one item, " + JoinList(items) +
           (n > kShown ? ", ... (" + std::to_string(n) + " items)" : std::string());
  }
  return "unknown " + kind + " '" + name + "'" + Suggest(name, candidates);
}

std::string JoinList(const std::vector<std::string>& items, bool quote) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += quote ? "'" + items[i] + "'" : items[i];
  }
  return out;
}

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {  // whole numbers in full, never 3.4e+07
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  return ShortestRoundTrip(v);
}

std::string ShortestRoundTrip(double v) {
  char buf[64];
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string WithCommas(double v, Fraction fraction) {
  const double a = std::fabs(v);
  std::string out;
  if (fraction == Fraction::kKeep && a - std::floor(a) != 0 && a < 1e15) {
    out = FormatNumber(a);
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", a);
    const std::string digits = buf;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
      if (i && (n - i) % 3 == 0) out += ',';
      out += digits[i];
    }
  }
  return (v < 0 && out != "0" ? "-" : "") + out;
}

std::string Amount(double v) {
  if (std::isnan(v)) return "nan";
  if (std::fabs(v) < 100 && v != std::round(v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
  }
  return WithCommas(v, Fraction::kRound);
}

}  // namespace outturn::internal
