// SPDX-License-Identifier: MIT
#include "load/formula.h"

#include <doctest/doctest.h>

using namespace outturn;
using namespace outturn::internal;

namespace {

// Renders the AST in prefix form, to check precedence and associativity.
std::string Show(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kNumber: return e.text;
    case Expr::Kind::kWord: return "'" + e.text + "'";
    case Expr::Kind::kName: return e.text;
    case Expr::Kind::kUnary: return "(" + e.text + " " + Show(*e.args[0]) + ")";
    case Expr::Kind::kBinary: return "(" + e.text + " " + Show(*e.args[0]) + " " + Show(*e.args[1]) + ")";
    case Expr::Kind::kCall: {
      std::string s = e.text + "(";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + Show(*e.args[i]);
      return s + ")";
    }
  }
  return "?";
}

std::string Parse(const std::string& text) {
  FormulaSource src;
  src.text = text;
  src.line = 1;
  src.column = 0;
  try {
    return Show(*ParseFormula(src));
  } catch (const ModelError& e) {
    return "error at " + std::to_string(e.where().column) + ": " + e.message();
  }
}

}  // namespace

TEST_SUITE("formula") {
  TEST_CASE("precedence and associativity") {
    struct Row {
      const char* in;
      const char* out;
    };
    const Row rows[] = {
        {"a + b * c", "(+ a (* b c))"},
        {"a - b - c", "(- (- a b) c)"},
        {"a / b / c", "(/ (/ a b) c)"},
        {"-a ^ 2", "(- (^ a 2))"},
        {"a ^ b ^ c", "(^ a (^ b c))"},
        {"a < b and c or not d", "(or (and (< a b) c) (not d))"},
        {"(a + b) * c", "(* (+ a b) c)"},
        {"prev(revenue.network.wan) * (1 + g)", "(* prev(revenue.network.wan) (+ 1 g))"},
        {"at(x, 2Q10)", "at(x, '2Q10')"},
        {"date(2010-09-01)", "date('2010-09-01')"},
        {"x * 2-1", "(- (* x 2) 1)"},
        {"5% * 1_000", "(* 5% 1_000)"},
        {"period.quarter == 4", "(== period.quarter 4)"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.in);
      CHECK(Parse(r.in) == r.out);
    }
  }

  TEST_CASE("syntax errors point at the offending character") {
    struct Row {
      const char* in;
      const char* out;
    };
    const Row rows[] = {
        {"", "error at 1: empty formula"},
        {"a +", "error at 4: formula ends too early"},
        {"(a + b", "error at 7: expected ')' (got 'end of formula')"},
        {"a + b)", "error at 6: unexpected ')'"},
        {"a < b < c", "error at 7: comparisons do not chain; use 'and'"},
        {"a $ b", "error at 3: unexpected character '$'"},
        {"min(a b)", "error at 7: expected ',' or ')' in arguments of min() (got 'b')"},
        {"1.2.3", "error at 1: malformed number '1.2.3'"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.in);
      CHECK(Parse(r.in) == r.out);
    }
  }

  TEST_CASE("error offsets map to file columns") {
    FormulaSource src;
    src.text = "a + )";
    src.line = 3;
    src.column = 13;  // content starts at 0-based column 13
    src.node_column = 13;
    try {
      ParseFormula(src);
      FAIL("no error");
    } catch (const ModelError& e) {
      CHECK(e.where().line == 3);
      CHECK(e.where().column == 13 + 4 + 1);  // the ')' at offset 4, 1-based
    }
  }

  TEST_CASE("nesting is bounded") {
    std::string deep(5000, '(');
    deep += "1";
    deep += std::string(5000, ')');
    CHECK(Parse(deep).find("formula nested too deeply") != std::string::npos);
    std::string minus(5000, '-');
    CHECK(Parse(minus + "1").find("formula nested too deeply") != std::string::npos);
  }

  TEST_CASE("NAME[ITEM] and NAME[*] are one name (dimensions)") {
    CHECK(Parse("members[emea] + x") == "(+ members[emea] x)");
    CHECK(Parse("sum(a.b[*] * c[_x1])") == "sum((* a.b[*] c[_x1]))");
    CHECK(Parse("prev(members[ucan])") == "prev(members[ucan])");
    CHECK(Parse("members[emea") ==
          "error at 8: expected an item and ']' after 'members[' (NAME[ITEM], or NAME[*] in sum())");
    CHECK(Parse("members[] + 1") ==
          "error at 9: expected an item and ']' after 'members[' (NAME[ITEM], or NAME[*] in sum())");
    CHECK(Parse("m[e-1]") == "error at 4: expected an item and ']' after 'm[' (NAME[ITEM], or NAME[*] in sum())");
    CHECK(Parse("[emea]") == "error at 1: unexpected character '['");
  }
}
