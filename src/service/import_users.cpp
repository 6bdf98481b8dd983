// Importer: preview and run, and pass 1 of the pipeline (read, validate,
// find duplicates and existing users, plan every row).
#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <tuple>

#include "import/readers/reader_messages.hpp"
#include "onboard/importer.hpp"
#include "onboard/model/name.hpp"
#include "service/import_engine.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// Loading every member costs about as much as looking up this many rows.
constexpr std::int64_t kPreloadAlways = 50'000;
constexpr std::size_t kPageSize = 10'000;

// Fast path: OpenSSL's SHA-256, which uses the CPU's SHA extensions where
// it has them (several times libsodium's portable C: docs/performance.md).
// Its twin, without the fast paths, is libsodium's crypto_hash_sha256.
std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if constexpr (!kFastPaths) {
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    size = crypto_hash_sha256_BYTES;
  } else if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::bad_alloc();  // OpenSSL fails SHA-256 of a buffer only when out of memory
  char hex[EVP_MAX_MD_SIZE * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, size);
  return hex;
}

}  // namespace

std::string reader_code(const Error& e) {
  if (!e.detail_code.empty()) return e.detail_code;
  switch (e.code) {
    case Errc::limit_exceeded: return "limit.cell";
    case Errc::unsupported_format: return "file.unsupported";
    default: return "file.unreadable";
  }
}

// ---- existing users ----

void ExistingIndex::add(User user) {
  if (!preloaded_ && !chunk_ids_.insert(user.id).second) return;  // found by two keys
  users_.push_back(std::move(user));
  const auto value = static_cast<std::uint32_t>(users_.size());
  const User& u = users_.back();
  if (!u.email_key.empty()) by_email_.insert(u.email_key, value);
  if (!u.username_key.empty()) by_username_.insert(u.username_key, value);
  if (!u.external_id.empty()) by_external_id_.insert(u.external_id, value);
}

Result<void> ExistingIndex::choose(Storage& storage, const std::string& org_id, std::uint64_t file_bytes,
                                   bool need_records) {
  if (need_records) return success();
  ONB_ASSIGN(members_, storage.count_seated_users(org_id));
  // Loading members (whole records: the storage has no keys-only listing)
  // beats one lookup per row only when they are far fewer than the rows.
  // Fast path: members preloaded into key indexes. Its twin, and the only
  // way without the fast paths: the storage's find_users for each chunk.
  preloaded_ =
      kFastPaths && (members_ <= kPreloadAlways || static_cast<std::uint64_t>(members_) <= file_bytes / 256);
  return success();
}

Result<void> ExistingIndex::preload(Storage& storage, const std::string& org_id) {
  if (!preloaded_) return success();
  users_.reserve(static_cast<std::size_t>(members_));
  UserFilter filter;
  filter.limit = kPageSize;
  for (;;) {
    ONB_ASSIGN(auto page, storage.list_users(org_id, filter));
    const std::string last_id = page.empty() ? std::string() : page.back().id;
    for (User& full : page) {
      // An unconfirmed self-registration holds no address (find_users skips it too).
      if (full.status == UserStatus::pending_verification) continue;
      User keys;  // only what matching and messages need
      keys.id = std::move(full.id);
      keys.email = std::move(full.email);
      keys.email_key = std::move(full.email_key);
      keys.username = std::move(full.username);
      keys.username_key = std::move(full.username_key);
      keys.external_id = std::move(full.external_id);
      keys.role = std::move(full.role);
      add(std::move(keys));
    }
    if (page.size() < kPageSize) break;
    filter.after_id = last_id;
  }
  return success();
}

Result<void> ExistingIndex::load_chunk(Storage& storage, const std::string& org_id,
                                       const std::vector<CandidateRow>& rows, std::size_t count) {
  if (preloaded_) return success();
  users_.clear();
  chunk_ids_.clear();
  by_email_.clear();
  by_username_.clear();
  by_external_id_.clear();
  std::vector<std::string> emails, usernames, external_ids;
  for (std::size_t i = 0; i < count; ++i) {
    if (!rows[i].email_key.empty()) emails.push_back(rows[i].email_key);
    if (!rows[i].username_key.empty()) usernames.push_back(rows[i].username_key);
    if (!rows[i].external_id.empty()) external_ids.push_back(rows[i].external_id);
  }
  const std::pair<UserKeyField, std::vector<std::string>*> lookups[] = {
      {UserKeyField::email_key, &emails},
      {UserKeyField::username_key, &usernames},
      {UserKeyField::external_id, &external_ids}};
  for (const auto& [field, keys] : lookups) {
    if (keys->empty()) continue;
    ONB_ASSIGN(auto found, storage.find_users(org_id, field, *keys));
    for (User& u : found) add(std::move(u));
  }
  return success();
}

void ExistingIndex::match(const CandidateRow& row, std::vector<const User*>& out,
                          std::vector<UserKeyField>& fields) const {
  out.clear();
  fields.clear();
  auto look = [&](const KeyIndex& index, const std::string& key, UserKeyField field) {
    if (key.empty()) return;
    const std::uint32_t v = index.find(key);
    if (v == 0) return;
    const User* u = &users_[v - 1];
    // The fingerprint index can (with negligible odds) confuse two keys;
    // the record itself settles it.
    const std::string& actual = field == UserKeyField::email_key      ? u->email_key
                                : field == UserKeyField::username_key ? u->username_key
                                                                      : u->external_id;
    if (actual != key) return;
    if (std::find(out.begin(), out.end(), u) == out.end()) {
      out.push_back(u);
      fields.push_back(field);
    }
  };
  look(by_email_, row.email_key, UserKeyField::email_key);
  look(by_username_, row.username_key, UserKeyField::username_key);
  look(by_external_id_, row.external_id, UserKeyField::external_id);
}

bool ExistingIndex::may_match(const KeyIndex::Fingerprint& email, const KeyIndex::Fingerprint& username,
                              const KeyIndex::Fingerprint& external_id) const noexcept {
  auto has = [](const KeyIndex& index, const KeyIndex::Fingerprint& key) {
    return (key.h1 != 0 || key.h2 != 0) && index.find(key) != 0;
  };
  return has(by_email_, email) || has(by_username_, username) || has(by_external_id_, external_id);
}

// ---- the run ----

ImportRun::ImportRun(Directory& dir, ActorContext actor, std::string_view bytes, std::string_view file_name,
                     const ImportOptions& options, const ImportProgressCallback& progress, bool committing,
                     const ImportTuning& tuning, ImportTrace& trace)
    : dir_(dir),
      actor_(std::move(actor)),
      bytes_(bytes),
      file_name_(file_name),
      options_(options),
      progress_(progress),
      committing_(committing),
      tuning_(tuning),
      trace_(trace) {
  const auto& limits = actor_.org.settings.import_limits;
  max_rows_ = std::min<std::uint64_t>(options.max_rows.value_or(limits.max_rows), 0xFFFFFFF0u);
  report_.file_name = file_name_;
  started_ = dir_.clock().now();
}

Result<std::unique_ptr<readers::SeekableReader>> ImportRun::open_reader() {
  return readers::open_seekable(bytes_, file_name_, reader_limits_, 0);
}

void ImportRun::record_issues(std::vector<RowIssue>& issues) {
  for (auto& issue : issues) {
    ++total_issues_;
    if (report_.errors.size() < options_.max_listed_errors) report_.errors.push_back(std::move(issue));
  }
  issues.clear();
}

void ImportRun::record_plan(const CandidateRow& row, Action action, const User* existing, std::string reason,
                            std::vector<FieldChange> changes) {
  if (report_.plan.size() >= options_.max_listed_plan_rows) return;
  PlannedRow p;
  p.row = row.row;
  p.action = static_cast<RowAction>(action);
  p.email = row.email;
  p.name = row.display_name;
  if (existing != nullptr) p.user_id = existing->id;
  p.reason = std::move(reason);
  p.changes = std::move(changes);
  report_.plan.push_back(std::move(p));
}

std::string ImportRun::too_many_rows_message() const {
  return "The file has more than " + std::to_string(max_rows_) + " rows of people; the limit is " +
         std::to_string(max_rows_) + ".";
}

void ImportRun::file_problem(std::string code, std::string message, std::int64_t row) {
  // Listed even past max_listed_errors: it says why the file cannot be used.
  ++total_issues_;
  report_.errors.push_back({row, "", std::move(code), std::move(message)});
  blocked_ = true;
}

Result<void> ImportRun::report_progress(std::string_view stage, std::int64_t rows,
                                        const readers::SeekableReader& reader) {
  return report_progress(stage, rows, reader.bytes_consumed(), reader.bytes_total());
}

Result<void> ImportRun::report_progress(std::string_view stage, std::int64_t rows, std::uint64_t bytes_done,
                                        std::uint64_t bytes_total) {
  if (!progress_) return success();
  if (!progress_(ImportProgress{stage, rows, bytes_done, bytes_total}))
    return Error{Errc::cancelled, "The import was cancelled; nothing was written.", "import.cancelled"};
  return success();
}

Result<bool> ImportRun::read_header(readers::SeekableReader& reader) {
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  auto more = reader.next(cells, row);
  if (!more) {
    std::vector<RowIssue> issue{
        {more.error().row.value_or(0), "", reader_code(more.error()), more.error().message}};
    record_issues(issue);
    return false;
  }
  if (!*more) {
    std::vector<RowIssue> issue{
        {0, "", "file.empty", "The file is empty; its first row must hold the column headers."}};
    record_issues(issue);
    return false;
  }
  const bool email_required =
      !(options_.passwords == PasswordSource::none && options_.activation == Activation::key);
  MappingResult mapped = map_headers(cells, options_, email_required);
  mapping_ = std::move(mapped.mapping);
  for (auto& w : mapped.warnings) report_.warnings.push_back(std::move(w));
  report_.headers.clear();
  for (const auto& c : mapping_.columns) report_.headers.push_back(c.header);
  if (!mapped.errors.empty()) {
    record_issues(mapped.errors);
    return false;
  }
  return true;
}

Result<void> ImportRun::plan() {
  const auto& limits = actor_.org.settings.import_limits;
  const std::uint64_t max_bytes = options_.max_bytes.value_or(limits.max_bytes);
  if (bytes_.size() > max_bytes) {
    file_problem("limit.bytes", "The file is " + readers::describe_size(bytes_.size()) + "; the limit is " +
                                    readers::describe_size(max_bytes) + ".");
    return success();
  }
  if (!options_.role.empty()) {
    ONB_ASSIGN(const Role role, grantable_role(actor_, options_.role, GrantObject::member));
    for (std::size_t i = 0; i < actor_.org.roles.roles.size(); ++i)
      if (actor_.org.roles.roles[i].name == role.name) forced_role_ = static_cast<int>(i);
  } else if (auto allowed = authorize_grant(actor_, GrantAction::create, GrantObject::member,
                                            actor_.org.roles.default_or_first().name);
             !allowed) {
    // A custom catalog's default role may rank above the actor: rows without a role are refused.
    default_role_refusal_ = std::move(allowed).error();
  }

  auto opened = open_reader();
  if (!opened) {
    file_problem(reader_code(opened.error()), opened.error().message);
    return success();
  }
  auto reader = std::move(opened).value();
  const TableInfo& info = reader->info();
  report_.format = info.format;
  report_.encoding = info.encoding;
  report_.delimiter = info.delimiter;
  for (const auto& w : info.warnings) report_.warnings.push_back(w);
  ONB_ASSIGN(const bool header_ok, read_header(*reader));
  if (!header_ok) {
    blocked_ = true;
    return success();
  }

  if (mapping_.has(Field::password) && options_.passwords != PasswordSource::file)
    report_.warnings.push_back(
        options_.passwords == PasswordSource::generate
            ? "The Password column was not used, because passwords are generated."
            : "The Password column was not used, because people activate their accounts.");
  if (!mapping_.has(Field::password) && options_.passwords == PasswordSource::file)
    report_.warnings.push_back("The file has no Password column; everyone gets a generated password.");
  if (forced_role_ && mapping_.has(Field::role))
    report_.warnings.push_back("Everyone gets the role " + options_.role + "; the Role column was not used.");

  validator_ = std::make_unique<RowValidator>(mapping_, actor_.org, options_, actor_.role.rank, forced_role_);
  Storage& storage = dir_.storage();
  ONB_TRY(
      existing_.choose(storage, actor_.org.id, bytes_.size(), options_.existing == ExistingUsers::update));
  // Fast path: rows written sorted by key (each index grows at its right
  // edge). Its twin, and the only way for a reader that cannot seek (XLSX)
  // or without the fast paths: the file's order.
  write_in_order_ = kFastPaths && committing_ && reader->position().has_value();
  // The worker (for a large file) starts before the rest is set up here.
  std::unique_ptr<SecondSegment> second = start_second_segment(*reader);
  ONB_TRY(existing_.preload(storage, actor_.org.id));
  {
    ONB_ASSIGN(auto invitations, storage.list_invitations(actor_.org.id));
    const auto now = dir_.clock().now();
    for (const auto& inv : invitations)
      if (inv.status_at(now) == InvitationStatus::pending) pending_invitations_.insert(inv.email_key, 1);
  }

  // Rows of people are rarely shorter than 64 bytes; the index grows if they are.
  const std::size_t estimate = std::min<std::size_t>(max_rows_, bytes_.size() / 64 + 16);
  actions_.reserve(estimate);
  if (mapping_.has(Field::email)) seen_email_.reserve(estimate);
  chunk_.resize(kChunkRows);
  chunk_bad_.assign(kChunkRows, 0);
  chunk_positions_.assign(kChunkRows, {});
  for (auto& prints : chunk_prints_) prints.assign(kChunkRows, KeyIndex::Fingerprint{0, 0});
  if (write_in_order_) write_order_.reserve(estimate);
  auto progress = [&]() -> Result<void> {
    if (!second) return report_progress("checking", report_.rows, *reader);
    return report_progress("checking", report_.rows + second->rows_done(),
                           reader->bytes_consumed() + second->bytes_done(), reader->bytes_total());
  };
  std::vector<RowIssue> chunk_issues;
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  std::size_t n = 0;
  bool merged = false;  // the worker's last piece was merged: nothing is left to read
  // Where this thread stops reading: the next piece the worker may have.
  std::uint64_t stop_at = second ? second->first_worker_start() : std::numeric_limits<std::uint64_t>::max();
  std::size_t next_piece = second ? second->first_worker_piece() : 0;
  // What stopped the reading, recorded after the rows before it.
  std::optional<RowIssue> stop;
  for (;;) {
    if (write_in_order_ || second) {
      const Position at = *reader->position();
      chunk_positions_[n] = at;
      if (second && at.offset >= stop_at) {
        if (at.offset != stop_at) {
          second.reset();  // the boundary was inside a row: read on alone
          stop_at = std::numeric_limits<std::uint64_t>::max();
        } else {
          // The rows before the worker's next piece are all read: finish
          // them, then merge its pieces until one is left to check here.
          if (n > 0) {
            find_duplicates(n, chunk_issues);
            ONB_TRY(resolve_chunk(n, chunk_issues));
            n = 0;
          }
          std::int64_t base = at.record;
          ONB_ASSIGN(const NextPiece next, merge_pieces(*second, next_piece, base));
          if (next.stopped || next.piece >= second->size()) {
            second.reset();
            merged = true;
            break;
          }
          const SecondSegment::Piece& piece = second->piece(next.piece);
          if (!reader->seek({piece.start, base}))
            return Error{Errc::internal, "The file could not be read on from a piece.", "import.reread"};
          stop_at = piece.end;
          next_piece = next.piece + 1;
          if (next.alone) {
            second.reset();
            stop_at = std::numeric_limits<std::uint64_t>::max();
          }
          continue;
        }
      }
    }
    auto more = reader->next(cells, row);
    if (!more) {
      stop = RowIssue{more.error().row.value_or(0), "", reader_code(more.error()), more.error().message};
      break;
    }
    if (!*more) break;
    if (static_cast<std::uint64_t>(report_.rows) >= max_rows_) {
      stop = RowIssue{0, "", "limit.rows", too_many_rows_message()};
      break;
    }
    ++report_.rows;
    CandidateRow& c = chunk_[n];
    bool ok = validator_->validate(cells, row, c, chunk_issues);
    chunk_bad_[n] = ok ? 0 : 1;
    if (++n == kCheckRows) {
      find_duplicates(n, chunk_issues);
      ONB_TRY(resolve_chunk(n, chunk_issues));
      n = 0;
      if (report_.rows % kChunkRows == 0) ONB_TRY(progress());
    }
  }
  second.reset();  // a file problem before the split: the rest is not read
  if (n > 0) {
    find_duplicates(n, chunk_issues);
    ONB_TRY(resolve_chunk(n, chunk_issues));
  }
  if (stop) file_problem(std::move(stop->code), std::move(stop->message), stop->row);
  if (!merged) ONB_TRY(report_progress("checking", report_.rows, *reader));

  report_.valid = report_.rows - report_.error_rows;
  if (report_.created > 0 &&
      !(blocked_ || (options_.mode == CommitMode::all_or_nothing && report_.error_rows > 0))) {
    auto seats = dir_.check_seats(actor_.org, report_.created);
    if (!seats) {
      if (seats.error().code != Errc::limit_exceeded) return std::move(seats).error();
      file_problem("limit.seats", seats.error().message);
    }
  }
  if (total_issues_ > report_.errors.size())
    report_.warnings.push_back("Only the first " + std::to_string(report_.errors.size()) + " of " +
                               std::to_string(total_issues_) + " problems are listed.");
  return success();
}

void ImportRun::find_duplicates(std::size_t count, std::vector<RowIssue>& chunk_issues) {
  // A chunk at a time, so the table's cache misses overlap: each slot is
  // prefetched a few rows before its insert. Rows go in file order, so a
  // duplicate always names the first row with the key.
  constexpr std::size_t kAhead = 8;
  auto pass = [&](KeyIndex& index, std::string CandidateRow::*key, Field field,
                  std::vector<KeyIndex::Fingerprint>& prints) {
    bool any = false;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& k = chunk_[i].*key;
      any = any || !k.empty();
      prints[i] = k.empty() ? KeyIndex::Fingerprint{0, 0} : KeyIndex::fingerprint(k);
    }
    if (!any) return;
    for (std::size_t i = 0; i < count; ++i) {
      if (i + kAhead < count) index.prefetch(prints[i + kAhead]);
      const CandidateRow& c = chunk_[i];
      if ((c.*key).empty()) continue;
      const std::uint32_t first = index.insert(prints[i], static_cast<std::uint32_t>(c.row));
      if (first == 0) continue;
      chunk_issues.push_back(duplicate_issue(c, field, first));
      chunk_bad_[i] = 1;
    }
  };
  pass(seen_email_, &CandidateRow::email_key, Field::email, chunk_prints_[0]);
  pass(seen_username_, &CandidateRow::username_key, Field::username, chunk_prints_[1]);
  pass(seen_external_id_, &CandidateRow::external_id, Field::external_id, chunk_prints_[2]);
}

RowIssue ImportRun::duplicate_issue(const CandidateRow& c, Field field, std::uint32_t first) const {
  const std::string& header = mapping_.columns[static_cast<std::size_t>(mapping_.column(field))].header;
  const auto [key, code, what] = field == Field::email ? std::tuple{&c.email_key, "duplicate.email", "email"}
                                 : field == Field::username
                                     ? std::tuple{&c.username_key, "duplicate.username", "username"}
                                     : std::tuple{&c.external_id, "duplicate.external_id", "external ID"};
  return {c.row, header, code,
          "Duplicate of row " + std::to_string(first) + ": the " + what + " " + excerpt_for_message(*key) +
              " appears twice."};
}

Result<void> ImportRun::resolve_chunk(std::size_t count, std::vector<RowIssue>& chunk_issues) {
  ONB_TRY(existing_.load_chunk(dir_.storage(), actor_.org.id, chunk_, count));
  for (std::size_t i = 0; i < count; ++i) {
    // The fingerprints find_duplicates made rule out most matches cheaply.
    const KeyIndex::Fingerprint& email = chunk_prints_[0][i];
    const bool may_conflict = existing_.may_match(email, chunk_prints_[1][i], chunk_prints_[2][i]) ||
                              ((email.h1 != 0 || email.h2 != 0) && pending_invitations_.find(email) != 0);
    const Action action = resolve_row(chunk_[i], chunk_bad_[i] != 0, may_conflict, chunk_issues);
    actions_.push_back(static_cast<std::uint8_t>(action));
    if (write_in_order_ && (action == Action::create || action == Action::update))
      add_to_write_order(i, action);
  }
  std::stable_sort(chunk_issues.begin(), chunk_issues.end(),
                   [](const RowIssue& a, const RowIssue& b) { return a.row < b.row; });
  record_issues(chunk_issues);
  return success();
}

ImportRun::Action ImportRun::resolve_row(const CandidateRow& c, bool bad, bool may_conflict,
                                         std::vector<RowIssue>& chunk_issues) {
  std::vector<const User*> matches;
  std::vector<UserKeyField> fields;
  Action action = Action::create;
  const User* existing = nullptr;
  std::string reason;
  std::vector<FieldChange> changes;
  auto refuse = [&](const std::string& column, std::string code, std::string message) {
    chunk_issues.push_back({c.row, column, std::move(code), std::move(message)});
    action = Action::error;
  };
  auto column_of = [&](Field f) {
    const int col = mapping_.column(f);
    return col < 0 ? std::string() : mapping_.columns[static_cast<std::size_t>(col)].header;
  };
  if (bad) {
    action = Action::error;
  } else if (may_conflict) {
    existing_.match(c, matches, fields);
    if (matches.size() > 1) {
      ++report_.conflicts;
      refuse("", "conflict.ambiguous",
             "This row matches " + std::to_string(matches.size()) +
                 " different existing members by its email, username or external ID.");
    } else if (matches.size() == 1) {
      ++report_.conflicts;
      existing = matches.front();
      const UserKeyField field = fields.front();
      if (options_.existing == ExistingUsers::skip) {
        action = Action::skip;
        reason = "already a member";
      } else if (options_.existing == ExistingUsers::error) {
        if (field == UserKeyField::email_key)
          refuse(column_of(Field::email), "conflict.email", c.email + " is already a member.");
        else if (field == UserKeyField::username_key)
          refuse(column_of(Field::username), "conflict.username",
                 "The username " + c.username + " belongs to an existing member.");
        else
          refuse(column_of(Field::external_id), "conflict.external_id",
                 "The external ID " + c.external_id + " belongs to an existing member.");
      } else {
        // Updating a member acts on the grant of their current role, and gives
        // them the row's role: both within the actor's rank (the validator has
        // already refused a row whose role ranks above it).
        auto allowed = authorize_grant(actor_, GrantAction::edit, GrantObject::member, existing->role);
        if (allowed && c.role >= 0 && static_cast<std::size_t>(c.role) < actor_.org.roles.roles.size())
          allowed = authorize_grant(actor_, GrantAction::assign_role, GrantObject::member,
                                    actor_.org.roles.roles[static_cast<std::size_t>(c.role)].name);
        if (!allowed) {
          refuse("", allowed.error().detail_code, allowed.error().message);
        } else {
          User copy = *existing;
          changes = diff(c, copy, false);
          if (changes.empty()) {
            action = Action::skip;
            reason = "no changes";
          } else {
            action = Action::update;
            update_targets_.emplace(c.row, existing->id);
          }
        }
      }
    } else if (!c.email_key.empty() && pending_invitations_.find(c.email_key) != 0) {
      ++report_.conflicts;
      if (options_.existing == ExistingUsers::skip) {
        action = Action::skip;
        reason = "pending invitation";
      } else {
        refuse(column_of(Field::email), "conflict.invitation",
               c.email + " has a pending invitation; revoke it first, or let the person accept it.");
      }
    }
  }
  if (action == Action::create && c.role < 0 && default_role_refusal_)
    refuse(column_of(Field::role), default_role_refusal_->detail_code, default_role_refusal_->message);
  switch (action) {
    case Action::create: ++report_.created; break;
    case Action::update: ++report_.updated; break;
    case Action::skip: ++report_.skipped; break;
    case Action::error: ++report_.error_rows; break;
  }
  if (action == Action::error && reason.empty()) {
    for (const auto& issue : chunk_issues)
      if (issue.row == c.row) {
        reason = issue.message;
        break;
      }
  }
  record_plan(c, action, existing, std::move(reason), std::move(changes));
  return action;
}

void ImportRun::add_to_write_order(std::size_t i, Action action) {
  const Position& at = chunk_positions_[i];
  if (at.record < 0 || at.record > std::int64_t{UINT32_MAX}) {
    write_in_order_ = false;  // beyond what an entry holds: keep the file's order
    write_order_ = {};
    return;
  }
  const CandidateRow& c = chunk_[i];
  WriteOrder w;
  set_write_key(w, c.email_key.empty() ? c.username_key : c.email_key);
  w.offset = at.offset;
  w.record = static_cast<std::uint32_t>(at.record);
  w.action = static_cast<std::uint8_t>(action);
  write_order_.push_back(w);
}

void ImportRun::push_write_order(WriteOrder w) {
  if (write_in_order_) write_order_.push_back(w);
}

void ImportRun::start_file_digest() {
  digest_ = std::async(std::launch::async, [bytes = bytes_] { return sha256_hex(bytes); });
}

void ImportRun::finish_file_digest() {
  if (digest_.valid()) report_.file_digest = digest_.get();
}

bool ImportRun::may_commit() const {
  if (blocked_) return false;
  if (options_.mode == CommitMode::all_or_nothing && report_.error_rows > 0) return false;
  return true;
}

}  // namespace import_detail

// ---- Importer ----

Result<ImportReport> Importer::preview(const Actor& actor, std::string_view bytes, std::string_view file_name,
                                       const ImportOptions& options, const ImportProgressCallback& progress) {
  return execute(actor, bytes, file_name, options, progress, false);
}

Result<ImportReport> Importer::run(const Actor& actor, std::string_view bytes, std::string_view file_name,
                                   const ImportOptions& options, const ImportProgressCallback& progress) {
  return execute(actor, bytes, file_name, options, progress, true);
}

Result<ImportReport> Importer::execute(const Actor& actor, std::string_view bytes, std::string_view file_name,
                                       const ImportOptions& options, const ImportProgressCallback& progress,
                                       bool commit) {
  return import_detail::execute_import(dir_, actor, bytes, file_name, options, progress, commit);
}

namespace import_detail {

Result<ImportReport> execute_import(Directory& dir_, const Actor& actor, std::string_view bytes,
                                    std::string_view file_name, const ImportOptions& options,
                                    const ImportProgressCallback& progress, bool commit,
                                    const ImportTuning& tuning, ImportTrace* trace) {
  ImportTrace ignored;
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::import_users));
  ImportRun run(dir_, std::move(ctx), bytes, file_name, options, progress, commit, tuning,
                trace != nullptr ? *trace : ignored);
  if (!commit) {
    ONB_TRY(run.plan());
    run.report().dry_run = true;
    return std::move(run.report());
  }
  // Planning happens inside the write transaction, so what is written is
  // exactly what was checked, even with other writers about. The file's
  // digest (for the job record) is computed on the other core meanwhile.
  run.start_file_digest();
  auto written = dir_.storage().bulk_transaction([&]() -> Result<void> {
    // Credentials of earlier imports left unclaimed past their time go first.
    ONB_TRY(dir_.storage().purge_sealed_credentials(actor.org_id, dir_.clock().now()));
    ONB_TRY(run.plan());
    if (!run.may_commit()) return success();
    return run.commit();
  });
  run.finish_file_digest();
  if (!written) return std::move(written).error();
  ImportReport& report = run.report();
  if (!report.committed) {
    report.created = 0;
    report.updated = 0;
  }
  return std::move(report);
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
