#include <date/tz.h>

#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace onboard::cli {

int fail(const Error& e, const Globals& g) {
  int code = exit_refused;
  if (e.code == Errc::storage || e.code == Errc::busy || e.code == Errc::internal) code = exit_storage;
  if (g.json) {
    // {"error":{"code":…,"message":…[,"detail_code":…,"row":…,"column":…]}}: one shape for
    // every refusal (exit 1 or 3) and, with "code":"usage", for usage errors (exit 2).
    boost::json::object o{{"code", std::string(to_string(e.code))}, {"message", e.message}};
    if (!e.detail_code.empty()) o["detail_code"] = e.detail_code;
    if (e.row) o["row"] = *e.row;
    if (e.column) o["column"] = *e.column;
    std::cout << boost::json::serialize(boost::json::object{{"error", std::move(o)}}) << "\n";
  }
  std::cerr << "onboard: " << e.message << "\n";
  return code;
}

void print_json(const boost::json::value& v) { std::cout << boost::json::serialize(v) << "\n"; }

void print_json_list(boost::json::array items, const std::string& next_after) {
  boost::json::value next = nullptr;
  if (!next_after.empty()) next = next_after;
  print_json(boost::json::object{{"items", std::move(items)}, {"next_after", std::move(next)}});
}

std::string local_time(Timestamp t, const std::string& time_zone) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(time_zone.empty() ? std::string("UTC") : time_zone);
  } catch (const std::exception&) {
    zone = date::locate_zone("UTC");
  }
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto info = zone->get_info(seconds);
  const auto local = date::local_seconds{seconds.time_since_epoch() + info.offset};
  const auto offset = info.offset.count();
  const auto minutes = (offset < 0 ? -offset : offset) / 60;
  char sign[2] = {offset < 0 ? '-' : '+', '\0'};
  std::ostringstream out;
  out << date::format("%Y-%m-%d %H:%M", local) << " " << sign << std::setfill('0') << std::setw(2)
      << minutes / 60 << ":" << std::setw(2) << minutes % 60;
  return out.str();
}

std::string plural(std::int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string token_of(const std::string& typed) {
  // Only a URL (scheme://…) is cut: a bare token or key is left as typed.
  if (typed.find("://") == std::string::npos) return typed;
  std::string path = typed.substr(0, typed.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.pop_back();
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string read_password_stdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace onboard::cli
