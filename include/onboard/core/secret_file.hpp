// Files that hold secrets (generated passwords, registration documents, QR
// codes of live links, key files): created readable by their owner only,
// never written through a symbolic link, never over an existing file unless
// the caller asks, and published whole (a reader sees the old file or the
// new one, never half of one).
#pragma once

#include <string>
#include <string_view>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

// Writes `content` to `path`, mode 0600. The bytes go to a private file
// beside `path` (O_CREAT | O_EXCL | O_NOFOLLOW), are fsync'd, and only then
// take the name: without `replace`, a name that exists (a file, a link, even
// a dangling one) is refused with already_exists and left untouched; with
// `replace`, the new file is renamed over the old name, so a link at `path`
// is replaced, never followed. Errors: already_exists, storage (with the
// system's reason).
Result<void> write_secret_file(const std::string& path, std::string_view content, bool replace = false);

// Creates `path` as an empty 0600 file if nothing is there yet, without
// following a link, so a database engine that opens it next inherits the
// mode (SQLite gives its WAL and journal the database file's mode). An
// existing regular file is left as it is. Errors: storage (a link, a
// directory or other non-file at `path`, or a system error).
Result<void> create_private_file(const std::string& path);

}  // namespace v1
}  // namespace onboard
