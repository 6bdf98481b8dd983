#include "onboard/import/import_report.hpp"

#include <sodium.h>

#include <algorithm>

#include <boost/json/array.hpp>

#include "core/fast_paths.hpp"
#include "core/large_memory.hpp"

namespace onboard {
inline namespace v1 {

std::string_view to_string(RowAction a) noexcept {
  switch (a) {
    case RowAction::create: return "create";
    case RowAction::update: return "update";
    case RowAction::skip: return "skip";
    case RowAction::error: return "error";
    case RowAction::suspend: return "suspend";
  }
  return "error";
}

void CredentialList::add(std::int64_t row, std::string_view email, std::string_view username,
                         std::string_view display_name, std::string_view password,
                         std::string_view activation_key) {
  Entry e{row, text_.size(), {}};
  const std::string_view parts[5] = {email, username, display_name, password, activation_key};
  std::size_t bytes = 0;
  for (const auto& part : parts) bytes += part.size();
  if (text_.size() + bytes > text_.capacity())
    grow_text(std::max(text_.size() + bytes, 2 * text_.capacity()));
  for (int i = 0; i < 5; ++i) {
    e.lengths[i] = static_cast<std::uint32_t>(parts[i].size());
    text_.append(parts[i]);
  }
  entries_.push_back(e);
}

void CredentialList::grow_text(std::size_t capacity) {
  // Not std::string's own growth, which would free the old text unwiped.
  std::string bigger;
  bigger.reserve(capacity);
  advise_huge_pages(bigger.data(), bigger.capacity());
  bigger.append(text_);
  if (!text_.empty()) sodium_memzero(text_.data(), text_.size());
  text_.swap(bigger);
}

void CredentialList::reserve(std::size_t n) {
  constexpr std::size_t kTextPerEntry = 80;  // an email, a name and a password
  entries_.reserve(n);
  advise_huge_pages(entries_.data(), entries_.capacity() * sizeof(Entry));
  if (n * kTextPerEntry > text_.capacity()) grow_text(n * kTextPerEntry);
}

CredentialView CredentialList::view(std::size_t i) const {
  const Entry& e = entries_.at(i);
  CredentialView c;
  c.row = e.row;
  std::size_t at = e.offset;
  std::string_view* fields[5] = {&c.email, &c.username, &c.display_name, &c.password, &c.activation_key};
  for (int k = 0; k < 5; ++k) {
    *fields[k] = std::string_view(text_).substr(at, e.lengths[k]);
    at += e.lengths[k];
  }
  return c;
}

void CredentialList::prefetch(std::size_t i) const noexcept {
  if (i >= entries_.size()) return;
  const char* text = text_.data() + entries_[i].offset;
  __builtin_prefetch(text);
  __builtin_prefetch(text + 64);  // an entry is ~70 bytes: often two lines
}

Credential CredentialList::operator[](std::size_t i) const {
  const CredentialView v = view(i);
  return Credential{v.row,
                    std::string(v.email),
                    std::string(v.username),
                    std::string(v.display_name),
                    std::string(v.password),
                    std::string(v.activation_key)};
}

void CredentialList::sort_by_row() {
  if (entries_.size() < 2) return;
  // Fast path: an import's rows are distinct and nearly dense, so each entry
  // goes straight to the slot of its row, and the empty slots are closed up
  // after, one pass each instead of a merge sort (docs/performance.md). Its
  // twin, and the answer for anything else, is the stable_sort below.
  const auto [low, high] = std::minmax_element(entries_.begin(), entries_.end(),
                                               [](const Entry& a, const Entry& b) { return a.row < b.row; });
  const std::int64_t first = low->row;
  const auto span = static_cast<std::uint64_t>(high->row - first) + 1;
  if (kFastPaths && span <= 2 * static_cast<std::uint64_t>(entries_.size())) {
    ZeroedArray<Entry> slots(static_cast<std::size_t>(span));  // written only where taken
    std::vector<bool> taken(span, false);
    bool distinct = true;
    for (const Entry& e : entries_) {
      const auto k = static_cast<std::size_t>(e.row - first);
      if (taken[k]) {
        distinct = false;
        break;
      }
      taken[k] = true;
      slots[k] = e;
    }
    if (distinct) {
      std::size_t n = 0;
      for (std::size_t k = 0; k < span; ++k)
        if (taken[k]) entries_[n++] = slots[k];
      return;
    }
  }
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.row < b.row; });
}

void CredentialList::clear() {
  // Passwords and keys live in text_: wipe them before the memory is reused.
  if (!text_.empty()) sodium_memzero(text_.data(), text_.size());
  entries_.clear();
  text_.clear();
}

CredentialList::~CredentialList() { clear(); }

boost::json::object to_json(const ImportReport& r) {
  boost::json::array errors;
  for (const auto& e : r.errors) {
    boost::json::object o{{"row", nullptr}, {"column", nullptr}, {"code", e.code}, {"message", e.message}};
    if (e.row > 0) o["row"] = e.row;
    if (!e.column.empty()) o["column"] = e.column;
    errors.push_back(std::move(o));
  }
  boost::json::array warnings;
  for (const auto& w : r.warnings) warnings.push_back(boost::json::string(w));
  boost::json::array plan;
  for (const auto& p : r.plan) {
    boost::json::object o{
        {"row", p.row}, {"action", to_string(p.action)}, {"email", p.email}, {"name", p.name}};
    if (!p.role.empty()) o["role"] = p.role;
    if (!p.user_id.empty()) o["user_id"] = p.user_id;
    if (!p.reason.empty()) o["reason"] = p.reason;
    if (!p.changes.empty()) {
      boost::json::array changes;
      for (const auto& c : p.changes)
        changes.push_back(boost::json::object{{"field", c.field}, {"before", c.before}, {"after", c.after}});
      o["changes"] = std::move(changes);
    }
    plan.push_back(std::move(o));
  }
  boost::json::array headers;
  for (const auto& h : r.headers) headers.push_back(boost::json::string(h));
  boost::json::object o{{"file_name", r.file_name},
                        {"format", r.format},
                        {"encoding", r.encoding},
                        {"delimiter", r.delimiter},
                        {"headers", std::move(headers)},
                        {"header_row", r.header_row},
                        {"rows", r.rows},
                        {"valid", r.valid},
                        {"committed", r.committed},
                        {"dry_run", r.dry_run},
                        {"created", r.created},
                        {"updated", r.updated},
                        {"skipped", r.skipped},
                        {"suspended", r.suspended},
                        {"error_rows", r.error_rows},
                        {"conflicts", r.conflicts},
                        {"errors", std::move(errors)},
                        {"warnings", std::move(warnings)},
                        {"plan", std::move(plan)},
                        {"credentials", r.credentials.size()}};
  if (!r.hash_schemes.empty()) {
    boost::json::array schemes;
    for (const auto& h : r.hash_schemes)
      schemes.push_back(boost::json::object{{"scheme", h.scheme}, {"rows", h.rows}, {"weak", h.weak}});
    o["password_hashes"] = std::move(schemes);
  }
  if (!r.job_id.empty()) o["job_id"] = r.job_id;
  if (!r.file_digest.empty()) o["file_digest"] = r.file_digest;
  return o;
}

}  // namespace v1
}  // namespace onboard
