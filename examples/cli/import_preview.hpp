// `onboard import` without --json: the report as a person reads it.
#pragma once

#include <iostream>

#include "onboard/import/import_report.hpp"

namespace onboard::cli {

// Colour on `fd` only when it is a terminal and NO_COLOR is unset or empty.
bool colour_wanted(int fd);

// The summary line, warnings, the plan as a table (dry run) or the changes
// made (a run), and the problems grouped by row. The closing sentence and
// credentials are the caller's.
void print_import_report(const ImportReport& report, bool dry_run, bool colour);

}  // namespace onboard::cli
