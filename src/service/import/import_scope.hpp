// What every stage of one import run reads and none changes: the directory,
// the actor, the options, the header mapping and the validator.
#pragma once

#include <string>

#include "onboard/directory.hpp"
#include "onboard/import/field_mapping.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/row_validation.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

struct ImportScope {
  Directory& dir;
  const ActorContext& actor;
  const ImportOptions& options;
  const HeaderMapping& mapping;
  const RowValidator& validator;
  unsigned threads = 1;  // at most this many busy at once, the caller's included (1 or more)

  // The header of `field`'s column, or "" when the file has none.
  std::string column_of(Field field) const {
    const int col = mapping.column(field);
    return col < 0 ? std::string() : mapping.columns[static_cast<std::size_t>(col)].header;
  }
};

// The changes `row` makes to `user` (applied to `user` when `apply`).
std::vector<FieldChange> member_changes(const ImportScope& scope, const CandidateRow& row, User& user,
                                        bool apply);

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
