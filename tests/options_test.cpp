// SPDX-License-Identifier: MIT
// Sweep options: validation messages name the field, the value and the rule.
#include "outturn/sweep/sweep.h"

#include "support/test_util.h"

using namespace outturn;

TEST_SUITE("sweep/options") {
  TEST_CASE("options are validated with the field, value and rule") {
    SweepOptions o;
    o.samples = 0;
    CHECK_THROWS_WITH_AS(o.Validate(), "SweepOptions::samples must be at least 1 (got 0)", OptionsError);
    o = SweepOptions();
    o.lhs_block = 1000;
    CHECK_THROWS_WITH_AS(o.Validate(), "SweepOptions::lhs_block must be 0 or a power of two in [2, 2^24] (got 1000)",
                         OptionsError);
  }
}
