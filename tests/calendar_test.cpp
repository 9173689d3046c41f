// SPDX-License-Identifier: MIT
#include "outturn/base/calendar.h"

#include <doctest/doctest.h>

using namespace outturn;

TEST_SUITE("calendar") {
  TEST_CASE("day numbers follow the proleptic Gregorian calendar") {
    CHECK(DaysFromCivil(1970, 1, 1) == 0);
    CHECK(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28) == 2);  // 2000 is a leap year
    CHECK(DaysFromCivil(2011, 3, 1) - DaysFromCivil(2011, 2, 28) == 1);
    CHECK(ParseDate("2010-09-01") == DaysFromCivil(2010, 9, 1));
    CHECK(FormatDate(DaysFromCivil(2010, 11, 15)) == "2010-11-15");
  }

  TEST_CASE("malformed or impossible dates are rejected") {
    for (const char* s : {"2010-02-30", "2010-13-01", "2010-9-1", "20100901", "", "2010-09-01x", "abcd-ef-gh"}) {
      CAPTURE(s);
      CHECK_FALSE(ParseDate(s).has_value());
    }
  }

  TEST_CASE("IIJ's fiscal year: April start, labelled by the starting year") {
    Calendar::Spec s;
    s.start_year = 2010;
    s.start_month = 4;
    s.fiscal_year_start_month = 4;
    s.label_by_start_year = true;
    s.periods = 4;
    Calendar c(s);
    REQUIRE(c.num_periods() == 4);
    CHECK(c.periods()[0].label == "1Q10");
    CHECK(c.periods()[3].label == "4Q10");
    // Apr-Jun 91 days, Jul-Sep 92, Oct-Dec 92, Jan-Mar 2011 90.
    CHECK(c.periods()[0].days() == 91);
    CHECK(c.periods()[1].days() == 92);
    CHECK(c.periods()[2].days() == 92);
    CHECK(c.periods()[3].days() == 90);
    CHECK(c.periods()[3].fiscal_year == 2010);
    CHECK(c.periods()[3].fy_month == 10);
    CHECK(c.periods()[1].month_starts.size() == 4);
    std::vector<std::string> spans;
    for (const Span& sp : c.spans()) spans.push_back(sp.label);
    CHECK(spans == std::vector<std::string>{"1H10", "2H10", "9M10", "FY10"});
    CHECK(c.ColumnRange(c.FindColumn("2H10")) == std::make_pair(2, 3));
    CHECK(c.ColumnRange(c.FindColumn("9M10")) == std::make_pair(0, 2));
    CHECK(c.FindColumn("FY11") == -1);
  }

  TEST_CASE("fiscal years labelled by their ending year") {
    Calendar::Spec s;
    s.start_year = 2010;
    s.start_month = 4;
    s.fiscal_year_start_month = 4;
    s.label_by_start_year = false;
    s.periods = 4;
    Calendar c(s);
    CHECK(c.periods()[0].label == "1Q11");
    CHECK(c.FindColumn("FY11") >= 0);
  }

  TEST_CASE("monthly periods roll up into quarters, halves and the year") {
    Calendar::Spec s;
    s.start_year = 2010;
    s.start_month = 1;
    s.fiscal_year_start_month = 1;
    s.periodicity = Periodicity::kMonth;
    s.periods = 12;
    Calendar c(s);
    CHECK(c.periods()[0].label == "2010-01");
    CHECK(c.periods()[1].days() == 28);
    const int q2 = c.FindColumn("2Q10");
    REQUIRE(q2 >= 0);
    CHECK(c.ColumnRange(q2) == std::make_pair(3, 5));
    CHECK(c.FindColumn("FY10") >= 0);
  }

  TEST_CASE("only spans wholly inside the horizon exist") {
    Calendar::Spec s;
    s.start_year = 2010;
    s.start_month = 10;
    s.fiscal_year_start_month = 4;
    s.label_by_start_year = true;
    s.periods = 2;  // 3Q10, 4Q10
    Calendar c(s);
    CHECK(c.periods()[0].label == "3Q10");
    CHECK(c.FindColumn("2H10") >= 0);
    CHECK(c.FindColumn("FY10") == -1);
    CHECK(c.FindColumn("1H10") == -1);
  }

  TEST_CASE("a one-period horizon has no spans") {
    Calendar::Spec s;
    s.start_year = 2010;
    s.start_month = 4;
    s.fiscal_year_start_month = 4;
    s.periods = 1;
    Calendar c(s);
    CHECK(c.num_columns() == 1);
  }

  TEST_CASE("actual periods are the leading ones") {
    Calendar::Spec s;
    s.start_year = 2010;
    s.start_month = 4;
    s.fiscal_year_start_month = 4;
    s.periods = 4;
    Calendar c(s);
    c.set_num_actual(2);
    CHECK(c.periods()[1].actual);
    CHECK_FALSE(c.periods()[2].actual);
  }
}
