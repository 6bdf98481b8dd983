#if ONBOARD_HAVE_POSTGRES
#include "storage/postgres/pg_connection.hpp"

#include <type_traits>
#include <vector>

#include "storage/storage_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {
namespace {

namespace msg = storage_messages;

static_assert(std::is_same_v<TypeOid, Oid>, "TypeOid must be libpq's Oid");

// The names of the unique indexes and primary keys (pg_schema.cpp); the
// server names the violated one, never the values in our message.
std::string_view unique_sentence(std::string_view constraint) {
  if (constraint == "users_email_key") return msg::duplicate_user(UserKeyField::email_key);
  if (constraint == "users_username_key") return msg::duplicate_user(UserKeyField::username_key);
  if (constraint == "users_external_id") return msg::duplicate_user(UserKeyField::external_id);
  if (constraint == "users_activation_key_hash")
    return msg::duplicate_user(UserKeyField::activation_key_hash);
  if (constraint == "invitations_token_hash") return msg::duplicate_invitation_token;
  if (constraint == "registration_keys_key_hash") return msg::duplicate_registration_key;
  if (constraint == "signup_links_token_hash") return msg::duplicate_signup_link;
  if (constraint == "email_confirmations_pkey" || constraint == "email_confirmations_token_hash")
    return msg::duplicate_email_confirmation;
  if (constraint == "scim_tokens_token_hash") return msg::duplicate_scim_token;
  if (constraint == "organizations_pkey") return msg::duplicate_organization;
  return msg::duplicate_id;
}

std::string field(const PGresult* r, int code) {
  const char* v = r != nullptr ? pq().PQresultErrorField(r, code) : nullptr;
  return v != nullptr ? v : "";
}

// libpq's first line, without its "connection to server at … failed:" and
// severity prefixes, which our sentence already says better.
std::string reason_of(std::string_view message) {
  std::string_view line = message.substr(0, message.find('\n'));
  if (const auto at = line.rfind("failed: "); at != std::string_view::npos) line.remove_prefix(at + 8);
  for (std::string_view prefix : {"FATAL:  ", "ERROR:  "})
    if (line.substr(0, prefix.size()) == prefix) line.remove_prefix(prefix.size());
  while (!line.empty() && (line.back() == ' ' || line.back() == '.' || line.back() == '\r'))
    line.remove_suffix(1);
  return std::string(line);
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

void ignore_notice(void*, const char*) {}

}  // namespace

Connection::~Connection() {
  if (conn_ != nullptr) pq().PQfinish(conn_);
}

Result<void> Connection::open(const std::string& conninfo) {
  ONB_TRY(load_libpq());
  char* parse_error = nullptr;
  PQconninfoOption* parsed = pq().PQconninfoParse(conninfo.c_str(), &parse_error);
  if (parsed == nullptr) {
    // libpq's parse error may quote the string, password included.
    pq().PQfreemem(parse_error);
    return Error{Errc::storage,
                 "The PostgreSQL connection string is malformed; write it as "
                 "postgresql://user@host:port/database or as key=value pairs."};
  }
  std::vector<std::string> keys, values;
  std::string host, port, dbname;
  bool has_timeout = false, has_name = false;
  for (const PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string_view key = o->keyword;
    if (key == "client_encoding") continue;  // always UTF-8, below
    if (key == "password") password_ = o->val;
    if (key == "host" || (key == "hostaddr" && host.empty())) host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
    has_timeout = has_timeout || key == "connect_timeout";
    has_name = has_name || key == "application_name";
    keys.emplace_back(key);
    values.emplace_back(o->val);
  }
  pq().PQconninfoFree(parsed);
  // An unreachable host must not hang the caller for minutes.
  if (!has_timeout) keys.emplace_back("connect_timeout"), values.emplace_back("10");
  if (!has_name) keys.emplace_back("application_name"), values.emplace_back("onboard");
  keys.emplace_back("client_encoding");
  values.emplace_back("UTF8");

  std::vector<const char*> key_ptrs, value_ptrs;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_ptrs.push_back(keys[i].c_str());
    value_ptrs.push_back(values[i].c_str());
  }
  key_ptrs.push_back(nullptr);
  value_ptrs.push_back(nullptr);
  conn_ = pq().PQconnectdbParams(key_ptrs.data(), value_ptrs.data(), 0);
  if (conn_ == nullptr) return Error{Errc::storage, "The PostgreSQL client library is out of memory."};

  if (host.empty() && pq().PQhost(conn_) != nullptr) host = pq().PQhost(conn_);
  if (port.empty() && pq().PQport(conn_) != nullptr) port = pq().PQport(conn_);
  if (dbname.empty() && pq().PQdb(conn_) != nullptr) dbname = pq().PQdb(conn_);
  where_ = "database " + (dbname.empty() ? std::string("(default)") : dbname) + " on " +
           (host.empty() ? std::string("the local socket") : host) + (port.empty() ? "" : ":" + port);
  pq().PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  if (pq().PQstatus(conn_) != CONNECTION_OK) {
    Error e = connection_error(reason_of(pq().PQerrorMessage(conn_)));
    pq().PQfinish(conn_);
    conn_ = nullptr;
    return e;
  }
  return success();
}

Result<void> Connection::ensure_connected() {
  if (conn_ == nullptr) return connection_error("not connected");
  if (pq().PQstatus(conn_) == CONNECTION_OK) return success();
  pq().PQreset(conn_);
  prepared_.clear();
  if (pq().PQstatus(conn_) != CONNECTION_OK) return connection_error(reason_of(pq().PQerrorMessage(conn_)));
  return success();
}

Result<Rows> Connection::run(const std::string& sql, const Params& params, std::string_view doing) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "onb_" + std::to_string(prepared_.size() + 1);
    ResultPtr prepared(
        pq().PQprepare(conn_, name.c_str(), sql.c_str(), params.size(), params.types().data()));
    if (!prepared || pq().PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
      return error(prepared.get(), doing);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const std::vector<const char*> values = params.values();
  const std::vector<int> lengths = params.lengths();
  const std::vector<int> formats = params.formats();
  ResultPtr r(pq().PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(), lengths.data(),
                                  formats.data(), 1));
  const ExecStatusType status = r ? pq().PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return error(r.get(), doing);
  return Rows(std::move(r));
}

Result<void> Connection::exec(const char* sql, std::string_view doing) {
  ResultPtr r(pq().PQexec(conn_, sql));
  const ExecStatusType status = r ? pq().PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return error(r.get(), doing);
  return success();
}

Result<void> Connection::copy_start(const char* sql, std::string_view doing) {
  ResultPtr r(pq().PQexec(conn_, sql));
  if (!r || pq().PQresultStatus(r.get()) != PGRES_COPY_IN) return error(r.get(), doing);
  return success();
}

Result<void> Connection::copy_put(const std::string& chunk, std::string_view doing) {
  if (pq().PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1)
    return error(nullptr, doing);
  return success();
}

Result<void> Connection::copy_end(std::string_view doing) {
  if (pq().PQputCopyEnd(conn_, nullptr) != 1) return error(nullptr, doing);
  Result<void> outcome = success();
  // The COPY's own result, then nothing; a unique violation found half-way
  // through the data is reported here.
  for (PGresult* raw = pq().PQgetResult(conn_); raw != nullptr; raw = pq().PQgetResult(conn_)) {
    ResultPtr r(raw);
    if (outcome && pq().PQresultStatus(r.get()) != PGRES_COMMAND_OK) outcome = error(r.get(), doing);
  }
  return outcome;
}

void Connection::copy_abort() noexcept {
  if (pq().PQputCopyEnd(conn_, "abandoned by onboard") != 1) return;
  for (PGresult* raw = pq().PQgetResult(conn_); raw != nullptr; raw = pq().PQgetResult(conn_))
    pq().PQclear(raw);
}

Error Connection::error(const PGresult* r, std::string_view doing) {
  const std::string sqlstate = field(r, PG_DIAG_SQLSTATE);
  if (sqlstate == "23505")
    return Error{Errc::already_exists, std::string(unique_sentence(field(r, PG_DIAG_CONSTRAINT_NAME)))};
  if (sqlstate == "23503") return Error{Errc::not_found, std::string(msg::no_organization)};
  if (sqlstate == "40001" || sqlstate == "40P01") {
    retryable_ = true;
    return Error{Errc::busy, "The database is busy; try again."};
  }
  if (sqlstate == "55P03") return Error{Errc::busy, "The database is busy; try again."};
  if (sqlstate == "22021" || sqlstate == "22P05")
    return Error{Errc::invalid_input, "Text with a NUL character or invalid UTF-8 cannot be stored."};
  if (conn_ == nullptr || pq().PQstatus(conn_) != CONNECTION_OK)
    return connection_error("the connection was lost while trying to " + std::string(doing));
  std::string reason = field(r, PG_DIAG_MESSAGE_PRIMARY);
  if (reason.empty()) reason = reason_of(pq().PQerrorMessage(conn_));
  replace_all(reason, password_, "***");
  return Error{Errc::storage, "The database could not " + std::string(doing) + ": " + reason + "."};
}

Error Connection::connection_error(std::string_view reason) const {
  std::string text = "The PostgreSQL " + where_ + " cannot be used: " + std::string(reason) + ".";
  replace_all(text, password_, "***");
  return Error{Errc::storage, std::move(text)};
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
#endif
