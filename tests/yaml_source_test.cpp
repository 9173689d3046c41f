// SPDX-License-Identifier: MIT
#include "load/yaml_source.h"

#include <doctest/doctest.h>

using namespace outturn;
using namespace outturn::internal;

namespace {
std::string ParseError(const std::string& text) {
  try {
    auto f = YamlFile::Parse("t.yaml", text);
    ReadMap(*f, f->root(), "", {"a", "b", "c"});
    return "(ok)";
  } catch (const ModelError& e) {
    return e.Headline();
  }
}
}  // namespace

TEST_SUITE("yaml_source") {
  TEST_CASE("numbers: plain, underscores, exponents and percentages") {
    struct Row {
      const char* text;
      double value;
    };
    const Row rows[] = {
        {"12.5", 12.5}, {"1_250_000", 1250000}, {"-3e2", -300}, {"5%", 0.05}, {"-0.5%", -0.005}, {"0", 0}, {"+7", 7}};
    for (const Row& r : rows) {
      CAPTURE(r.text);
      double v = 0;
      REQUIRE(ParseNumberText(r.text, &v));
      CHECK(v == doctest::Approx(r.value).epsilon(1e-15));
    }
  }

  TEST_CASE("not numbers: words, hex, inf, nan, empty, thousands commas") {
    for (const char* s : {"abc", "0x10", "inf", ".inf", "nan", "", "%", "1,000", "1e999", "12 5"}) {
      CAPTURE(s);
      double v;
      CHECK_FALSE(ParseNumberText(s, &v));
    }
  }

  TEST_CASE("duplicate keys are errors pointing at the second one") {
    CHECK(ParseError("a: 1\nb: 2\na: 3\n") == "t.yaml:3:1: error: a: duplicate key (first defined at line 1)");
  }

  TEST_CASE("unknown keys are errors with the closest allowed key") {
    CHECK(ParseError("a: 1\nbb: 2\n") == "t.yaml:2:1: error: bb: unknown key; did you mean 'b'? (allowed: a, b, c)");
  }

  TEST_CASE("a quoted string that runs to the end of the file is rejected") {
    auto f = YamlFile::Parse("t.yaml", "a: \"unterminated\n");
    auto es = ReadMap(*f, f->root(), "");
    CHECK_THROWS_WITH_AS(ReadScalar(*f, es[0].value, "a"),
                         "t.yaml:1:4: error: a: unterminated quoted string\n 1 | a: \"unterminated\n   |    ^",
                         ModelError);
  }

  TEST_CASE("deep nesting is rejected before the parser recurses") {
    const std::string deep(100000, '[');
    CHECK_THROWS_AS(YamlFile::Parse("t.yaml", "a: " + deep), ModelError);
    std::string block;
    for (int i = 0; i < 400; ++i) block += std::string(i, ' ') + "k:\n";
    CHECK_THROWS_AS(YamlFile::Parse("t.yaml", block), ModelError);
  }

  TEST_CASE("an alias bomb stops at the node limit") {
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i)
      text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
              std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
              std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" +
              std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
    CHECK_THROWS_WITH_AS(YamlFile::Parse("t.yaml", text), doctest::Contains("YAML nodes"), ModelError);
  }

  TEST_CASE("scalars of the wrong shape name the rule") {
    auto f = YamlFile::Parse("t.yaml", "a: [1, 2]\nb: {x: 1}\nc: 1.5\n");
    auto es = ReadMap(*f, f->root(), "");
    CHECK_THROWS_WITH_AS(ReadNumber(*f, es[0].value, "a"), doctest::Contains("must be a single value (got a list)"),
                         ModelError);
    CHECK_THROWS_WITH_AS(ReadString(*f, es[1].value, "b"), doctest::Contains("must be a single value (got a mapping)"),
                         ModelError);
    CHECK_THROWS_WITH_AS(ReadInt(*f, es[2].value, "c", 1, 10), doctest::Contains("must be a whole number (got '1.5')"),
                         ModelError);
  }
}
