#include <iostream>

#include "cli.hpp"

namespace onboard::cli {

int fail(const Error& e, const Globals& g) {
  int code = exit_refused;
  if (e.code == Errc::storage || e.code == Errc::busy || e.code == Errc::internal) code = exit_storage;
  if (g.json) {
    boost::json::object o{{"error", std::string(to_string(e.code))}, {"message", e.message}};
    if (!e.detail_code.empty()) o["code"] = e.detail_code;
    if (e.row) o["row"] = *e.row;
    if (e.column) o["column"] = *e.column;
    std::cout << boost::json::serialize(o) << "\n";
  }
  std::cerr << "onboard: " << e.message << "\n";
  return code;
}

void print_json(const boost::json::value& v) { std::cout << boost::json::serialize(v) << "\n"; }

std::string read_password_stdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace onboard::cli
