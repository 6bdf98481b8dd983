#include <sstream>

#include "cli.hpp"

namespace onboard::cli {

std::string Args::positional(std::size_t i, const char* what) const {
  if (i >= positionals_.size()) throw UsageError{std::string("missing ") + what};
  return positionals_[i];
}

std::optional<std::string> Args::option(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::option_or(const std::string& name, const std::string& fallback) const {
  auto v = option(name);
  return v ? *v : fallback;
}

std::string Args::required(const std::string& name) const {
  auto v = option(name);
  if (!v) throw UsageError{"missing --" + name};
  return *v;
}

void Args::allow(std::initializer_list<const char*> allowed) const {
  std::set<std::string> ok(allowed.begin(), allowed.end());
  for (const auto& [k, v] : options_)
    if (!ok.count(k)) throw UsageError{"unknown option --" + k};
  for (const auto& f : flags_)
    if (!ok.count(f)) throw UsageError{"unknown option --" + f};
}

std::vector<std::string> Args::list(const std::string& name) const {
  std::vector<std::string> out;
  auto v = option(name);
  if (!v) return out;
  std::stringstream in(*v);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::int64_t parse_number(const std::string& text, const std::string& name) {
  std::int64_t value = 0;
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError{"--" + name + " needs a whole number"};
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

unsigned parse_threads(const std::string& text) {
  const std::string sentence =
      "--threads needs a whole number of 1 or more (1: onboard starts no thread of its own), not \"" + text +
      "\"";
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError{sentence};
  const auto n = static_cast<unsigned>(std::stoul(text));
  if (n == 0) throw UsageError{sentence};
  return n;
}

}  // namespace onboard::cli
