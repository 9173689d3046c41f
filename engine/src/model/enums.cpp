// SPDX-License-Identifier: MIT
// ToString / FromString for the public enums: one table each, shared by the loader, the
// CLI and the bindings so that spellings never drift.
#include "base/enum_table.h"
#include "outturn/model/model.h"

namespace outturn {
namespace {

using internal::EnumEntry;
using internal::EnumName;
using internal::EnumParse;

const EnumEntry<DistributionType> kDist[] = {{DistributionType::kNone, "none"},
                                             {DistributionType::kNormal, "normal"},
                                             {DistributionType::kTruncatedNormal, "truncated_normal"},
                                             {DistributionType::kLognormal, "lognormal"},
                                             {DistributionType::kUniform, "uniform"},
                                             {DistributionType::kTriangular, "triangular"},
                                             {DistributionType::kPert, "pert"},
                                             {DistributionType::kDiscrete, "discrete"},
                                             {DistributionType::kEmpirical, "empirical"}};
const EnumEntry<LineKind> kKind[] = {{LineKind::kRevenue, "revenue"},   {LineKind::kCost, "cost"},
                                     {LineKind::kExpense, "expense"},   {LineKind::kOther, "other"},
                                     {LineKind::kSubtotal, "subtotal"}, {LineKind::kKpi, "kpi"},
                                     {LineKind::kMemo, "memo"}};
const EnumEntry<Rollup> kRollup[] = {
    {Rollup::kSum, "sum"}, {Rollup::kLast, "last"}, {Rollup::kAverage, "average"}, {Rollup::kFormula, "formula"}};
const EnumEntry<Direction> kDir[] = {
    {Direction::kAtLeast, "at_least"}, {Direction::kAtMost, "at_most"}, {Direction::kBetween, "between"}};
const EnumEntry<Position> kPosition[] = {
    {Position::kBelow, "below"}, {Position::kWithin, "within"}, {Position::kAbove, "above"}};

}  // namespace

std::string ToString(DistributionType t) { return EnumName(kDist, t); }
std::optional<DistributionType> DistributionTypeFromString(const std::string& s) { return EnumParse(kDist, s); }
std::string ToString(LineKind k) { return EnumName(kKind, k); }
std::optional<LineKind> LineKindFromString(const std::string& s) { return EnumParse(kKind, s); }
std::string ToString(Rollup r) { return EnumName(kRollup, r); }
std::optional<Rollup> RollupFromString(const std::string& s) { return EnumParse(kRollup, s); }
std::string ToString(Direction d) { return EnumName(kDir, d); }
std::optional<Direction> DirectionFromString(const std::string& s) { return EnumParse(kDir, s); }
std::string ToString(Position p) { return EnumName(kPosition, p); }

}  // namespace outturn
