// The one description of how a record is stored: a field table per record
// (records/*.hpp) lists its columns in order, each with its name, its kind of
// SQL type and how to get the value from the record and put it back. Both SQL
// backends bind, read and write their column lists from these tables
// (sqlite/sqlite_records.hpp, postgres/pg_records.hpp), so a new column is one
// line of a table plus one migration per backend; a test per backend holds
// each table equal to the columns its migrations create.
//
// Everything here is resolved at compile time: a table is a std::tuple of
// fields whose getters and setters are lambdas, so binding a record is a
// straight run of typed binds with no lookup, no virtual call and no heap
// allocation beyond the JSON a field encodes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace records {

// The kind of SQL type a column holds. Each backend maps a kind to its type:
// SQLite TEXT/BLOB/INTEGER (booleans and instants too), PostgreSQL
// text/bytea/bigint/boolean/timestamptz/jsonb.
enum class Kind { text, blob, integer, boolean, time, json };

// What a backend reads from a column of a kind (and a setter takes).
template <Kind K, bool Nullable>
struct Stored {
  using type = std::string;  // text, blob, json
};
template <>
struct Stored<Kind::integer, false> {
  using type = std::int64_t;
};
template <>
struct Stored<Kind::integer, true> {
  using type = std::optional<std::int64_t>;
};
template <>
struct Stored<Kind::boolean, false> {
  using type = bool;
};
template <>
struct Stored<Kind::time, false> {
  using type = Timestamp;
};
template <>
struct Stored<Kind::time, true> {
  using type = std::optional<Timestamp>;
};
template <Kind K, bool Nullable>
using stored_t = typename Stored<K, Nullable>::type;

// One column: `get(record)` gives what is bound (a string view or string for
// text, blob and json; an integer, bool or Timestamp, optional when
// Nullable); `set(record, stored_t&&)` puts a read value back and returns
// void, or Result<void> when the value can be refused as damaged.
template <Kind K, bool Nullable, class Get, class Set>
struct Field {
  static constexpr Kind kind = K;
  static constexpr bool nullable = Nullable;
  std::string_view name;
  Get get;
  Set set;
};

template <Kind K, bool Nullable, class Get, class Set>
constexpr auto field(std::string_view name, Get get, Set set) {
  return Field<K, Nullable, Get, Set>{name, get, set};
}

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class M>
struct member;
template <class R, class V>
struct member<V R::*> {
  using record = R;
  using value = V;
};
}  // namespace detail

// A column holding the member M as it is (an `int` member is stored as an
// integer; a std::optional member makes the column nullable).
template <Kind K, auto M>
constexpr auto column(std::string_view name) {
  using R = typename detail::member<decltype(M)>::record;
  using V = typename detail::member<decltype(M)>::value;
  constexpr bool nullable = detail::is_optional<V>::value;
  using S = stored_t<K, nullable>;
  return field<K, nullable>(
      name, [](const R& r) -> const V& { return r.*M; },
      [](R& r, S&& v) {
        if constexpr (std::is_same_v<V, S>) {
          r.*M = std::move(v);
        } else {
          r.*M = static_cast<V>(v);
        }
      });
}

// An enum stored as its name (to_string); a name `parse` does not know is a
// damaged record ("A stored <what> is damaged.").
template <auto M, auto Parse>
constexpr auto enum_column(std::string_view name, std::string_view what) {
  using R = typename detail::member<decltype(M)>::record;
  return field<Kind::text, false>(
      name, [](const R& r) { return to_string(r.*M); },
      [what](R& r, std::string&& v) -> Result<void> {
        auto parsed = Parse(v);
        if (!parsed) return Error{Errc::storage, "A stored " + std::string(what) + " is damaged."};
        r.*M = *parsed;
        return success();
      });
}

// A list or map stored as JSON text (organization_codec.hpp).
template <auto M, auto Encode, auto Decode>
constexpr auto json_column(std::string_view name) {
  using R = typename detail::member<decltype(M)>::record;
  return field<Kind::json, false>(
      name, [](const R& r) { return Encode(r.*M); },
      [](R& r, std::string&& v) -> Result<void> {
        ONB_ASSIGN(r.*M, Decode(v));
        return success();
      });
}

// The table of record R: specialized in records/*.hpp with
//   static constexpr std::string_view name;   // the SQL table
//   static constexpr std::size_t key_fields;  // the first fields name the row
//   static constexpr auto fields = std::tuple{…};
template <class R>
struct Table;

template <class R>
inline constexpr std::size_t field_count = std::tuple_size_v<std::remove_cvref_t<decltype(Table<R>::fields)>>;

// Calls f(field, index) for each field of R's table, in column order.
template <class R, class F>
constexpr void for_each_field(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) { (f(std::get<I>(Table<R>::fields), I), ...); }
  (std::make_index_sequence<field_count<R>>{});
}

// Like for_each_field, but f returns bool and the walk stops at the first false.
template <class R, class F>
constexpr bool all_fields(F&& f) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (f(std::get<I>(Table<R>::fields), I) && ...);
  }
  (std::make_index_sequence<field_count<R>>{});
}

// Sets a field of `r` from a read value; false (with `error` set) when the
// field refuses it.
template <class R, class F, class S>
bool put(const F& field, R& r, S&& value, Result<void>& error) {
  if constexpr (std::is_void_v<decltype(field.set(r, std::forward<S>(value)))>) {
    field.set(r, std::forward<S>(value));
    return true;
  } else {
    auto result = field.set(r, std::forward<S>(value));
    if (result.ok()) return true;
    error = std::move(result);
    return false;
  }
}

template <class R>
constexpr std::array<std::string_view, field_count<R>> column_names() {
  std::array<std::string_view, field_count<R>> names{};
  for_each_field<R>([&](const auto& f, std::size_t i) { names[i] = f.name; });
  return names;
}

template <class R>
constexpr std::array<Kind, field_count<R>> column_kinds() {
  std::array<Kind, field_count<R>> kinds{};
  for_each_field<R>([&](const auto& f, std::size_t i) { kinds[i] = std::remove_cvref_t<decltype(f)>::kind; });
  return kinds;
}

template <class R>
constexpr std::array<bool, field_count<R>> column_nullable() {
  std::array<bool, field_count<R>> nullable{};
  for_each_field<R>(
      [&](const auto& f, std::size_t i) { nullable[i] = std::remove_cvref_t<decltype(f)>::nullable; });
  return nullable;
}

}  // namespace records
}  // namespace v1
}  // namespace onboard
