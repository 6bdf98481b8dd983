// The import engine behind Importer, a stage a file (docs/architecture.md,
// "The import engine"):
//   reader     src/import/readers (readers::SeekableReader, open_seekable)
//   mapper     src/import/field_mapping.cpp (map_headers)
//   validator  src/import/row_validation.cpp (RowValidator::validate: a row's rules)
//   checked rows  service/import/checked_rows.hpp: SingleCheckedRows, and
//              SplitCheckedRows (two threads, a fast path) beside it
//   planner    service/import/import_planner.hpp (ImportPlanner)
//   committer  service/import/import_committer.hpp (ImportCommitter)
// and the run that strings them together, service/import/import_run.hpp.
#pragma once

#include "service/import/checked_rows.hpp"
#include "service/import/import_committer.hpp"
#include "service/import/import_planner.hpp"
#include "service/import/import_run.hpp"
#include "service/import/write_order.hpp"
