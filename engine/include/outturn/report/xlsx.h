// SPDX-License-Identifier: MIT
#pragma once
/// \file xlsx.h
/// Excel workbooks (`-f xlsx`). Defined in the library outturn_xlsx, which links
/// libxlsxwriter and which the CLI links: the engine library itself needs no libxlsxwriter,
/// so this header is not installed with it.

#include <string>
#include <utility>
#include <vector>

#include "outturn/report/tables.h"

namespace outturn {

/// Writes `tables` as an Excel workbook (libxlsxwriter) to `path` atomically (AtomicFile's
/// rules): one sheet per table, verdict tables first; numbers as numbers (amounts "#,##0"),
/// units in the headers ("forecast (JPY million)"), reported cells shaded and italic.
/// `about`: (label, value) rows of a last sheet "about" (model, scenario, source, version).
/// Throws Error if the file cannot be written.
void WriteXlsx(const std::vector<Table>& tables, const std::vector<std::pair<std::string, std::string>>& about,
               const std::string& path);

}  // namespace outturn
