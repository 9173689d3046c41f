// SPDX-License-Identifier: MIT
#include "outturn/compile/program.h"

#include <random>

#include "support/test_util.h"

using namespace outturn;

namespace {

Model Example() { return Model::Load(test::SourcePath("scenarios/example/model.yaml")); }

std::vector<Input> AllDriverInputs(const Model& m) {
  std::vector<Input> in;
  for (int d = 0; d < static_cast<int>(m.drivers().size()); ++d) in.push_back({d, -1});
  return in;
}

// A batch of scenarios around the base values, reproducible.
BatchMatrix RandomBatch(const Program& p, int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.9, 1.1);
  const Vector base = p.BaseInputs();
  BatchMatrix x(p.num_inputs(), n);
  for (int j = 0; j < n; ++j)
    for (int k = 0; k < p.num_inputs(); ++k) x(k, j) = base[k] * u(rng);
  return x;
}

}  // namespace

TEST_SUITE("program") {
  TEST_CASE("base inputs reproduce the model's own projection") {
    Model m = Example();
    Program p(m, AllDriverInputs(m));
    BatchMatrix x(p.num_inputs(), 1);
    x.col(0) = p.BaseInputs();
    BatchMatrix out = p.Evaluate(x);
    Results r = Run(m);
    for (int i = 0; i < p.num_outputs(); ++i) CHECK(out(i, 0) == r.values()[i]);
  }

  TEST_CASE("a batch of N scenarios equals N single evaluations, bit for bit") {
    Model m = Example();
    Program p(m, AllDriverInputs(m));
    const int n = 1000;
    BatchMatrix x = RandomBatch(p, n, 7);
    BatchMatrix batch = p.Evaluate(x);
    for (int j = 0; j < n; j += 37) {
      BatchMatrix one = p.Evaluate(x.col(j));
      for (int i = 0; i < p.num_outputs(); ++i) REQUIRE(one(i, 0) == batch(i, j));
    }
  }

  TEST_CASE("results do not depend on the block size") {
    Model m = Example();
    const int n = 777;  // not a multiple of any block size below
    BatchMatrix ref;
    for (int block : {1, 3, 8, 64, 256, 4096}) {
      CAPTURE(block);
      ProgramOptions o;
      o.block_size = block;
      Program p(m, AllDriverInputs(m), {}, o);
      BatchMatrix out = p.Evaluate(RandomBatch(p, n, 11));
      if (ref.size() == 0) ref = out;
      CHECK((out.array() == ref.array()).all());
    }
  }

  TEST_CASE("asking for a few cells compiles a smaller tape with the same values") {
    Model m = Example();
    const int oi = m.FindLine("operating_income"), fy = m.calendar().FindColumn("FY10");
    Program all(m, AllDriverInputs(m));
    Program few(m, AllDriverInputs(m), {{oi, fy}});
    CHECK(few.num_instructions() < all.num_instructions());
    CHECK(few.num_slots() < all.num_slots());
    BatchMatrix x = RandomBatch(all, 100, 3);
    BatchMatrix a = all.Evaluate(x), f = few.Evaluate(x);
    const int row = all.OutputIndex({oi, fy});
    for (int j = 0; j < 100; ++j) CHECK(f(0, j) == a(row, j));
  }

  TEST_CASE("constant cells fold away: no inputs, no instructions") {
    Program p(Example());
    CHECK(p.num_instructions() == 0);
  }

  TEST_CASE("Jacobian matches central finite differences") {
    // Away from kinks: the office opens mid-month (months_after is piecewise linear in the
    // date, with kinks at month starts).
    Model m = Example().WithOverrides({{"new_office_date", double(DaysFromCivil(2011, 2, 10)), -1}});
    Program p(m, AllDriverInputs(m));
    const Vector x0 = p.BaseInputs();
    Vector values;
    const Matrix J = p.Jacobian(x0, &values);
    BatchMatrix xb(p.num_inputs(), 1);
    xb.col(0) = x0;
    const BatchMatrix f0 = p.Evaluate(xb);
    for (int o = 0; o < p.num_outputs(); ++o) CHECK(values[o] == f0(o, 0));
    for (int k = 0; k < p.num_inputs(); ++k) {
      const double h = 1e-6 * std::max(1.0, std::fabs(x0[k]));
      BatchMatrix xp = xb, xm = xb;
      xp(k, 0) += h;
      xm(k, 0) -= h;
      const BatchMatrix fp = p.Evaluate(xp), fm = p.Evaluate(xm);
      for (int o = 0; o < p.num_outputs(); ++o) {
        const double fd = (fp(o, 0) - fm(o, 0)) / (2 * h);
        const double scale = std::max({1.0, std::fabs(J(o, k)), std::fabs(f0(o, 0)) * 1e-6});
        CAPTURE(m.drivers()[k].name);
        CAPTURE(o);
        CHECK(std::fabs(fd - J(o, k)) / scale < 1e-6);
      }
    }
  }

  TEST_CASE("linear pieces have exactly known derivatives") {
    Model m = Example();
    const int fee = m.FindDriver("subscription_fee");
    const int rev = m.FindLine("revenue.subscriptions");
    const int fy = m.calendar().FindColumn("FY10");
    Program p(m, {{fee, -1}}, {{rev, fy}, {rev, 0}});
    const Matrix J = p.Jacobian(p.BaseInputs());
    // d/d fee of subscribers(3Q) * fee + subscribers(4Q) * fee = 6200 + 6600; actuals: 0.
    CHECK(J(0, 0) == 12800);
    CHECK(J(1, 0) == 0);
  }

  TEST_CASE("derivatives through months_after and ramp of a date driver") {
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4}\n"
        "drivers:\n  d: {value: 2010-11-16, unit: date}\n"
        "lines:\n  m: {formula: months_after(d)}\n  r: {formula: 'ramp(d, date(2011-02-15))'}\n");
    Program p(m, {{0, -1}});
    const Matrix J = p.Jacobian(p.BaseInputs());
    // 3Q10 (Oct-Dec): months_after = (30 - 15)/30 of November + 1 of December: d/dd = -1/30.
    const int m3 = p.OutputIndex({0, 2});
    CHECK(J(m3, 0) == doctest::Approx(-1.0 / 30).epsilon(1e-14));
    for (int k = 0; k < p.num_outputs(); ++k) {
      const double h = 1e-3;
      BatchMatrix xp(1, 1), xm(1, 1);
      xp(0, 0) = p.BaseInputs()[0] + h;
      xm(0, 0) = p.BaseInputs()[0] - h;
      const double fd = (p.Evaluate(xp)(k, 0) - p.Evaluate(xm)(k, 0)) / (2 * h);
      CHECK(fd == doctest::Approx(J(k, 0)).epsilon(1e-6));
    }
  }

  TEST_CASE("per-period inputs vary one period only") {
    Model m = Example();
    const int price = m.FindDriver("widgets_price");
    const int rev = m.FindLine("revenue.widgets");
    Program p(m, {{price, 2}}, {{rev, 2}, {rev, 3}});
    BatchMatrix x(1, 2);
    x << 10, 20;
    BatchMatrix out = p.Evaluate(x);
    CHECK(out(0, 1) == 2 * out(0, 0));
    CHECK(out(1, 0) == out(1, 1));  // 4Q10 keeps its own price
  }

  TEST_CASE("a non-finite value in one scenario of a batch is reported, not carried") {
    test::TempDir d;
    const std::string path =
        d.Write("m.yaml",
                "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 2Q10}\n"
                "drivers:\n  cap: {value: 12}\n"
                "lines:\n  a: {formula: prev(a) + 1, actuals: {1Q10: 1, 2Q10: 2}}\n"
                "  b: {formula: a / (cap - 10), actuals: {1Q10: 1, 2Q10: 1}}\n"
                "  c: {formula: b * 2}\n");
    Model m = Model::Load(path);
    const int c = m.FindLine("c"), fy = m.calendar().FindColumn("FY10");
    Program p(m, {{0, -1}}, {{c, fy}});
    BatchMatrix x(1, 5);
    x << 12, 11, 13, 10, 14;
    try {
      p.Evaluate(x);
      FAIL("no error");
    } catch (const NumericalError& e) {
      CHECK(e.line() == "b");
      CHECK(e.column() == "3Q10");
      CHECK(e.scenario() == 3);
      CHECK(e.Headline() == path +
                                ":6:16: error: lines.b.formula: value is +inf in 3Q10 in scenario 3 of the "
                                "batch (a division by zero or an overflow?)");
    }
  }

  TEST_CASE("bad inputs and options are usage errors") {
    Model m = Example();
    CHECK_THROWS_AS(Program(m, {{99, -1}}), UsageError);
    CHECK_THROWS_AS(Program(m, {{0, 9}}), UsageError);
    CHECK_THROWS_AS(Program(m, {{0, -1}, {0, -1}}), UsageError);
    CHECK_THROWS_AS(Program(m, {}, {{0, 99}}), UsageError);
    ProgramOptions o;
    o.block_size = 0;
    CHECK_THROWS_WITH_AS(o.Validate(), "ProgramOptions::block_size must be in [1, 4096] (got 0)", OptionsError);
    Program p(m, {{0, -1}});
    BatchMatrix x(1, 2);
    x << 0.01, std::nan("");
    CHECK_THROWS_AS(p.Evaluate(x), UsageError);
  }

  TEST_CASE("an empty batch evaluates to nothing") {
    Model m = Example();
    Program p(m, AllDriverInputs(m));
    BatchMatrix x(p.num_inputs(), 0);
    CHECK(p.Evaluate(x).cols() == 0);
  }
}
