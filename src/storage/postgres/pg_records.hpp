// Records to PostgreSQL statement parameters and result rows back to
// records, driven by the field tables (storage/records/): parameter $i+1 and
// column i are the table's field i, in binary format. Kinds map to
// PostgreSQL's types: text, bytea, bigint, boolean, timestamptz and jsonb.
// Only compiled with libpq.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/postgres/pg_params.hpp"
#include "storage/postgres/pg_rows.hpp"
#include "storage/records/tables.hpp"

namespace onboard {
inline namespace v1 {
namespace pg {

// PostgreSQL's name for a kind's type (information_schema.columns.data_type).
constexpr std::string_view type_of(records::Kind kind) noexcept {
  switch (kind) {
    case records::Kind::text: return "text";
    case records::Kind::blob: return "bytea";
    case records::Kind::integer: return "bigint";
    case records::Kind::boolean: return "boolean";
    case records::Kind::time: return "timestamp with time zone";
    case records::Kind::json: break;
  }
  return "jsonb";
}

// The columns (name, type) R's table has after every migration: its fields.
// The schema test holds the database to this.
template <class R>
std::vector<std::pair<std::string, std::string>> schema_columns() {
  std::vector<std::pair<std::string, std::string>> out;
  records::for_each_field<R>([&](const auto& f, std::size_t) {
    out.emplace_back(std::string(f.name), std::string(type_of(std::remove_cvref_t<decltype(f)>::kind)));
  });
  return out;
}

// R's column list.
template <class R>
const std::string& columns() {
  static const std::string list = records::column_list<R>();
  return list;
}

// INSERT INTO <R's table> (<every column>) VALUES ($1, …).
template <class R>
const std::string& insert_sql() {
  static const std::string sql = records::insert_sql<R>('$');
  return sql;
}

// UPDATE of every column but the key, of the row the key ($1, …) names.
template <class R>
const std::string& update_sql() {
  static const std::string sql = records::update_set_sql<R>('$') + records::key_condition<R>('$');
  return sql;
}

// Appends every field of `r` to `p`, in column order: the one walk of a
// record's values, for bound parameters (Params) and COPY tuples
// (pg_copy.cpp), which both take text, bytes, json, boolean, time and
// integer values alike.
template <class Sink, class R>
void append_fields(Sink& p, const R& r) {
  using records::Kind;
  records::for_each_field<R>([&](const auto& f, std::size_t) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (F::kind == Kind::text) {
      p.text(f.get(r));
    } else if constexpr (F::kind == Kind::blob) {
      p.bytes(f.get(r));
    } else if constexpr (F::kind == Kind::json) {
      p.json(f.get(r));
    } else if constexpr (F::kind == Kind::boolean) {
      p.boolean(f.get(r));
    } else if constexpr (F::kind == Kind::time) {
      p.time(f.get(r));
    } else if constexpr (F::nullable) {
      p.integer(f.get(r));
    } else {
      p.integer(static_cast<std::int64_t>(f.get(r)));
    }
  });
}

template <class R>
void append_params(Params& p, const R& r) {
  append_fields(p, r);
}

// The parameters $1… of `r`, one per field.
template <class R>
Params params(const R& r) {
  Params p;
  append_params(p, r);
  return p;
}

// The record in `row`, its columns in field order.
template <class R>
Result<R> read(const Row& row) {
  using records::Kind;
  R r;
  Result<void> error = success();
  const bool ok = records::all_fields<R>([&](const auto& f, std::size_t i) {
    using F = std::remove_cvref_t<decltype(f)>;
    const int c = static_cast<int>(i);
    if constexpr (F::kind == Kind::text) {
      return records::put(f, r, row.text(c), error);
    } else if constexpr (F::kind == Kind::blob) {
      return records::put(f, r, row.bytes(c), error);
    } else if constexpr (F::kind == Kind::json) {
      return records::put(f, r, row.json(c), error);
    } else if constexpr (F::kind == Kind::boolean) {
      return records::put(f, r, row.boolean(c), error);
    } else if constexpr (F::kind == Kind::time && F::nullable) {
      return records::put(f, r, row.opt_time(c), error);
    } else if constexpr (F::kind == Kind::time) {
      return records::put(f, r, row.time(c), error);
    } else if constexpr (F::nullable) {
      return records::put(f, r, row.opt_integer(c), error);
    } else {
      return records::put(f, r, row.integer(c), error);
    }
  });
  if (!ok) return std::move(error).error();
  return r;
}

}  // namespace pg
}  // namespace v1
}  // namespace onboard
