// SPDX-License-Identifier: MIT
// Dependence among sampled drivers: the Gaussian copula and Iman-Conover against the target
// rank correlations, the designs' agreement on a correlated model, the nearest correlation matrix, AR(1) per-period
// shocks.
#include "outturn/sweep/sweep.h"

#include <Eigen/Eigenvalues>
#include <algorithm>

#include "support/sweep_fixtures.h"
#include "sweep/correlation.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/correlation") {
  // B B^T reproduces C to rounding, for the Cholesky path (positive definite: B lower
  // triangular, its known closed form for 2 x 2) and the Jacobi fallback (semi-definite).
  TEST_CASE("the copula factor: Cholesky when positive definite, Jacobi eigenvectors when only semi-definite") {
    Matrix c2(2, 2);
    c2 << 1, 0.6, 0.6, 1;
    const Matrix b2 = internal::CorrelationFactor(c2);
    CHECK(b2(0, 0) == 1.0);
    CHECK(b2(0, 1) == 0.0);
    CHECK(b2(1, 0) == 0.6);
    CHECK(b2(1, 1) == doctest::Approx(0.8).epsilon(1e-15));
    // Rank 2 in 3 dimensions: drivers 0 and 1 perfectly correlated.
    Matrix c3(3, 3);
    c3 << 1, 1, 0.3, 1, 1, 0.3, 0.3, 0.3, 1;
    Matrix c4(4, 4);  // positive definite, no zeros
    c4 << 1, 0.5, 0.2, -0.3, 0.5, 1, 0.4, 0.1, 0.2, 0.4, 1, 0.25, -0.3, 0.1, 0.25, 1;
    for (const Matrix* c : {&c3, &c4}) {
      const Matrix b = internal::CorrelationFactor(*c);
      const Matrix bbt = b * b.transpose();
      for (int i = 0; i < c->rows(); ++i)
        for (int j = 0; j < c->cols(); ++j) CHECK(std::fabs(bbt(i, j) - (*c)(i, j)) < 1e-13);
    }
    const Matrix b4 = internal::CorrelationFactor(c4);
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) CHECK(b4(i, j) == 0.0);
    // The semi-definite factor is not triangular (Cholesky's pivot vanished).
    const Matrix b3 = internal::CorrelationFactor(c3);
    CHECK((b3(0, 1) != 0.0 || b3(0, 2) != 0.0));
  }

  TEST_CASE("the matrix holds rank correlations: every design achieves them (99.99% level)") {
    const std::string model =
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  a: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  b: {value: 0, distribution: {type: uniform, low: 0, high: 1}}\n"
        "  c: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "lines:\n  x: {formula: a + b + c, actuals: {1Q10: 0}}\n"
        "targets:\n  t: {line: x, span: 2Q10, value: 0}\n"
        "correlations:\n"
        "  - drivers: [a, b, c]\n"
        "    matrix: [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]]\n";
    Model m = test::LoadText(model);
    REQUIRE(m.correlations().size() == 1);
    // The copula's normal scores carry 2 sin(pi rho / 6).
    CHECK(m.correlations()[0].normal[1] == doctest::Approx(2 * std::sin(M_PI * 0.6 / 6)).epsilon(1e-15));
    CHECK_FALSE(m.correlations()[0].normal_adjusted);
    const long long n = 1 << 18;
    auto ranks = [&](const BatchMatrix& v, int row) {
      std::vector<int> idx(n);
      for (int i = 0; i < n; ++i) idx[i] = i;
      std::sort(idx.begin(), idx.end(), [&](int l, int r) { return v(row, l) < v(row, r); });
      std::vector<double> rk(n);
      for (int i = 0; i < n; ++i) rk[idx[i]] = static_cast<double>(i);
      return rk;
    };
    auto corr = [](const std::vector<double>& x, const std::vector<double>& y) {
      const double N = static_cast<double>(x.size());
      double mx = 0, my = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        mx += x[i];
        my += y[i];
      }
      mx /= N;
      my /= N;
      double sxy = 0, sxx = 0, syy = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
      }
      return sxy / std::sqrt(sxx * syy);
    };
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      CAPTURE(ToString(method));
      SweepOptions o;
      o.method = method;
      o.samples = n;
      const SweepSamples s = SampleSweep(m, o, 0, n);
      const auto ra = ranks(s.driver_values, 0), rb = ranks(s.driver_values, 1), rc = ranks(s.driver_values, 2);
      // Spearman's rho at n = 2^18 has sd below (1 - rho^2) / sqrt(n) < 0.002: 0.008 is 4 sd.
      // The old reading (rho as the normal scores' correlation) gave (6/pi) asin(rho / 2):
      // 0.586 for 0.6, off by 0.014.
      CHECK(std::fabs(corr(ra, rb) - 0.6) < 0.008);
      CHECK(std::fabs(corr(ra, rc) - -0.3) < 0.008);
      CHECK(std::fabs(corr(rb, rc) - 0.2) < 0.008);
      // Marginals are kept: b stays uniform on (0, 1); Latin hypercube keeps one value per
      // stratum.
      if (method == SweepMethod::kLatinHypercube) {
        std::vector<int> hits(n, 0);
        for (int j = 0; j < n; ++j) ++hits[static_cast<int>(s.driver_values(1, j) * n)];
        CHECK(std::count(hits.begin(), hits.end(), 1) == n);
      }
    }
  }

  TEST_CASE("Monte Carlo, Latin hypercube and Sobol agree within their intervals at 10^7 (99.9% level)") {
    // A correlated model whose target sits in the tail (P(meet) near 0.067): by blocks of 128
    // Iman-Conover gave Sobol 0.0668, and the copula read as normal-score correlations gave
    // Monte Carlo 0.0660, each [+-0.0002] at 95%.
    Model m = Model::Load(test::SourcePath("tests/data/correlated.yaml"));
    std::vector<double> p;
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      SweepOptions o;
      o.method = method;
      o.samples = 10'000'000;
      o.seed = 7;
      p.push_back(Sweep(m, o).kpis[0].p_meet);
    }
    // The difference of two estimates, each with at most the binomial variance p (1 - p) / n
    // (stratified designs have less), within 3.29 sd.
    const double tol = 3.29 * std::sqrt(2 * p[0] * (1 - p[0]) / 1e7);
    CAPTURE(p[0]);
    CAPTURE(p[1]);
    CAPTURE(p[2]);
    CHECK(std::fabs(p[0] - p[1]) < tol);
    CHECK(std::fabs(p[0] - p[2]) < tol);
    CHECK(std::fabs(p[1] - p[2]) < tol);
  }

  TEST_CASE("a rank matrix whose normal-score matrix is indefinite is repaired, and the sweep says so") {
    // Positive definite (smallest eigenvalue 0.0101); 2 sin(pi rho / 6) of it has -0.0136.
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  a: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  b: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  c: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "lines:\n  x: {formula: a + b + c, actuals: {1Q10: 0}}\n"
        "targets:\n  t: {line: x, span: 2Q10, value: 0}\n"
        "correlations:\n"
        "  - drivers: [a, b, c]\n"
        "    matrix: [[1, 0.7, 0.7], [0.7, 1, 0], [0.7, 0, 1]]\n");
    const Correlation& c = m.correlations()[0];
    CHECK_FALSE(c.adjusted);
    CHECK(c.normal_adjusted);
    CHECK(c.normal_smallest_eigenvalue == doctest::Approx(-0.013618).epsilon(1e-4));
    Eigen::Map<const Matrix> mat(c.normal.data(), 3, 3);
    CHECK(Eigen::SelfAdjointEigenSolver<Matrix>(mat).eigenvalues().minCoeff() > -1e-12);
    for (int i = 0; i < 3; ++i) CHECK(mat(i, i) == doctest::Approx(1.0).epsilon(1e-12));
    SweepOptions o;
    o.samples = 1000;
    const SweepResult r = Sweep(m, o);
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] ==
          "correlations[0]: the normal-score matrix 2 sin(pi rho / 6) of these rank correlations is not positive "
          "semi-definite (smallest eigenvalue -0.01362); its nearest correlation matrix (Higham 2002) is used");
  }

  TEST_CASE("a matrix that is not positive semi-definite can be replaced by the nearest one") {
    const std::string base =
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 1}\n"
        "drivers:\n"
        "  a: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  b: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  c: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "lines:\n  x: {formula: a + b + c}\n"
        "correlations:\n"
        "  - drivers: [a, b, c]\n"
        "    matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n";
    CHECK(test::LoadError(base).find("not positive semi-definite (smallest eigenvalue -0.8)") != std::string::npos);
    Model m = test::LoadText(base + "    nearest: true\n");
    const Correlation& c = m.correlations()[0];
    CHECK(c.adjusted);
    Eigen::Map<const Matrix> mat(c.matrix.data(), 3, 3);
    Eigen::SelfAdjointEigenSolver<Matrix> es(mat);
    CHECK(es.eigenvalues().minCoeff() > -1e-12);
    for (int i = 0; i < 3; ++i) CHECK(mat(i, i) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK((mat - mat.transpose()).norm() < 1e-12);
    // Nearest: closer to the given matrix than, e.g., the identity.
    Matrix given(3, 3);
    given << 1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1;
    CHECK((mat - given).norm() < (Matrix::Identity(3, 3) - given).norm());
  }

  TEST_CASE("per-period shocks follow an AR(1) with the stated sd and autocorrelation") {
    test::TempDir d;
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  g: {value: 0, distribution: {type: uniform, low: -0.001, high: 0.001}, shocks: {sd: 0.5, ar1: 0.7}}\n"
        "lines:\n  x: {formula: g, actuals: {1Q10: 0}}\n"
        "targets:\n  t: {line: x, span: FY10, value: 0}\n");
    SweepOptions o;
    o.samples = 100000;
    o.dump_path = d.path() + "/s.csv";
    Sweep(m, o);
    const auto rows = ReadDump(o.dump_path);
    REQUIRE(rows[0].size() == 6);  // scenario, g, g@2Q10, g@3Q10, g@4Q10, t
    double s2 = 0, s3 = 0, c23 = 0, c24 = 0, s4 = 0;
    for (const auto& r : rows) {
      const double e2 = r[2] - r[1], e3 = r[3] - r[1], e4 = r[4] - r[1];
      s2 += e2 * e2;
      s3 += e3 * e3;
      s4 += e4 * e4;
      c23 += e2 * e3;
      c24 += e2 * e4;
    }
    const double n = static_cast<double>(rows.size());
    CHECK(std::sqrt(s2 / n) == doctest::Approx(0.5).epsilon(0.02));
    CHECK(std::sqrt(s4 / n) == doctest::Approx(0.5).epsilon(0.02));
    CHECK(c23 / std::sqrt(s2 * s3) == doctest::Approx(0.7).epsilon(0.02));
    CHECK(c24 / std::sqrt(s2 * s4) == doctest::Approx(0.49).epsilon(0.04));
  }
}
