#include "onboard/core/clock.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>

namespace onboard {
inline namespace v1 {

Timestamp SystemClock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string format_iso8601(Timestamp t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::optional<Timestamp> parse_iso8601(std::string_view text) {
  if (text.size() > 64) return std::nullopt;
  const std::string s(text);
  // Formats tried in order; %z accepts +hh:mm with the E modifier.
  static const char* const with_offset[] = {"%Y-%m-%dT%H:%M:%S%Ez", "%Y-%m-%dT%H:%M%Ez"};
  for (const char* fmt : with_offset) {
    std::istringstream in(s);
    date::sys_seconds tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return tp;
  }
  static const char* const utc[] = {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d %H:%M:%S",
                                    "%Y-%m-%dT%H:%M:%S"};
  for (const char* fmt : utc) {
    std::istringstream in(s);
    date::sys_seconds tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return tp;
  }
  return std::nullopt;
}

bool is_valid_time_zone(std::string_view tz) {
  if (tz.empty() || tz.size() > 64) return false;
  try {
    (void)date::locate_zone(std::string(tz));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<Timestamp> end_of_local_date(std::string_view text, std::string_view tz) {
  if (text.size() != 10) return std::nullopt;
  std::istringstream in{std::string(text)};
  date::local_days day;
  in >> date::parse("%Y-%m-%d", day);
  if (in.fail()) return std::nullopt;
  try {
    const date::time_zone* zone = date::locate_zone(std::string(tz));
    // The next local midnight; `earliest` resolves a midnight skipped or
    // repeated by a daylight-saving change.
    const auto next = date::local_seconds{day + date::days{1}};
    return std::chrono::floor<std::chrono::seconds>(zone->to_sys(next, date::choose::earliest));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace v1
}  // namespace onboard
