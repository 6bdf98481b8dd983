// An XLSX workbook written by libxlsxwriter and handed back as bytes: the
// template and the users export both need one.
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

// libxlsxwriter 1.1.4 writes workbooks to files only: `fill` builds the
// workbook in a private temporary file (mkstemp: 0600, removed whatever
// happens), whose bytes are returned. `what` names it in errors ("The
// export workbook could not be written.") and `code_prefix` gives their
// codes ("export" → "export.io").
Result<std::string> xlsx_bytes(std::string_view what, std::string_view code_prefix,
                               const std::function<void(lxw_workbook*)>& fill);

}  // namespace v1
}  // namespace onboard
