// SPDX-License-Identifier: MIT
// Sweep options: the spellings of SweepMethod (one table, base/enum_table.h) and
// SweepOptions::Validate.
#include "base/enum_table.h"
#include "base/text_util.h"
#include "outturn/sweep/sweep.h"

namespace outturn {
namespace {

const internal::EnumEntry<SweepMethod> kMethod[] = {{SweepMethod::kGrid, "grid"},
                                                    {SweepMethod::kOneAtATime, "oat"},
                                                    {SweepMethod::kMonteCarlo, "mc"},
                                                    {SweepMethod::kLatinHypercube, "lhs"},
                                                    {SweepMethod::kSobol, "sobol"}};

}  // namespace

std::string ToString(SweepMethod m) { return internal::EnumName(kMethod, m); }
std::optional<SweepMethod> SweepMethodFromString(const std::string& s) { return internal::EnumParse(kMethod, s); }

void SweepOptions::Validate() const {
  auto fail = [](const std::string& field, const std::string& value, const std::string& rule) {
    throw OptionsError("SweepOptions::" + field, rule, value);
  };
  if (samples < 1) fail("samples", std::to_string(samples), "must be at least 1");
  if (threads < 0 || threads > 1024) fail("threads", std::to_string(threads), "must be in [0, 1024] (0: every core)");
  if (chunk < 1) fail("chunk", std::to_string(chunk), "must be at least 1");
  if (until_ci < 0 || until_ci >= 1) fail("until_ci", internal::FormatNumber(until_ci), "must be in [0, 1)");
  if (!(confidence > 0 && confidence < 1)) fail("confidence", internal::FormatNumber(confidence), "must be in (0, 1)");
  if (lhs_block != 0 && (lhs_block < 2 || lhs_block > (1LL << 24) || (lhs_block & (lhs_block - 1))))
    fail("lhs_block", std::to_string(lhs_block), "must be 0 or a power of two in [2, 2^24]");
  if (grid_points < 2 || grid_points > 1000) fail("grid_points", std::to_string(grid_points), "must be in [2, 1000]");
  if (histogram_bins < 16 || histogram_bins > (1 << 20))
    fail("histogram_bins", std::to_string(histogram_bins), "must be in [16, 2^20]");
  if (dump_limit < 0) fail("dump_limit", std::to_string(dump_limit), "must be at least 0");
  if (sobol_index_samples < 0 || sobol_index_samples > 1'000'000'000)
    fail("sobol_index_samples", std::to_string(sobol_index_samples), "must be in [0, 10^9]");
}

}  // namespace outturn
