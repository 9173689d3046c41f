// SPDX-License-Identifier: MIT
#pragma once
/// \file report.h
/// Rendering results for people (aligned tables) and programs (CSV, JSON), and writing
/// files atomically.

#include <optional>
#include <string>
#include <vector>

#include "outturn/compile/program.h"
#include "outturn/sweep/sweep.h"
#include "outturn/analysis/verdict.h"

namespace outturn {

enum class Format { kTable, kCsv, kJson };
std::string ToString(Format f);
std::optional<Format> FormatFromString(const std::string& s);

/// The projection (every line by period, with rollups), component contributions, and the
/// verdict of every target. CSV: the lines table, a blank line, the targets table.
std::string RenderRun(const Results& results, Format format);

/// Scenarios side by side: every target (forecast and verdict) and every KPI line in each
/// fiscal-year span, then the drivers whose values differ between the scenarios. The models
/// must share a calendar (the same model under different scenarios); throws UsageError if not.
std::string RenderCompare(const std::vector<Model>& models, Format format);

/// The statistics of a sweep: per target its distribution (mean, sd, quantiles), P(meet)
/// with its interval, the expected shortfall, and the drivers' means among meets and misses.
std::string RenderSweep(const SweepResult& result, Format format);

/// A file written piece by piece and put in place atomically by Commit(); destroyed
/// without Commit(), it leaves nothing behind (nor any older file of that name changed).
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);  ///< throws Error if the folder is not writable
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void Write(const std::string& text);
  void Commit();

 private:
  std::string path_, tmp_;
  int fd_ = -1;
};

/// A summary of a validated model: periods, reported periods, drivers, lines, targets,
/// scenarios.
std::string RenderCheck(const Model& model, Format format);

/// A plain text table as the reports print it: the first column left-aligned, the others
/// right-aligned, two spaces apart; each line starts with `indent`, trailing spaces trimmed.
class TextTable {
 public:
  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string Render(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// Formats an amount for a table: thousands separators, rounded to the unit; small
/// non-integers (ratios) with four significant digits.
std::string FormatAmount(double v);

/// Writes `text` to `path` atomically: a temporary file in the same folder, flushed, then
/// renamed over `path`. An interrupted run leaves the old file (or none), never half a
/// file. Throws outturn::Error on failure (and removes the temporary file).
void WriteFileAtomic(const std::string& path, const std::string& text);

}  // namespace outturn
