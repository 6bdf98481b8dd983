// Records to SQLite statement parameters and result columns back to records,
// driven by the field tables (storage/records/): parameter i+1 and column i
// are the table's field i. Kinds map to SQLite's types: text and json TEXT,
// blob BLOB, integer, boolean and time INTEGER (instants as Unix seconds).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/records/tables.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace onboard {
inline namespace v1 {
namespace sqlite {

// The users table, the one with millions of rows, stores the
// organization's integer org_no (organizations' rowid) where every other
// table stores the org_id text. Statements still bind the org_id as ?1 and
// select it back as column 0 ("?1"), and find the number with kUserOrg.
template <class R>
inline constexpr bool kStoresOrgNo = false;
template <>
inline constexpr bool kStoresOrgNo<User> = true;
#define ONB_USER_ORG "org_no=(SELECT org_no FROM organizations WHERE org_id=?1)"
inline constexpr std::string_view kUserOrg = ONB_USER_ORG;

// SQLite's declared type for a kind.
constexpr std::string_view type_of(records::Kind kind) noexcept {
  switch (kind) {
    case records::Kind::text:
    case records::Kind::json: return "TEXT";
    case records::Kind::blob: return "BLOB";
    case records::Kind::integer:
    case records::Kind::boolean:
    case records::Kind::time: break;
  }
  return "INTEGER";
}

// The columns (name, declared type) R's table has after every migration:
// its fields, with org_no for org_id in users, and organizations' own
// org_no rowid besides. The schema test holds the database to this.
template <class R>
std::vector<std::pair<std::string, std::string>> schema_columns() {
  std::vector<std::pair<std::string, std::string>> out;
  if constexpr (std::is_same_v<R, Organization>) out.emplace_back("org_no", "INTEGER");
  records::for_each_field<R>([&](const auto& f, std::size_t) {
    using F = std::remove_cvref_t<decltype(f)>;
    if (kStoresOrgNo<R> && f.name == "org_id") {
      out.emplace_back("org_no", "INTEGER");
    } else {
      out.emplace_back(std::string(f.name), std::string(type_of(F::kind)));
    }
  });
  return out;
}

// The columns a SELECT lists, in field order ("?1" for users' org_id).
template <class R>
const std::string& select_list() {
  static const std::string list = [] {
    if constexpr (kStoresOrgNo<R>) {
      static constexpr auto names = records::column_names<R>();
      return records::concat({"?1, ", records::column_list(std::span(names).subspan(1))});
    } else {
      return records::column_list<R>();
    }
  }();
  return list;
}

// Whether bind_record copies values into the statement (copy) or points the
// statement at them (borrow: the caller keeps the record, and the json
// strings, alive until the statement is stepped).
enum class Keep { copy, borrow };

// Binds fields [from, N) of `r` to parameters base+i+1. Borrowing, json
// fields are encoded into `json` (json_fields<R>() strings) rather than into
// copies.
template <class R>
void bind_record(Stmt& st, const R& r, int base = 0, std::size_t from = 0, Keep keep = Keep::copy,
                 std::string* json = nullptr) {
  using records::Kind;
  const bool borrow = keep == Keep::borrow;
  records::for_each_field<R>([&](const auto& f, std::size_t i) {
    using F = std::remove_cvref_t<decltype(f)>;
    if (i < from) return;
    const int p = base + static_cast<int>(i) + 1;
    if constexpr (F::kind == Kind::text) {
      st.text(p, f.get(r), borrow);
    } else if constexpr (F::kind == Kind::blob) {
      st.blob(p, f.get(r), borrow);
    } else if constexpr (F::kind == Kind::json) {
      if (borrow) {
        *json = f.get(r);
        st.text(p, *json++, true);
      } else {
        st.text(p, f.get(r));
      }
    } else if constexpr (F::kind == Kind::boolean) {
      st.integer(p, f.get(r) ? 1 : 0);
    } else if constexpr (F::kind == Kind::time) {
      st.time(p, f.get(r));
    } else if constexpr (F::nullable) {
      st.integer(p, f.get(r));
    } else {
      st.integer(p, static_cast<std::int64_t>(f.get(r)));
    }
  });
}

// How many json fields R has (the scratch strings bind() needs).
template <class R>
constexpr std::size_t json_fields() {
  std::size_t n = 0;
  for (records::Kind k : records::column_kinds<R>()) n += k == records::Kind::json ? 1 : 0;
  return n;
}

// The record in the current row, its columns in field order.
template <class R>
Result<R> read_record(const Stmt& st) {
  using records::Kind;
  R r;
  Result<void> error = success();
  const bool ok = records::all_fields<R>([&](const auto& f, std::size_t i) {
    using F = std::remove_cvref_t<decltype(f)>;
    const int c = static_cast<int>(i);
    if constexpr (F::kind == Kind::text || F::kind == Kind::json) {
      return records::put(f, r, st.col_text(c), error);
    } else if constexpr (F::kind == Kind::blob) {
      return records::put(f, r, st.col_blob(c), error);
    } else if constexpr (F::kind == Kind::boolean) {
      return records::put(f, r, st.col_bool(c), error);
    } else if constexpr (F::kind == Kind::time && F::nullable) {
      return records::put(f, r, st.col_opt_time(c), error);
    } else if constexpr (F::kind == Kind::time) {
      return records::put(f, r, st.col_time(c), error);
    } else if constexpr (F::nullable) {
      return records::put(f, r, st.col_opt_int(c), error);
    } else {
      return records::put(f, r, st.col_int(c), error);
    }
  });
  if (!ok) return std::move(error).error();
  return r;
}

}  // namespace sqlite
}  // namespace v1
}  // namespace onboard
