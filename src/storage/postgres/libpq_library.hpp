// libpq, loaded with dlopen the first time a PostgreSQL storage is opened
// rather than linked: a host that never uses PostgreSQL loads neither libpq
// nor the two dozen libraries it pulls in (TLS, Kerberos, LDAP, SASL), which
// cost every process start several milliseconds. See docs/postgres.md.
#pragma once

#include <libpq-fe.h>

#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

// The libpq functions onboard calls, under their own names.
struct LibPq {
  decltype(&::PQclear) PQclear = nullptr;
  decltype(&::PQcmdTuples) PQcmdTuples = nullptr;
  decltype(&::PQconnectdbParams) PQconnectdbParams = nullptr;
  decltype(&::PQconninfoFree) PQconninfoFree = nullptr;
  decltype(&::PQconninfoParse) PQconninfoParse = nullptr;
  decltype(&::PQdb) PQdb = nullptr;
  decltype(&::PQerrorMessage) PQerrorMessage = nullptr;
  decltype(&::PQexec) PQexec = nullptr;
  decltype(&::PQexecPrepared) PQexecPrepared = nullptr;
  decltype(&::PQfinish) PQfinish = nullptr;
  decltype(&::PQfreemem) PQfreemem = nullptr;
  decltype(&::PQgetResult) PQgetResult = nullptr;
  decltype(&::PQgetisnull) PQgetisnull = nullptr;
  decltype(&::PQgetlength) PQgetlength = nullptr;
  decltype(&::PQgetvalue) PQgetvalue = nullptr;
  decltype(&::PQhost) PQhost = nullptr;
  decltype(&::PQntuples) PQntuples = nullptr;
  decltype(&::PQport) PQport = nullptr;
  decltype(&::PQprepare) PQprepare = nullptr;
  decltype(&::PQputCopyData) PQputCopyData = nullptr;
  decltype(&::PQputCopyEnd) PQputCopyEnd = nullptr;
  decltype(&::PQreset) PQreset = nullptr;
  decltype(&::PQresultErrorField) PQresultErrorField = nullptr;
  decltype(&::PQresultStatus) PQresultStatus = nullptr;
  decltype(&::PQsetNoticeProcessor) PQsetNoticeProcessor = nullptr;
  decltype(&::PQstatus) PQstatus = nullptr;
};

// Loads libpq once (any thread); Errc::storage with a sentence naming
// libpq.so.5 when it is missing or too old.
Result<void> load_libpq();
// The functions; only after load_libpq() has succeeded.
const LibPq& pq() noexcept;

}  // namespace pg
}  // namespace v1
}  // namespace onboard
