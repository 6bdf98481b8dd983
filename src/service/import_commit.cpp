// Pass 2 of the import pipeline: read the file again and write the planned
// rows in batches, inside the caller's transaction.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <future>
#include <iterator>
#include <thread>
#include <unordered_map>
#include <utility>

#include "onboard/core/id.hpp"
#include "onboard/model/json.hpp"
#include "onboard/model/name.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/secrets/password.hpp"
#include "service/import_credentials.hpp"
#include "service/import_engine.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// Argon2id takes tens of milliseconds a hash; with many passwords in the
// file, both cores share the work.
constexpr std::size_t kParallelHashThreshold = 4;

Result<void> hash_file_passwords(const std::vector<const std::string*>& passwords,
                                 const PasswordPolicy& policy, std::vector<std::string>& out) {
  out.assign(passwords.size(), std::string());
  std::vector<Error> failures(2);
  // One byte a lane: std::vector<bool> packs both flags into one word, and
  // two threads writing it would be a data race.
  std::array<unsigned char, 2> failed{};
  auto work = [&](std::size_t lane, std::size_t lanes) {
    for (std::size_t i = lane; i < passwords.size(); i += lanes) {
      auto hashed = hash_password(*passwords[i], policy);
      if (!hashed) {
        failures[lane] = std::move(hashed).error();
        failed[lane] = 1;
        return;
      }
      out[i] = std::move(*hashed);
    }
  };
  if (passwords.size() >= kParallelHashThreshold) {
    std::thread helper(work, 1, 2);
    work(0, 2);
    helper.join();
  } else {
    work(0, 1);
  }
  for (std::size_t lane = 0; lane < 2; ++lane)
    if (failed[lane]) return failures[lane];
  return success();
}

std::string join_teams(const std::vector<std::string>& teams) {
  std::string out;
  for (const auto& t : teams) out += (out.empty() ? "" : "; ") + t;
  return out;
}

}  // namespace

std::vector<FieldChange> ImportRun::diff(const CandidateRow& row, User& user, bool apply) const {
  std::vector<FieldChange> changes;
  auto change = [&](const char* field, std::string& current, const std::string& wanted) {
    if (current == wanted) return;
    changes.push_back({field, current, wanted});
    if (apply) current = wanted;
  };
  if (!row.display_name.empty()) {
    change("first_name", user.first_name, row.first_name);
    change("last_name", user.last_name, row.last_name);
    change("display_name", user.display_name, row.display_name);
  }
  if (!row.email.empty() && user.email != row.email) {
    change("email", user.email, row.email);
    if (apply) user.email_key = row.email_key;
  }
  if (!row.username.empty() && user.username != row.username) {
    change("username", user.username, row.username);
    if (apply) user.username_key = row.username_key;
  }
  if (!row.external_id.empty()) change("external_id", user.external_id, row.external_id);
  if (row.role >= 0)
    change("role", user.role, actor_.org.roles.roles[static_cast<std::size_t>(row.role)].name);
  if (row.office >= 0)
    change("office", user.office, actor_.org.offices[static_cast<std::size_t>(row.office)]);
  if (row.teams_given) {
    std::vector<std::string> teams;
    for (int t : row.teams) teams.push_back(actor_.org.teams[static_cast<std::size_t>(t)]);
    if (teams != user.teams) {
      changes.push_back({"teams", join_teams(user.teams), join_teams(teams)});
      if (apply) user.teams = std::move(teams);
    }
  }
  for (const auto& [column, value] : row.attributes) {
    const std::string& name = mapping_.columns[static_cast<std::size_t>(column)].attribute;
    const auto it = user.attributes.find(name);
    const std::string before = it == user.attributes.end() ? std::string() : it->second;
    if (before == value) continue;
    changes.push_back({"attribute:" + name, before, value});
    if (apply) user.attributes[name] = value;
  }
  if (row.change_password && *row.change_password != user.must_change_password) {
    changes.push_back({"must_change_password", user.must_change_password ? "true" : "false",
                       *row.change_password ? "true" : "false"});
    if (apply) user.must_change_password = *row.change_password;
  }
  return changes;
}

void ImportRun::fill_new_user(const CandidateRow& row, std::string_view id, User& u) const {
  // Every field is set: `u` may be a user of a chunk already written, kept
  // for the capacity of its strings (a dozen allocations a row otherwise).
  const Organization& org = actor_.org;
  u.id.assign(id);
  u.org_id.assign(org.id);
  u.email.assign(row.email);
  u.email_key.assign(row.email_key);
  u.username.assign(row.username);
  u.username_key.assign(row.username_key);
  u.first_name.assign(row.first_name);
  u.last_name.assign(row.last_name);
  u.display_name.assign(row.display_name);
  u.name_locked = false;
  u.role.assign(row.role >= 0 ? org.roles.roles[static_cast<std::size_t>(row.role)].name
                              : org.roles.default_or_first().name);
  u.office.assign(row.office >= 0 ? org.offices[static_cast<std::size_t>(row.office)] : org.default_office);
  u.teams.resize(row.teams.size());
  for (std::size_t t = 0; t < row.teams.size(); ++t)
    u.teams[t].assign(org.teams[static_cast<std::size_t>(row.teams[t])]);
  u.external_id.assign(row.external_id);
  u.attributes.clear();
  for (const auto& [column, value] : row.attributes)
    u.attributes[mapping_.columns[static_cast<std::size_t>(column)].attribute] = value;
  u.status = UserStatus::active;
  u.must_change_password = false;
  u.password_hash.clear();
  u.activation_key_hash.clear();
  u.activation_key_sealed.clear();
  u.registered_via.clear();
  u.created_at = dir_.clock().now();
  u.activated_at.reset();
  u.source = UserSource::import;
  u.created_by.assign(actor_.user.id);
}

void sort_write_order(LargeVector<WriteOrder>& order, std::size_t two_threads_from) {
  // Rows in index order (see WriteOrder); equal key prefixes keep file order.
  const auto before = [](const WriteOrder& a, const WriteOrder& b) {
    if (a.key_high != b.key_high) return a.key_high < b.key_high;
    if (a.key_low != b.key_low) return a.key_low < b.key_low;
    return a.offset < b.offset;
  };
  // Fast path: two halves on two threads, then a merge. Its twin, without
  // the fast paths, is the one std::sort.
  if (!kFastPaths || order.size() < std::max<std::size_t>(two_threads_from, 2)) {
    std::sort(order.begin(), order.end(), before);
    return;
  }
  // Each half on a core of its own, then one merge.
  const auto middle = order.begin() + static_cast<std::ptrdiff_t>(order.size() / 2);
  std::thread other([&] { std::sort(order.begin(), middle, before); });
  std::sort(middle, order.end(), before);
  other.join();
  LargeVector<WriteOrder> merged;
  merged.reserve(order.size());
  std::merge(order.begin(), middle, middle, order.end(), std::back_inserter(merged), before);
  order.swap(merged);
}

Result<void> ImportRun::commit() {
  ONB_ASSIGN(auto reader, open_reader());
  ONB_ASSIGN(const bool header_ok, read_header(*reader));
  if (!header_ok) return Error{Errc::internal, "The file changed while it was imported.", "import.changed"};
  const std::int64_t planned = report_.created;
  report_.created = 0;
  report_.updated = 0;
  report_.credentials.reserve(static_cast<std::size_t>(planned));
  job_id_ = new_id(dir_.clock());
  next_part_ = 0;

  if (write_in_order_) sort_write_order(write_order_);
  // Two stages on the two cores: a worker reads, checks and prepares the
  // next chunk (names, ids, passwords and their keyed hashes) while this
  // thread, which owns the transaction, writes the current one. Only one
  // worker runs at a time and it alone touches the reader, the validator and
  // the credentials, so nothing is shared while both run.
  // A written chunk goes back to the worker, which frees it before preparing
  // the one after next: its thousands of strings came from the worker's
  // malloc arena, and freeing them here cost the writing thread a tenth of
  // its time (locking the other arena, consolidating it).
  // The first chunk is small: this thread waits for it with nothing to do.
  std::size_t ordinal = 0;
  PreparedChunk written;
  std::size_t rows = kFirstChunkRows;
  auto next_chunk = [&] {
    const std::size_t limit = std::exchange(rows, kChunkRows);
    return std::async(std::launch::async,
                      [this, &reader, &ordinal, limit, spent = std::move(written)]() mutable {
                        // Fast path: the written chunk's users are filled
                        // again in place; its twin, without the fast paths,
                        // starts from new ones.
                        std::vector<User> users = kFastPaths ? std::move(spent.creates) : std::vector<User>{};
                        spent = PreparedChunk{};
                        return prepare_chunk(*reader, ordinal, limit, std::move(users));
                      });
  };
  auto pending = next_chunk();
  for (;;) {
    Result<PreparedChunk> chunk = pending.get();
    if (!chunk) return std::move(chunk).error();
    const bool end = chunk->end;
    if (!end) pending = next_chunk();
    written = std::move(*chunk);
    ONB_TRY(store_chunk(written));
    if (progress_ &&
        !progress_(ImportProgress{"writing", written.rows_read, written.bytes_consumed, written.bytes_total}))
      return Error{Errc::cancelled, "The import was cancelled; nothing was written.", "import.cancelled"};
    if (end) break;
  }

  write_order_ = {};
  report_.committed = true;
  if (report_.created + report_.updated == 0) return success();  // nothing changed: nothing to record

  finish_file_digest();
  ImportJob job;
  job.id = job_id_;
  job.org_id = actor_.org.id;
  job.actor = actor_.user.id;
  job.file_name = file_name_;
  job.file_digest = report_.file_digest;
  job.started_at = started_;
  job.finished_at = dir_.clock().now();
  job.rows = report_.rows;
  job.created = report_.created;
  job.updated = report_.updated;
  job.skipped = report_.skipped;
  job.errors = report_.error_rows;
  job.committed = true;
  report_.job_id = job.id;
  job.report = to_json_text(to_json(report_));
  ONB_TRY(dir_.storage().insert_import_job(job));
  const AuditEvent ev[] = {make_audit(dir_.clock(), actor_.org.id, actor_.user.id, "users.imported", job.id,
                                      {{"file_name", file_name_},
                                       {"file_digest", report_.file_digest},
                                       {"rows", report_.rows},
                                       {"created", report_.created},
                                       {"updated", report_.updated},
                                       {"skipped", report_.skipped}})};
  return dir_.storage().append_audit(ev);
}

Result<PreparedChunk> ImportRun::prepare_chunk(readers::SeekableReader& reader, std::size_t& ordinal,
                                               std::size_t limit, std::vector<User> recycled) {
  PreparedChunk out;
  out.creates = std::move(recycled);
  std::vector<std::string_view> cells;
  std::vector<RowIssue> issues;
  std::int64_t row = 0;
  std::size_t n = 0;
  const Error changed{Errc::internal, "The file changed while it was imported.", "import.changed"};
  while (n < limit) {
    Action action = Action::skip;
    if (write_in_order_) {
      if (ordinal >= write_order_.size()) {
        out.end = true;
        break;
      }
      const WriteOrder& w = write_order_[ordinal++];
      if (!reader.seek({w.offset, w.record})) return changed;
      ONB_ASSIGN(const bool more, reader.next(cells, row));
      if (!more) return changed;
      action = static_cast<Action>(w.action);
    } else {
      ONB_ASSIGN(const bool more, reader.next(cells, row));
      if (!more || ordinal >= actions_.size()) {
        out.end = true;
        break;
      }
      action = static_cast<Action>(actions_[ordinal++]);
      if (action != Action::create && action != Action::update) continue;
    }
    issues.clear();
    if (!validator_->validate(cells, row, chunk_[n], issues)) return changed;
    chunk_bad_[n] = static_cast<std::uint8_t>(action);
    ++n;
  }
  ONB_TRY(prepare_creates(n, out));
  // Whatever order the rows are written in, credentials follow the file;
  // sorted here, on the worker, while the run's thread writes.
  if (out.end && write_in_order_) report_.credentials.sort_by_row();
  out.bytes_total = reader.bytes_total();
  if (write_in_order_) {  // progress as the share of rows written
    const double done =
        write_order_.empty() ? 1.0 : static_cast<double>(ordinal) / static_cast<double>(write_order_.size());
    out.rows_read = static_cast<std::int64_t>(done * static_cast<double>(report_.rows));
    out.bytes_consumed = static_cast<std::uint64_t>(done * static_cast<double>(out.bytes_total));
  } else {
    out.rows_read = static_cast<std::int64_t>(ordinal);
    out.bytes_consumed = reader.bytes_consumed();
  }
  return out;
}

Result<void> ImportRun::prepare_creates(std::size_t count, PreparedChunk& out) {
  const Organization& org = actor_.org;
  const Keyring& keyring = dir_.keyring();
  const Clock& clock = dir_.clock();

  // The users of a chunk already written, if any, are filled again in place.
  std::vector<User>& creates = out.creates;
  std::vector<std::size_t> create_rows;  // index into chunk_
  std::size_t create_count = 0;
  for (std::size_t i = 0; i < count; ++i)
    create_count += static_cast<Action>(chunk_bad_[i]) == Action::create;
  creates.resize(create_count);
  // One random draw for many ids instead of a system call per id.
  std::vector<std::string> ids;
  new_ids(clock, create_count, ids);
  for (std::size_t i = 0; i < count; ++i) {
    if (static_cast<Action>(chunk_bad_[i]) == Action::create) {
      fill_new_user(chunk_[i], ids[create_rows.size()], creates[create_rows.size()]);
      create_rows.push_back(i);
    } else {
      out.updates.push_back(chunk_[i]);
    }
  }
  // Secrets for the new users: a password or activation key each, for the
  // credentials and the mail. The buffers are the run's, kept from chunk to
  // chunk (only this worker uses them) and wiped after each.
  std::vector<std::string>& secrets = secrets_;
  secrets.resize(creates.size());
  for (auto& secret : secrets) secret.clear();
  struct WipeOnExit {  // whichever way this returns
    std::vector<std::string>& a;
    std::vector<std::string>& b;
    ~WipeOnExit() {
      for (auto* list : {&a, &b})
        for (auto& s : *list) sodium_memzero(s.data(), s.size());
    }
  } wipe{secrets_, passwords_};
  if (options_.passwords == PasswordSource::none) {
    // Looked up later by Keyring::hmac(user_key, digits): the same HMAC,
    // keyed once for the chunk.
    const Keyring::KeyedHmac key_hmac = keyring.keyed_hmac(KeyPurpose::user_key);
    for (std::size_t k = 0; k < creates.size(); ++k) {
      const std::string digits = generate_digit_key(user_key_digits);
      creates[k].status = UserStatus::pending_activation;
      creates[k].name_locked = true;
      creates[k].activation_key_hash.assign(Keyring::hmac_size, '\0');
      key_hmac.compute(digits, reinterpret_cast<unsigned char*>(creates[k].activation_key_hash.data()));
      creates[k].activation_key_sealed = keyring.seal(digits);
      secrets[k].assign(group_digit_key(digits));
    }
  } else {
    std::vector<const std::string*> file_passwords;
    std::vector<std::size_t> file_password_users;
    std::size_t generated_needed = 0;
    for (std::size_t k = 0; k < creates.size(); ++k) {
      const CandidateRow& c = chunk_[create_rows[k]];
      if (options_.passwords == PasswordSource::file && !c.password.empty()) {
        file_passwords.push_back(&c.password);
        file_password_users.push_back(k);
      } else {
        ++generated_needed;
      }
    }
    std::vector<std::string>& generated = passwords_;
    generated.resize(generated_needed);
    generate_passwords_into(generated,
                            std::max(options_.generated_password_length, min_generated_password_length));
    std::vector<std::string>& generated_hashes = password_hashes_;
    hash_generated_passwords(keyring, generated, generated_hashes);
    std::vector<std::string> hashes;
    ONB_TRY(hash_file_passwords(file_passwords, org.settings.password_policy, hashes));
    std::size_t next_generated = 0;
    std::size_t next_file = 0;
    for (std::size_t k = 0; k < creates.size(); ++k) {
      const CandidateRow& c = chunk_[create_rows[k]];
      User& u = creates[k];
      u.status = UserStatus::active;
      u.activated_at = u.created_at;
      if (next_file < file_password_users.size() && file_password_users[next_file] == k) {
        u.password_hash = std::move(hashes[next_file++]);
        u.must_change_password = c.change_password.value_or(false);
      } else {
        u.password_hash.assign(generated_hashes[next_generated]);
        secrets[k].assign(generated[next_generated++]);
        u.must_change_password = true;
      }
    }
  }

  // Messages and credentials.
  const std::size_t first_credential = report_.credentials.size();
  std::vector<OutboxMessage>& messages = out.messages;
  const bool activation_mail = options_.passwords == PasswordSource::none &&
                               (options_.activation == Activation::email || options_.notify);
  for (std::size_t k = 0; k < creates.size(); ++k) {
    const User& u = creates[k];
    const bool key_in_report =
        options_.passwords != PasswordSource::none || options_.activation == Activation::key;
    if (key_in_report && !secrets[k].empty()) {
      if (options_.passwords == PasswordSource::none)
        report_.credentials.add(chunk_[create_rows[k]].row, u.email, u.username, u.display_name, "",
                                secrets[k]);
      else
        report_.credentials.add(chunk_[create_rows[k]].row, u.email, u.username, u.display_name, secrets[k],
                                "");
    }
    if (u.email.empty()) continue;
    const std::string sign_in = u.username.empty() ? u.email : u.username;
    if (activation_mail) {
      messages.push_back(make_message(clock, keyring, org.id, "activation", u.email,
                                      "Activate your account at " + org.name,
                                      "Hello " + u.display_name + ",\n\nan account at " + org.name +
                                          " was created for you. To activate it, enter this registration "
                                          "key: {secret}\n\nThe key works once.\n",
                                      secrets[k]));
    } else if (options_.notify && options_.passwords != PasswordSource::none) {
      const bool generated = !secrets[k].empty();
      messages.push_back(make_message(
          clock, keyring, org.id, "login_details", u.email, "Your account at " + org.name,
          "Hello " + u.display_name + ",\n\nan account at " + org.name +
              " was created for you.\nSign in as " + sign_in +
              (generated ? " with this password: {secret}\nYou will be asked to choose your own password.\n"
                         : " with the password your administrator gave you.\n"),
          generated ? std::string_view(secrets[k]) : std::string_view()));
    }
  }
  // The chunk's credentials, sealed here on the worker and stored with its
  // users: if anything stops the host from saving the report's copy, this
  // one is handed out later (Importer::take_credentials).
  if (report_.credentials.size() > first_credential) {
    SealedCredentials& sealed = out.sealed;
    sealed.org_id = org.id;
    sealed.job_id = job_id_;
    sealed.part = next_part_++;
    sealed.actor = actor_.user.id;
    sealed.sealed =
        seal_credentials(keyring, report_.credentials, first_credential, report_.credentials.size());
    sealed.created_at = clock.now();
    sealed.expires_at = sealed.created_at + org.settings.credentials_ttl;
  }
  return success();
}

Result<void> ImportRun::store_chunk(PreparedChunk& chunk) {
  Storage& storage = dir_.storage();
  const Organization& org = actor_.org;
  if (!chunk.creates.empty()) ONB_TRY(storage.insert_users(chunk.creates));
  report_.created += static_cast<std::int64_t>(chunk.creates.size());

  if (!chunk.updates.empty()) {
    std::vector<std::string> emails, usernames, external_ids;
    for (const CandidateRow& c : chunk.updates) {
      if (!c.email_key.empty()) emails.push_back(c.email_key);
      if (!c.username_key.empty()) usernames.push_back(c.username_key);
      if (!c.external_id.empty()) external_ids.push_back(c.external_id);
    }
    std::vector<User> found;
    const std::pair<UserKeyField, std::vector<std::string>*> lookups[] = {
        {UserKeyField::email_key, &emails},
        {UserKeyField::username_key, &usernames},
        {UserKeyField::external_id, &external_ids}};
    for (const auto& [field, keys] : lookups) {
      if (keys->empty()) continue;
      ONB_ASSIGN(auto more, storage.find_users(org.id, field, *keys));
      for (User& u : more) found.push_back(std::move(u));
    }
    std::unordered_map<std::string_view, const User*> by_id;
    for (const User& u : found) by_id.emplace(u.id, &u);
    std::vector<User> updates;
    for (const CandidateRow& c : chunk.updates) {
      const auto target = update_targets_.find(c.row);
      const auto it = target == update_targets_.end() ? by_id.end() : by_id.find(target->second);
      if (it == by_id.end()) return Error{Errc::internal, "An update lost its member.", "import.changed"};
      User user = *it->second;
      diff(c, user, true);
      updates.push_back(std::move(user));
    }
    ONB_TRY(storage.update_users(updates));
    report_.updated += static_cast<std::int64_t>(updates.size());
  }
  if (!chunk.messages.empty()) ONB_TRY(storage.enqueue_messages(chunk.messages));
  if (!chunk.sealed.sealed.empty())
    ONB_TRY(storage.store_sealed_credentials(std::span<const SealedCredentials>(&chunk.sealed, 1)));
  return success();
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
