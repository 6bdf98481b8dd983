// Choosing a backend from a URI, the one string a host keeps in its config.
#include "onboard/storage/storage.hpp"

#include "onboard/storage/postgres_storage.hpp"

namespace onboard {
inline namespace v1 {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path) {
  return open_sqlite_storage(path, StorageOptions{});
}

Result<std::unique_ptr<Storage>> open_storage(std::string_view uri) {
  return open_storage(uri, StorageOptions{});
}

// PostgreSQL and memory start no thread of their own: the options change
// nothing for them.
Result<std::unique_ptr<Storage>> open_storage(std::string_view uri, const StorageOptions& options) {
  if (uri == "memory:") return make_memory_storage();
  if (starts_with(uri, "sqlite:")) {
    const std::string_view path = uri.substr(7);
    if (path.empty()) return Error{Errc::invalid_input, "The sqlite: storage URI needs a file path."};
    return open_sqlite_storage(std::string(path), options);
  }
  // Without libpq this is "This build has no PostgreSQL support." (invalid_input).
  if (starts_with(uri, "postgresql://") || starts_with(uri, "postgres://"))
    return open_postgres_storage(std::string(uri));
  if (ends_with(uri, ".db") && uri.find("://") == std::string_view::npos)
    return open_sqlite_storage(std::string(uri), options);
  return Error{
      Errc::invalid_input,
      "The storage URI must start with memory:, sqlite: or postgresql:// (or be a path ending in .db)."};
}

}  // namespace v1
}  // namespace onboard
