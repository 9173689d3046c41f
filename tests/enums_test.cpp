// SPDX-License-Identifier: MIT
// Every public enum's spellings: each value has its own, FromString reads back what ToString
// writes, and anything else (other case, padding, a prefix, "?") is not a value.
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/base/calendar.h"
#include "outturn/model/model.h"
#include "outturn/report/report.h"
#include "outturn/sweep/sweep.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

// Every value of E with its spelling (these are the files', the CLI's and the bindings'
// words: changing one is a breaking change).
template <typename E>
using Spellings = std::vector<std::pair<E, std::string>>;

template <typename E>
void CheckRoundTrip(const Spellings<E>& all, std::optional<E> (*from)(const std::string&)) {
  std::set<std::string> seen;
  for (const auto& entry : all) {
    const E value = entry.first;
    const std::string& spelling = entry.second;  // a plain reference: doctest's CAPTURE takes it
    CAPTURE(spelling);
    CHECK(ToString(value) == spelling);
    const std::optional<E> back = from(ToString(value));
    REQUIRE(back.has_value());
    CHECK(*back == value);
    seen.insert(ToString(value));
    std::string upper = spelling;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK_FALSE(from(upper).has_value());
    CHECK_FALSE(from(spelling + " ").has_value());
    CHECK_FALSE(from(" " + spelling).has_value());
    CHECK_FALSE(from(spelling.substr(0, spelling.size() - 1)).has_value());
  }
  CHECK(seen.size() == all.size());
  for (const char* unknown : {"", "?", "unknown_value"}) CHECK_FALSE(from(unknown).has_value());
}

template <typename E>
void CheckNames(const Spellings<E>& all) {
  for (const auto& [value, spelling] : all) CHECK(ToString(value) == spelling);
}

}  // namespace

TEST_SUITE("enums") {
  TEST_CASE("DistributionType") {
    CheckRoundTrip<DistributionType>({{DistributionType::kNone, "none"},
                                      {DistributionType::kNormal, "normal"},
                                      {DistributionType::kTruncatedNormal, "truncated_normal"},
                                      {DistributionType::kLognormal, "lognormal"},
                                      {DistributionType::kUniform, "uniform"},
                                      {DistributionType::kTriangular, "triangular"},
                                      {DistributionType::kPert, "pert"},
                                      {DistributionType::kDiscrete, "discrete"},
                                      {DistributionType::kEmpirical, "empirical"}},
                                     &DistributionTypeFromString);
  }

  TEST_CASE("LineKind") {
    CheckRoundTrip<LineKind>({{LineKind::kRevenue, "revenue"},
                              {LineKind::kCost, "cost"},
                              {LineKind::kExpense, "expense"},
                              {LineKind::kOther, "other"},
                              {LineKind::kSubtotal, "subtotal"},
                              {LineKind::kKpi, "kpi"},
                              {LineKind::kMemo, "memo"}},
                             &LineKindFromString);
  }

  TEST_CASE("Rollup") {
    CheckRoundTrip<Rollup>(
        {{Rollup::kSum, "sum"}, {Rollup::kLast, "last"}, {Rollup::kAverage, "average"}, {Rollup::kFormula, "formula"}},
        &RollupFromString);
  }

  TEST_CASE("Direction") {
    CheckRoundTrip<Direction>({{Direction::kAtLeast, "at_least"}, {Direction::kAtMost, "at_most"}},
                              &DirectionFromString);
  }

  TEST_CASE("SweepMethod") {
    CheckRoundTrip<SweepMethod>({{SweepMethod::kGrid, "grid"},
                                 {SweepMethod::kOneAtATime, "oat"},
                                 {SweepMethod::kMonteCarlo, "mc"},
                                 {SweepMethod::kLatinHypercube, "lhs"},
                                 {SweepMethod::kSobol, "sobol"}},
                                &SweepMethodFromString);
  }

  TEST_CASE("SwingKind") {
    CheckRoundTrip<SwingKind>(
        {{SwingKind::kDistribution, "distribution"}, {SwingKind::kBounds, "bounds"}, {SwingKind::kPercent, "percent"}},
        &SwingKindFromString);
  }

  TEST_CASE("Format") {
    CheckRoundTrip<Format>({{Format::kTable, "table"}, {Format::kCsv, "csv"}, {Format::kJson, "json"}},
                           &FormatFromString);
  }

  TEST_CASE("enums written but never read: Periodicity, GoalSeekStatus, BridgeMethod") {
    CheckNames<Periodicity>({{Periodicity::kMonth, "month"}, {Periodicity::kQuarter, "quarter"}});
    CheckNames<GoalSeekStatus>({{GoalSeekStatus::kSolved, "solved"},
                                {GoalSeekStatus::kNoSolutionInBracket, "no_solution_in_bracket"},
                                {GoalSeekStatus::kNotConverged, "not_converged"}});
    CheckNames<BridgeMethod>(
        {{BridgeMethod::kShapley, "shapley"}, {BridgeMethod::kSymmetricSequential, "symmetric_sequential"}});
  }
}
