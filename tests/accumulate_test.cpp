// SPDX-License-Identifier: MIT
// Accumulators: pieces of a sweep combine into the whole bit for bit; moments merge by
// Chan's formula; counts pack, unpack and add exactly.
#include "sweep/accumulate.h"

#include <cmath>

#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/accumulate") {
  TEST_CASE("pieces of a sweep combine into the whole, bit for bit") {
    Model m = test::LoadText(kLinear);
    for (const std::vector<std::string>& paths : {std::vector<std::string>{}, std::vector<std::string>{"x"}}) {
      CAPTURE(paths.size());
      SweepOptions o;
      o.samples = 2 * kSegmentSize + 12345;
      o.threads = 2;
      o.regression = true;
      o.path_lines = paths;
      const SweepResult r = Sweep(m, o);
      CHECK(r.paths.size() == paths.size());
      const std::string whole = Fingerprint(r);
      std::vector<SweepPartial> parts;
      parts.push_back(SweepRange(m, o, 2 * kSegmentSize, 12345));  // out of order on purpose
      parts.push_back(SweepRange(m, o, 0, kSegmentSize));
      parts.push_back(SweepRange(m, o, kSegmentSize, kSegmentSize));
      CHECK(Fingerprint(CombineSweep(m, o, parts)) == whole);
      CHECK_THROWS_AS(SweepRange(m, o, 1000, kSegmentSize), UsageError);
      parts.pop_back();
      CHECK_THROWS_AS(CombineSweep(m, o, parts), UsageError);
    }
  }

  TEST_CASE("moments merge by Chan's formula: two parts give the whole's mean and M2") {
    using internal::MergeMoments;
    std::vector<double> x;
    for (int i = 0; i < 1000; ++i) x.push_back(std::sin(0.7 * i) * 100 + i * 0.01);
    auto moments = [&](size_t b, size_t e, double* out) {  // two passes over [b, e)
      double mean = 0, m2 = 0;
      for (size_t i = b; i < e; ++i) mean += x[i];
      mean /= static_cast<double>(e - b);
      for (size_t i = b; i < e; ++i) m2 += (x[i] - mean) * (x[i] - mean);
      out[0] = static_cast<double>(e - b);
      out[1] = mean;
      out[2] = m2;
    };
    double first[3], second[3], whole[3];
    moments(0, 300, first);
    moments(300, 1000, second);
    moments(0, 1000, whole);
    double acc[3] = {0, 0, 0};
    MergeMoments(acc, first[0], first[1], first[2]);  // into an empty accumulator: copied
    CHECK(acc[0] == first[0]);
    CHECK(acc[1] == first[1]);
    CHECK(acc[2] == first[2]);
    MergeMoments(acc, 0, 123, 456);  // an empty part changes nothing
    CHECK(acc[0] == first[0]);
    CHECK(acc[1] == first[1]);
    CHECK(acc[2] == first[2]);
    MergeMoments(acc, second[0], second[1], second[2]);
    CHECK(acc[0] == 1000);
    CHECK(acc[1] == doctest::Approx(whole[1]).epsilon(1e-13));
    CHECK(acc[2] == doctest::Approx(whole[2]).epsilon(1e-12));
  }

  TEST_CASE("counts pack and unpack losslessly, and add exactly") {
    using internal::Counts;
    const int K = 2, B = 3;
    Counts a;
    a.Init(K, B);
    CHECK(a.min[0] == INFINITY);
    CHECK(a.max[1] == -INFINITY);
    a.meets = {5, 7};
    a.below = {1, 0};
    a.above = {0, 2};
    a.under = {3, 1};
    a.bins = {1, 2, 3, 4, 5, 6};
    a.min = {-1.5, 2};
    a.max = {3, 4.25};
    a.all_meets = 4;
    const std::vector<long long> packed = a.Pack();
    CHECK(packed == std::vector<long long>{5, 7, 1, 0, 0, 2, 3, 1, 1, 2, 3, 4, 5, 6, 4});
    Counts b;
    b.Unpack(packed, K, B);
    CHECK(b.meets == a.meets);
    CHECK(b.below == a.below);
    CHECK(b.above == a.above);
    CHECK(b.under == a.under);
    CHECK(b.bins == a.bins);
    CHECK(b.all_meets == a.all_meets);
    CHECK(b.min[0] == INFINITY);  // extremes travel separately (SweepPartial::extremes)
    b.min = {-2, 5};
    b.max = {2.5, 9};
    a.Add(b);
    CHECK(a.meets == std::vector<long long>{10, 14});
    CHECK(a.above == std::vector<long long>{0, 4});
    CHECK(a.under == std::vector<long long>{6, 2});
    CHECK(a.bins == std::vector<long long>{2, 4, 6, 8, 10, 12});
    CHECK(a.all_meets == 8);
    CHECK(a.min == std::vector<double>{-2, 2});
    CHECK(a.max == std::vector<double>{3, 9});
  }

  TEST_CASE("the leaf layout: per target n, mean, m2, shortfall and miss sums; driver sums; regression") {
    internal::Layout l;
    l.K = 2;
    l.D = 3;
    CHECK(l.per_kpi() == 7);
    CHECK(l.sum_all() == 14);
    CHECK(l.reg() == 17);
    CHECK(l.size() == 17);
    l.regression = true;
    CHECK(l.size() == 17 + 3 + 2 + 9 + 6 + 2);  // x, y, xx, xy, yy
  }

  TEST_CASE("a piece that does not fit the sweep is refused") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 5000;
    o.threads = 1;
    SweepPartial p = SweepRange(m, o, 0, 5000);
    SweepPartial bad = p;
    bad.counts.pop_back();
    CHECK_THROWS_WITH_AS(CombineSweep(m, o, {bad}), "sweep piece does not match this model and options", UsageError);
    bad = p;
    bad.extremes.push_back(0);
    CHECK_THROWS_AS(CombineSweep(m, o, {bad}), UsageError);
    SweepOptions other = o;
    other.regression = true;  // a longer leaf layout
    CHECK_THROWS_AS(CombineSweep(m, other, {p}), UsageError);
    CHECK(Fingerprint(CombineSweep(m, o, {p})) == Fingerprint(Sweep(m, o)));
  }
}
