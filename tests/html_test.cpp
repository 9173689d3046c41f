// SPDX-License-Identifier: MIT
// `outturn report` (report/html): self-contained, deterministic, its numbers the analyses'
// own, on a small model of its own (tests/data/report/model.yaml) and on IIJ. The browser
// checks (console, network, screenshot) are tests/browser.
#include "outturn/report/html.h"

#include <regex>
#include <set>

#include "outturn/analysis/verdict.h"
#include "outturn/base/errors.h"
#include "outturn/compile/program.h"
#include "report/format.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

const char* kSmall = "tests/data/report/model.yaml";

// Every `data-value` of the row of `target` in the table with id `table`, in column order.
std::vector<std::string> RowValues(const std::string& html, const std::string& table, const std::string& target) {
  const size_t at = html.find("<table id=\"" + table + "\"");
  REQUIRE(at != std::string::npos);
  const size_t end = html.find("</table>", at);
  const size_t row = html.find("<tr data-target=\"" + target + "\">", at);
  REQUIRE(row < end);
  const std::string tr = html.substr(row, html.find("</tr>", row) - row);
  std::vector<std::string> out;
  const std::regex value("data-value=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(tr.begin(), tr.end(), value); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// Nothing to fetch: no scripts, no src or href, no URL but the SVG namespace's name.
void CheckSelfContained(const std::string& html) {
  CHECK(html.find("<script") == std::string::npos);
  CHECK(!std::regex_search(html, std::regex("\\s(src|href)\\s*=")));
  CHECK(html.find("url(") == std::string::npos);
  std::set<std::string> urls;
  const std::regex url("[a-z]+://[^\\s\"'<>]+");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
    urls.insert(it->str());
  CHECK(urls == std::set<std::string>{"http://www.w3.org/2000/svg"});
}

}  // namespace

TEST_SUITE("report/html") {
  TEST_CASE("a forecast without a sweep: every section, the verdicts' numbers, no probability") {
    const Model m = Model::Load(test::SourcePath(kSmall)).WithOverrides({{"cost_ratio", 0.58, -1}});
    const std::string html = RenderHtmlReport(m);
    CheckSelfContained(html);
    // The header names the scenario, every override, the as-of date, the source and the unit.
    CHECK(html.find("id=\"meta-scenario\">base<") != std::string::npos);
    CHECK(html.find("id=\"meta-overrides\">cost_ratio=0.58<") != std::string::npos);
    CHECK(html.find("id=\"meta-as-of\">2021-07-20<") != std::string::npos);
    CHECK(html.find("fictional test model of the outturn report") != std::string::npos);
    CHECK(html.find("id=\"meta-unit\">EUR millions<") != std::string::npos);
    CHECK(html.find("no sweep") != std::string::npos);
    // Each target's forecast, target and gap are the verdict's, to the last bit.
    for (const TargetVerdict& v : Verdicts(Run(m))) {
      CAPTURE(v.name);
      const std::vector<std::string> row = RowValues(html, "targets", v.name);
      REQUIRE(row.size() == 4);
      CHECK(row[0] == internal::FormatNumber(v.forecast));
      CHECK(row[1] == internal::FormatNumber(v.target));
      CHECK(row[2] == internal::FormatNumber(v.gap));
      if (v.has_open) CHECK(RowValues(html, "open", v.name)[2] == internal::FormatNumber(v.open_required));
    }
    // The P&L of each target line, reported and forecast apart; the component; the in-file
    // scenario beside the base; a tornado per open target; a bridge for the missed one only.
    CHECK(Count(html, "class=\"pnl-chart\"") == 2);
    CHECK(Count(html, "<th class=\"reported\">") == 4);  // 1Q21 and 2Q21, in the P&L and component tables
    CHECK(html.find("<table class=\"components\">") != std::string::npos);
    // The component's part of a target line (web.revenue in revenue) and the rest, which add up.
    const Results res = Run(m);
    const int fy = m.calendar().FindColumn("FY21");
    const double web = res.at(m.FindLine("web.revenue"), fy), all = res.at(m.FindLine("revenue"), fy);
    CHECK(html.find("data-part=\"web\"><td></td><td>web</td>") != std::string::npos);
    const size_t rest = html.find("data-part=\"rest of the company\"");
    REQUIRE(rest != std::string::npos);
    const std::string row = html.substr(rest, html.find("</tr>", rest) - rest);
    CHECK(row.find("data-value=\"" + internal::FormatNumber(all - web) + "\">" + FormatAmount(all - web) + " (" +
                   internal::Fixed(100 * (all - web) / all, 1) + "%)</td>") != std::string::npos);
    CHECK(html.find("<th>web_boom (EUR millions)</th>") != std::string::npos);
    CHECK(Count(html, "class=\"tornado\"") == 2);
    CHECK(Count(html, "class=\"waterfall\"") == 1);
    CHECK(html.find("<figure data-target=\"revenue_fy\">") != std::string::npos);
    CHECK(html.find("It breaks no met target.") != std::string::npos);  // more revenue, more income
    // Driver descriptions label the charts, units every axis.
    CHECK(html.find(">sales of the shop each quarter<") != std::string::npos);
    CHECK(html.find("font-weight=\"bold\">EUR millions</text>") != std::string::npos);
    // No sweep, no probability.
    CHECK(html.find("P(") == std::string::npos);
    CHECK(html.find("class=\"fan\"") == std::string::npos);
  }

  TEST_CASE("with a sweep: the same bytes on any thread count, P(meet) the sweep's, fan charts of the target lines") {
    const Model m = Model::Load(test::SourcePath(kSmall));
    HtmlReportOptions o;
    o.samples = 30'000;
    o.seed = 7;
    o.threads = 1;
    const std::string one = RenderHtmlReport(m, o);
    CheckSelfContained(one);
    o.threads = 2;
    CHECK(RenderHtmlReport(m, o) == one);
    SweepOptions so;
    so.samples = o.samples;
    so.seed = o.seed;
    const SweepResult r = Sweep(m, so);
    for (const KpiStats& k : r.kpis) {
      CAPTURE(k.name);
      const std::vector<std::string> row = RowValues(one, "sweep-table", k.name);
      REQUIRE(row.size() == 7);
      CHECK(row[0] == internal::FormatNumber(k.target));
      CHECK(row[5] == internal::FormatNumber(k.p_meet));
    }
    CHECK(one.find("seed 7") != std::string::npos);
    CHECK(one.find("id=\"p-all\" data-value=\"" + internal::FormatNumber(r.p_all) + "\"") != std::string::npos);
    CHECK(Count(one, "class=\"fan\"") == 2);           // revenue and operating income
    CHECK(Count(one, "class=\"distribution\"") == 2);  // the two open targets; 1H21 is reported
    CHECK(one.find("<table class=\"miss-drivers\" data-target=\"revenue_fy\">") != std::string::npos);
    o.seed = 8;
    CHECK(RenderHtmlReport(m, o) != one);
  }

  TEST_CASE("compared scenario files stand beside the model; options are checked") {
    const Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    HtmlReportOptions o;
    o.compare = {Model::Load(test::SourcePath("scenarios/iij_fy2010/bull.yaml")),
                 Model::Load(test::SourcePath("scenarios/iij_fy2010/bear.yaml"))};
    const std::string html = RenderHtmlReport(m, o);
    CheckSelfContained(html);
    CHECK(html.find("<th>bull (JPY thousands)</th>") != std::string::npos);
    CHECK(html.find("<th>bear (JPY thousands)</th>") != std::string::npos);
    CHECK(Count(html, "class=\"scenario-chart\"") == 4);  // the four open FY targets
    o.compare = {Model::Load(test::SourcePath(kSmall))};
    CHECK_THROWS_WITH_AS(
        RenderHtmlReport(m, o),
        ("report: " + test::SourcePath(kSmall) + " is not a version of " +
         test::SourcePath("scenarios/iij_fy2010/model.yaml") + " (its targets differ): compare scenarios of one model")
            .c_str(),
        UsageError);
    o.compare.clear();
    o.samples = -1;
    CHECK_THROWS_WITH_AS(RenderHtmlReport(m, o), "HtmlReportOptions::samples must be at least 0 (got -1)",
                         OptionsError);
  }

  TEST_CASE("many periods: labels thinned, a target's colours and run-rate only inside its span") {
    // 24 months, 3 reported; the target covers FY20, so 2021's months are forecast outside it.
    const Model m = test::LoadText(
        "model: {name: Monthly, currency: USD, unit: ones}\n"
        "calendar: {start: 2020-01, period: month, periods: 24, actuals_through: 2020-03}\n"
        "drivers:\n  price: {value: 10}\n"
        "lines:\n  revenue: {kind: revenue, formula: price * 100, actuals: {2020-01: 900, 2020-02: 950, 2020-03: "
        "1000}}\n"
        "targets:\n  rev: {line: revenue, span: FY20, value: 12500}\n");
    const std::string html = RenderHtmlReport(m);
    CHECK(html.find("Monthly P&amp;L") != std::string::npos);
    const size_t at = html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pnl-chart\"");
    REQUIRE(at != std::string::npos);
    const std::string chart = html.substr(at, html.find("</svg>", at) - at);
    CHECK(Count(chart, "fill=\"#c0392b\" fill-opacity") == 9);   // 2020-04..2020-12: missed
    CHECK(Count(chart, "fill=\"#4a78b5\" fill-opacity") == 12);  // 2021: outside the span
    CHECK(Count(chart, "stroke-dasharray=\"5 3\"") == 9);        // what each open month of FY20 must deliver
    CHECK(chart.find(">2020-04</text>") != std::string::npos);   // every third month labelled
    CHECK(chart.find(">2020-02</text>") == std::string::npos);
    CHECK(chart.find(">reported</text>") != std::string::npos);  // once, at the line between the two
    CHECK(Count(chart, ">forecast</text>") == 1);
  }

  TEST_CASE("a distribution's SVG: meets green, misses red, the target and the base case marked") {
    KpiStats k;
    k.name = "t";
    k.span = "FY21";
    k.target = 5;
    k.hist_low = 0;
    k.hist_high = 10;
    CHECK(DistributionSvg(k, "EUR", "millions", 4).empty());  // no bins
    k.bins = {0, 1, 2, 3, 4, 4, 3, 2, 1, 0};
    k.min = 1;
    k.max = 9;
    const std::string svg = DistributionSvg(k, "EUR", "millions", 4);
    CHECK(Count(svg, "fill=\"#2e7d4f\"") == 4);      // bins 5..8 meet (at least 5)
    CHECK(Count(svg, "fill=\"#c0392b\"") == 4 + 1);  // bins 1..4, and the target's label
    CHECK(svg.find(">target 5.0<") != std::string::npos);
    CHECK(svg.find(">base case 4.0<") != std::string::npos);
    CHECK(svg.find(">EUR millions<") != std::string::npos);
    CHECK(DistributionSvg(k, "EUR", "millions", NAN).find("base case") == std::string::npos);
  }

  TEST_CASE("the CLI writes the report to a file, and names a bad flag") {
    test::TempDir d;
    const std::string path = d.path() + "/r.html";
    const test::Outcome ok = test::Cli(std::string("report ") + kSmall + " --set web_growth=0.15 -o " + path);
    CHECK(ok.code == 0);
    CHECK(test::ReadFile(path).find("id=\"meta-overrides\">web_growth=0.15<") != std::string::npos);
    const test::Outcome bad = test::Cli(std::string("report ") + kSmall + " --samples -1");
    CHECK(bad.code == 2);
    CHECK(bad.output.find("--samples") != std::string::npos);
  }
}
