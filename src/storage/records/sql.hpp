// SQL text made from a field table's column names: the column lists of
// SELECT and INSERT, their placeholders and UPDATE's SET list. `mark` is the
// placeholder's sign: '?' for SQLite (?1), '$' for PostgreSQL ($1).
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "storage/records/field.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

// "a, b, c", each name after `prefix` ("o." gives "o.a, o.b, o.c").
std::string column_list(std::span<const std::string_view> names, std::string_view prefix = {});
// The same, with `column` replaced by the SQL expression `expression`.
std::string column_list_with(std::span<const std::string_view> names, std::string_view column,
                             std::string_view expression);
// "?1,?2,?3" for count 3 from first 1.
std::string placeholders(char mark, int first, int count);
// "a=?3, b=?4": each name from `names` set to the parameter of its position
// (1-based) in the whole list; the first `skip` names (the key) are left out.
std::string assignments(std::span<const std::string_view> names, std::size_t skip, char mark);
// The pieces one after another.
std::string concat(std::initializer_list<std::string_view> pieces);

template <class R>
std::string column_list(std::string_view prefix = {}) {
  static constexpr auto names = column_names<R>();
  return column_list(names, prefix);
}

// INSERT INTO <table> (<every column>) VALUES (<a placeholder each>)
template <class R>
std::string insert_sql(char mark) {
  return concat({"INSERT INTO ", Table<R>::name, " (", column_list<R>(), ") VALUES (",
                 placeholders(mark, 1, static_cast<int>(field_count<R>)), ")"});
}

// UPDATE <table> SET <every column but the key>=<its parameter>
template <class R>
std::string update_set_sql(char mark) {
  static constexpr auto names = column_names<R>();
  return concat({"UPDATE ", Table<R>::name, " SET ", assignments(names, Table<R>::key_fields, mark)});
}

// " WHERE k1=?1 AND k2=?2" over the key columns.
template <class R>
std::string key_condition(char mark) {
  static constexpr auto names = column_names<R>();
  std::string out = " WHERE ";
  for (std::size_t i = 0; i < Table<R>::key_fields; ++i) {
    if (i > 0) out += " AND ";
    out += concat({names[i], "=", std::string(1, mark), std::to_string(i + 1)});
  }
  return out;
}

}  // namespace records
}  // namespace v1
}  // namespace onboard
