// Blank import files to hand to administrators: the headers onboard knows,
// and in the XLSX, drop-down lists of the organization's roles, offices and
// teams and a note on every column.
#pragma once

#include <string>

#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"

namespace onboard {
inline namespace v1 {

// A CSV template (UTF-8 with BOM, CRLF): the header row only, so that no
// example person is ever imported by mistake.
std::string template_csv(const Organization& org);

// An XLSX template: the header row with a note per column, drop-down lists
// (data validation) of the roles, offices and teams, kept on a hidden
// "Lists" sheet. Errors: internal when the workbook cannot be written.
Result<std::string> template_xlsx(const Organization& org);

}  // namespace v1
}  // namespace onboard
