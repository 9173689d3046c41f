// SPDX-License-Identifier: MIT
// ToString / FromString for the public enums: one table each, shared by the loader, the
// CLI and the bindings so that spellings never drift.
#include <utility>

#include "outturn/model/model.h"

namespace outturn {
namespace {

template <typename E, size_t N>
std::string Name(const std::pair<E, const char*> (&table)[N], E v) {
  for (const auto& [e, s] : table) if (e == v) return s;
  return "?";
}
template <typename E, size_t N>
std::optional<E> Parse(const std::pair<E, const char*> (&table)[N], const std::string& s) {
  for (const auto& [e, n] : table) if (s == n) return e;
  return std::nullopt;
}

const std::pair<DistributionType, const char*> kDist[] = {
    {DistributionType::kNone, "none"},          {DistributionType::kNormal, "normal"},
    {DistributionType::kTruncatedNormal, "truncated_normal"},
    {DistributionType::kLognormal, "lognormal"}, {DistributionType::kUniform, "uniform"},
    {DistributionType::kTriangular, "triangular"}, {DistributionType::kPert, "pert"},
    {DistributionType::kDiscrete, "discrete"},   {DistributionType::kEmpirical, "empirical"}};
const std::pair<LineKind, const char*> kKind[] = {
    {LineKind::kRevenue, "revenue"}, {LineKind::kCost, "cost"},   {LineKind::kExpense, "expense"},
    {LineKind::kOther, "other"},     {LineKind::kSubtotal, "subtotal"}, {LineKind::kKpi, "kpi"},
    {LineKind::kMemo, "memo"}};
const std::pair<Rollup, const char*> kRollup[] = {
    {Rollup::kSum, "sum"}, {Rollup::kLast, "last"}, {Rollup::kAverage, "average"},
    {Rollup::kFormula, "formula"}};
const std::pair<Direction, const char*> kDir[] = {{Direction::kAtLeast, "at_least"},
                                                  {Direction::kAtMost, "at_most"}};

}  // namespace

std::string ToString(DistributionType t) { return Name(kDist, t); }
std::optional<DistributionType> DistributionTypeFromString(const std::string& s) { return Parse(kDist, s); }
std::string ToString(LineKind k) { return Name(kKind, k); }
std::optional<LineKind> LineKindFromString(const std::string& s) { return Parse(kKind, s); }
std::string ToString(Rollup r) { return Name(kRollup, r); }
std::optional<Rollup> RollupFromString(const std::string& s) { return Parse(kRollup, s); }
std::string ToString(Direction d) { return Name(kDir, d); }
std::optional<Direction> DirectionFromString(const std::string& s) { return Parse(kDir, s); }

}  // namespace outturn
