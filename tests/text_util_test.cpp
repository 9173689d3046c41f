// SPDX-License-Identifier: MIT
// Text helpers (base/text_util.h): edit distance, suggestions and the unknown-name message,
// lists, numbers that read back exactly, thousands separators.
#include "base/text_util.h"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "support/test_util.h"

using namespace outturn::internal;

namespace {

std::uint64_t Bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

}  // namespace

TEST_SUITE("text_util") {
  TEST_CASE("EditDistance is Levenshtein's: insertions, deletions, substitutions") {
    CHECK(EditDistance("", "") == 0);
    CHECK(EditDistance("abc", "") == 3);
    CHECK(EditDistance("", "abcd") == 4);
    CHECK(EditDistance("same", "same") == 0);
    CHECK(EditDistance("kitten", "sitting") == 3);
    CHECK(EditDistance("flaw", "lawn") == 2);
    CHECK(EditDistance("ab", "ba") == 2);  // a transposition is two edits
    CHECK(EditDistance("revenue", "revenu") == 1);
    CHECK(EditDistance("Revenue", "revenue") == 1);  // case matters
    for (auto [a, b] : {std::pair<const char*, const char*>{"growth", "grwoth"}, {"om_growth", "construction"}})
      CHECK(EditDistance(a, b) == EditDistance(b, a));
  }

  TEST_CASE("Suggest names the closest candidate within max(2, length / 3) edits") {
    const std::vector<std::string> names = {"revenue", "cost", "revenue_growth"};
    CHECK(Suggest("revenu", names) == "; did you mean 'revenue'?");
    CHECK(Suggest("revenue_grwth", names) == "; did you mean 'revenue_growth'?");
    CHECK(Suggest("zzzzzzzz", names) == "");
    CHECK(Suggest("anything", {}) == "");
    // Nine letters: three edits are close enough, four are not.
    CHECK(Suggest("abcdefghi", {"abcdefxyz"}) == "; did you mean 'abcdefxyz'?");
    CHECK(Suggest("abcdefghi", {"abcdewxyz"}) == "");
    // Short names: up to two edits.
    CHECK(Suggest("ab", {"xy"}) == "; did you mean 'xy'?");
    CHECK(Suggest("ab", {"xyz"}) == "");
    // Ties: the first candidate.
    CHECK(Suggest("cat", {"bat", "hat"}) == "; did you mean 'bat'?");
  }

  TEST_CASE("UnknownName: the one message for a name that is not there") {
    CHECK(UnknownName("driver", "om_grwth", {"om_growth", "fee"}) ==
          "unknown driver 'om_grwth'; did you mean 'om_growth'?");
    CHECK(UnknownName("line", "zzz", {"revenue", "cost"}) == "unknown line 'zzz'");
    // A name over a dimension (scenarios/README.md#dimensions) is there as NAME[ITEM] only.
    CHECK(UnknownName("driver", "churn", {"fee", "churn[ucan]", "churn[emea]", "churn_x"}) ==
          "unknown driver 'churn': it is over a dimension; name one item, churn[ucan], churn[emea]");
    std::vector<std::string> many;
    for (int i = 0; i < 8; ++i) many.push_back("s[i" + std::to_string(i) + "]");
    CHECK(UnknownName("line", "s", many) ==
          "unknown line 's': it is over a dimension; name one item, s[i0], s[i1], s[i2], s[i3], s[i4], s[i5], ... "
          "(8 items)");
    CHECK(UnknownName("period", "5Q10", {}) == "unknown period '5Q10'");
  }

  TEST_CASE("JoinList") {
    CHECK(JoinList({}) == "");
    CHECK(JoinList({"a"}) == "a");
    CHECK(JoinList({"a", "b", "c"}) == "a, b, c");
    CHECK(JoinList({"a", "b"}, true) == "'a', 'b'");
    CHECK(JoinList({""}, true) == "''");
  }

  TEST_CASE("FormatNumber: the shortest text that reads back as the same double") {
    CHECK(FormatNumber(0) == "0");
    CHECK(FormatNumber(0.05) == "0.05");
    CHECK(FormatNumber(0.1) == "0.1");
    CHECK(FormatNumber(1201091) == "1201091");
    CHECK(FormatNumber(34000000) == "34000000");  // whole numbers in full, never 3.4e+07
    CHECK(FormatNumber(-2.5) == "-2.5");
    CHECK(FormatNumber(1.0 / 3) == "0.3333333333333333");
    CHECK(FormatNumber(0.1 + 0.2) == "0.30000000000000004");
    std::vector<double> values = {1e-300,
                                  5e-324,
                                  1e300,
                                  -1e15,
                                  1e15,
                                  123456789.125,
                                  -0.0,
                                  std::numeric_limits<double>::max(),
                                  std::numeric_limits<double>::min()};
    std::mt19937_64 rng(11);
    for (int i = 0; i < 20000; ++i) {
      const std::uint64_t b = rng();
      double x;
      std::memcpy(&x, &b, sizeof x);
      if (std::isfinite(x)) values.push_back(x);
      values.push_back(static_cast<double>(static_cast<std::int64_t>(b >> 20)) / 1000);  // amounts
    }
    int differ = 0;
    for (double v : values) differ += Bits(std::strtod(FormatNumber(v).c_str(), nullptr)) != Bits(v);
    CHECK(differ == 0);
  }

  TEST_CASE("WithCommas: thousands separators on whole amounts, fractions as FormatNumber") {
    CHECK(WithCommas(0) == "0");
    CHECK(WithCommas(999) == "999");
    CHECK(WithCommas(1000) == "1,000");
    CHECK(WithCommas(123456) == "123,456");
    CHECK(WithCommas(1234567) == "1,234,567");
    CHECK(WithCommas(-1234567) == "-1,234,567");
    CHECK(WithCommas(-1000) == "-1,000");
    CHECK(WithCommas(1e15) == "1,000,000,000,000,000");
    CHECK(WithCommas(1234.5) == "1234.5");
    CHECK(WithCommas(-0.25) == "-0.25");
  }
}
