// SPDX-License-Identifier: MIT
// Raw scenarios: the CSV dump of a sweep (SweepOptions::dump_path) and SampleSweep, the same
// scenarios as numbers.
#include "sweep/designs.h"

#include <algorithm>

#include "base/text_util.h"
#include "outturn/base/atomic_file.h"
#include "outturn/base/calendar.h"

namespace outturn {
namespace internal {

// The sampled drivers and the targets of scenarios [0, count), as CSV, written atomically.
void Dump(const Model& m, const SweepOptions& o, long long count) {
  Design design(m, o);
  const std::unique_ptr<Program> program = TargetProgram(m, design);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  std::vector<double*> rows;
  for (int i = 0; i < design.rows(); ++i) rows.push_back(p.InputRow(ws, i));
  AtomicFile out(o.dump_path);
  std::string head = "scenario";
  for (int d : design.drivers()) head += "," + m.drivers()[d].name;
  for (const auto& sr : design.shock_rows())
    head += "," + m.drivers()[design.drivers()[sr.row]].name + "@" + m.calendar().periods()[sr.period].label;
  for (const Target& t : m.targets()) head += "," + t.name;
  out.Write(head + "\n");
  // A date driver's column holds dates (YYYY-MM-DD, whole days as sampled), as --set takes them.
  std::vector<char> is_date(rows.size(), 0);
  for (int i = 0; i < design.dims(); ++i) is_date[i] = m.drivers()[design.drivers()[i]].is_date;
  for (long long s = 0; s < count; s += kBlock) {
    const int n = static_cast<int>(std::min<long long>(kBlock, count - s));
    design.Fill(s, n, rows.data());
    p.RunBlock(ws, n, s);
    std::string text;
    for (int j = 0; j < n; ++j) {
      text += std::to_string(s + j);
      for (size_t i = 0; i < rows.size(); ++i)
        text += "," + (is_date[i] ? FormatDate(static_cast<int>(rows[i][j])) : FormatNumber(rows[i][j]));
      for (int k = 0; k < p.num_outputs(); ++k) text += "," + FormatNumber(p.OutputRow(ws, k)[j]);
      text += "\n";
    }
    out.Write(text);
  }
  out.Commit();
}

SweepSamples Sample(const Model& m, const SweepOptions& o, long long first, long long count,
                    const std::atomic<bool>* stop) {
  Design design(m, o);
  if (first < 0 || count < 0 || first + count > design.total())
    throw UsageError("sweep samples [" + std::to_string(first) + ", " + std::to_string(first + count) +
                     ") are outside the sweep's " + std::to_string(design.total()) + " scenarios");
  const std::unique_ptr<Program> program = TargetProgram(m, design);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  std::vector<double*> rows;
  for (int i = 0; i < design.rows(); ++i) rows.push_back(p.InputRow(ws, i));
  SweepSamples out;
  out.first = first;
  for (int d : design.drivers()) out.drivers.push_back(m.drivers()[d].name);  // as Dump names them
  for (const auto& sr : design.shock_rows())
    out.drivers.push_back(m.drivers()[design.drivers()[sr.row]].name + "@" + m.calendar().periods()[sr.period].label);
  for (const Target& t : m.targets()) out.targets.push_back(t.name);
  out.driver_values = BatchMatrix::Zero(design.rows(), count);
  out.target_values = BatchMatrix::Zero(p.num_outputs(), count);
  for (long long s = 0; s < count; s += kBlock) {
    if (stop && stop->load()) break;
    const int n = static_cast<int>(std::min<long long>(kBlock, count - s));
    design.Fill(first + s, n, rows.data());
    p.RunBlock(ws, n, first + s);
    for (int i = 0; i < design.rows(); ++i) std::copy(rows[i], rows[i] + n, &out.driver_values(i, s));
    for (int k = 0; k < p.num_outputs(); ++k) {
      const double* y = p.OutputRow(ws, k);
      std::copy(y, y + n, &out.target_values(k, s));
    }
  }
  return out;
}

}  // namespace internal

SweepSamples SampleSweep(const Model& model, const SweepOptions& options, long long first, long long count,
                         const std::atomic<bool>* stop) {
  options.Validate();
  return internal::Sample(model, options, first, count, stop);
}

}  // namespace outturn
