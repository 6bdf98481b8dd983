#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/libpq_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>
#include <type_traits>

namespace onboard {
inline namespace v1 {
namespace pg {
namespace {

LibPq g_libpq;
std::string g_error;  // why loading failed; empty when it worked

void load() {
  // The soname has been libpq.so.5 since PostgreSQL 8.
  void* library = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    g_error =
        "PostgreSQL storage needs the PostgreSQL client library (libpq.so.5), which could not be loaded; "
        "install it (Debian: libpq5).";
    return;
  }
  const auto bind = [&](auto& function, const char* name) {
    function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(::dlsym(library, name));
    if (function == nullptr && g_error.empty())
      g_error = std::string("The PostgreSQL client library (libpq.so.5) is too old: it has no ") + name + ".";
  };
  bind(g_libpq.PQclear, "PQclear");
  bind(g_libpq.PQcmdTuples, "PQcmdTuples");
  bind(g_libpq.PQconnectdbParams, "PQconnectdbParams");
  bind(g_libpq.PQconninfoFree, "PQconninfoFree");
  bind(g_libpq.PQconninfoParse, "PQconninfoParse");
  bind(g_libpq.PQdb, "PQdb");
  bind(g_libpq.PQerrorMessage, "PQerrorMessage");
  bind(g_libpq.PQexec, "PQexec");
  bind(g_libpq.PQexecPrepared, "PQexecPrepared");
  bind(g_libpq.PQfinish, "PQfinish");
  bind(g_libpq.PQfreemem, "PQfreemem");
  bind(g_libpq.PQgetResult, "PQgetResult");
  bind(g_libpq.PQgetisnull, "PQgetisnull");
  bind(g_libpq.PQgetlength, "PQgetlength");
  bind(g_libpq.PQgetvalue, "PQgetvalue");
  bind(g_libpq.PQhost, "PQhost");
  bind(g_libpq.PQntuples, "PQntuples");
  bind(g_libpq.PQport, "PQport");
  bind(g_libpq.PQprepare, "PQprepare");
  bind(g_libpq.PQputCopyData, "PQputCopyData");
  bind(g_libpq.PQputCopyEnd, "PQputCopyEnd");
  bind(g_libpq.PQreset, "PQreset");
  bind(g_libpq.PQresultErrorField, "PQresultErrorField");
  bind(g_libpq.PQresultStatus, "PQresultStatus");
  bind(g_libpq.PQsetNoticeProcessor, "PQsetNoticeProcessor");
  bind(g_libpq.PQstatus, "PQstatus");
}

}  // namespace

Result<void> load_libpq() {
  static std::once_flag once;
  std::call_once(once, load);
  if (!g_error.empty()) return Error{Errc::storage, g_error, "storage.libpq_missing"};
  return success();
}

const LibPq& pq() noexcept { return g_libpq; }

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
