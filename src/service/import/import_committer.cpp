#include "service/import/import_committer.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <future>
#include <limits>
#include <map>
#include <thread>
#include <unordered_map>
#include <utility>

#include "onboard/core/id.hpp"
#include "onboard/model/json.hpp"
#include "onboard/model/name.hpp"
#include "onboard/password_links.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/digit_key.hpp"
#include "onboard/secrets/password.hpp"
#include "service/import/row_values.hpp"
#include "service/import/write_order.hpp"
#include "service/import_credentials.hpp"
#include "service/mail_render.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// Argon2id is slow by design: with many passwords in the file and a thread
// to spare (`helper`), two threads share the work.
constexpr std::size_t kParallelHashThreshold = 4;

Result<void> hash_file_passwords(const std::vector<const std::string*>& passwords,
                                 const PasswordPolicy& policy, bool helper, std::vector<std::string>& out) {
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
  if (helper && passwords.size() >= kParallelHashThreshold) {
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

}  // namespace

ImportCommitter::ImportCommitter(const ImportScope& scope, ReportBook& book, ImportPlan& plan,
                                 FileDigest& digest, const ImportProgressCallback& progress)
    : scope_(scope), book_(book), plan_(plan), digest_(digest), progress_(progress) {
  rows_.resize(kChunkRows);
  actions_.assign(kChunkRows, 0);
}

void ImportCommitter::fill_new_user(const CandidateRow& row, std::string_view id, User& u) const {
  // Every field is set: `u` may be a user of a chunk already written, kept
  // for the capacity of its strings (a dozen allocations a row otherwise).
  const Organization& org = scope_.actor.org;
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
    u.attributes[scope_.mapping.columns[static_cast<std::size_t>(column)].attribute] = value;
  u.status = UserStatus::active;
  u.must_change_password = false;
  u.password_hash.clear();
  u.activation_key_hash.clear();
  u.activation_key_sealed.clear();
  u.registered_via.clear();
  u.created_at = scope_.dir.clock().now();
  u.activated_at.reset();
  u.source = UserSource::import;
  u.created_by.assign(scope_.actor.user.id);
}

Result<void> ImportCommitter::commit(readers::SeekableReader& reader, std::string_view file_name,
                                     Timestamp started) {
  ImportReport& report = book_.report();
  const std::int64_t planned = report.created;
  report.created = 0;
  report.updated = 0;
  report.credentials.reserve(static_cast<std::size_t>(planned));
  job_id_ = new_id(scope_.dir.clock());
  next_part_ = 0;

  if (plan_.write_in_order)
    sort_write_order(plan_.write_order,
                     scope_.threads >= 2 ? kTwoThreadSortFrom : std::numeric_limits<std::size_t>::max());
  // Two stages, when the run may keep two threads busy: a worker reads and
  // prepares the next chunk (names, ids, passwords and their keyed hashes)
  // while this thread, which owns the transaction, writes the current one.
  // Only one worker runs at a time and it alone touches the reader, the
  // validator and the credentials, so nothing is shared while both run.
  // With one thread, this thread prepares each chunk and then writes it.
  // A written chunk goes back to the worker, which frees it before preparing
  // the one after next: its strings came from the worker's malloc arena, and
  // freeing them on the writing thread costs it (docs/performance.md).
  // The first chunk is small: this thread waits for it with nothing to do.
  const bool two_stages = scope_.threads >= 2;
  std::size_t ordinal = 0;
  PreparedChunk written;
  std::size_t rows = kFirstChunkRows;
  auto prepare_next = [this, &reader, &ordinal](std::size_t limit, PreparedChunk spent) {
    // Fast path: the written chunk's users are filled again in place; its
    // twin, without the fast paths, starts from new ones.
    std::vector<User> users = kFastPaths ? std::move(spent.creates) : std::vector<User>{};
    spent = PreparedChunk{};
    auto chunk = prepare_chunk(reader, ordinal, limit, std::move(users));
    // The file's digest, when it has no thread of its own: computed by
    // whoever prepares the last chunk, while the other writes.
    if (chunk && chunk->end) digest_.compute();
    return chunk;
  };
  auto next_chunk = [&] {
    const std::size_t limit = std::exchange(rows, kChunkRows);
    if (!two_stages) {
      std::promise<Result<PreparedChunk>> now;
      now.set_value(prepare_next(limit, std::move(written)));
      return now.get_future();
    }
    return std::async(std::launch::async, [prepare_next, limit, spent = std::move(written)]() mutable {
      return prepare_next(limit, std::move(spent));
    });
  };
  auto pending = next_chunk();
  for (;;) {
    Result<PreparedChunk> chunk = pending.get();
    if (!chunk) return std::move(chunk).error();
    const bool end = chunk->end;
    if (!end && two_stages) pending = next_chunk();
    written = std::move(*chunk);
    ONB_TRY(store_chunk(written));
    if (progress_ &&
        !progress_(ImportProgress{"writing", written.rows_read, written.bytes_consumed, written.bytes_total}))
      return Error{Errc::cancelled, "The import was cancelled; nothing was written.", "import.cancelled"};
    if (end) break;
    if (!two_stages) pending = next_chunk();
  }

  plan_.write_order = {};
  ONB_TRY(suspend_missing());
  report.committed = true;
  // nothing changed: nothing to record
  if (report.created + report.updated + report.suspended == 0) return success();

  report.file_digest = digest_.finish();
  ImportJob job;
  job.id = job_id_;
  job.org_id = scope_.actor.org.id;
  job.actor = scope_.actor.user.id;
  job.file_name = std::string(file_name);
  job.file_digest = report.file_digest;
  job.started_at = started;
  job.finished_at = scope_.dir.clock().now();
  job.rows = report.rows;
  job.created = report.created;
  job.updated = report.updated;
  job.skipped = report.skipped;
  job.errors = report.error_rows;
  job.committed = true;
  report.job_id = job.id;
  job.report = to_json_text(to_json(report));
  ONB_TRY(DirectoryAccess::storage(scope_.dir).insert_import_job(job));
  const AuditEvent ev[] = {make_audit(scope_.dir.clock(), scope_.actor.org.id, scope_.actor.user.id,
                                      "users.imported", job.id,
                                      {{"file_name", std::string(file_name)},
                                       {"file_digest", report.file_digest},
                                       {"rows", report.rows},
                                       {"created", report.created},
                                       {"updated", report.updated},
                                       {"skipped", report.skipped},
                                       {"suspended", report.suspended}})};
  return DirectoryAccess::storage(scope_.dir).append_audit(ev);
}

Result<void> ImportCommitter::suspend_missing() {
  if (plan_.suspends.empty()) return success();
  Storage& storage = DirectoryAccess::storage(scope_.dir);
  ONB_TRY(storage.update_users(plan_.suspends));
  std::vector<AuditEvent> events;
  events.reserve(plan_.suspends.size());
  for (const User& u : plan_.suspends)
    events.push_back(make_audit(scope_.dir.clock(), scope_.actor.org.id, scope_.actor.user.id,
                                "user.suspended", u.id,
                                {{"import_job", job_id_}, {"reason", "not in the file"}}));
  ONB_TRY(storage.append_audit(events));
  book_.report().suspended = static_cast<std::int64_t>(plan_.suspends.size());
  return success();
}

Result<PreparedChunk> ImportCommitter::prepare_chunk(readers::SeekableReader& reader, std::size_t& ordinal,
                                                     std::size_t limit, std::vector<User> recycled) {
  PreparedChunk out;
  out.creates = std::move(recycled);
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  std::size_t n = 0;
  const Error changed{Errc::internal, "The file changed while it was imported.", "import.changed"};
  while (n < limit) {
    RowAction action = RowAction::skip;
    if (plan_.write_in_order) {
      if (ordinal >= plan_.write_order.size()) {
        out.end = true;
        break;
      }
      const WriteOrder& w = plan_.write_order[ordinal++];
      if (!reader.seek({w.offset, w.record})) return changed;
      ONB_ASSIGN(const bool more, reader.next(cells, row));
      if (!more) return changed;
      action = static_cast<RowAction>(w.action);
    } else {
      ONB_ASSIGN(const bool more, reader.next(cells, row));
      if (!more || ordinal >= plan_.actions.size()) {
        out.end = true;
        break;
      }
      action = static_cast<RowAction>(plan_.actions[ordinal++]);
      if (action != RowAction::create && action != RowAction::update) continue;
    }
    // The row's values, for a row pass 1 accepted (see row_values).
    row_values(scope_.validator, cells, row, rows_[n], nullptr);
    actions_[n] = static_cast<std::uint8_t>(action);
    ++n;
  }
  ONB_TRY(prepare_creates(n, out));
  // Whatever order the rows are written in, credentials follow the file;
  // sorted here, on the worker, while the run's thread writes.
  if (out.end && plan_.write_in_order) book_.report().credentials.sort_by_row();
  out.bytes_total = reader.bytes_total();
  if (plan_.write_in_order) {  // progress as the share of rows written
    const double done = plan_.write_order.empty()
                            ? 1.0
                            : static_cast<double>(ordinal) / static_cast<double>(plan_.write_order.size());
    out.rows_read = static_cast<std::int64_t>(done * static_cast<double>(book_.report().rows));
    out.bytes_consumed = static_cast<std::uint64_t>(done * static_cast<double>(out.bytes_total));
  } else {
    out.rows_read = static_cast<std::int64_t>(ordinal);
    out.bytes_consumed = reader.bytes_consumed();
  }
  return out;
}

Result<void> ImportCommitter::prepare_creates(std::size_t count, PreparedChunk& out) {
  const Organization& org = scope_.actor.org;
  const Keyring& keyring = scope_.dir.keyring();
  const Clock& clock = scope_.dir.clock();

  // The users of a chunk already written, if any, are filled again in place.
  std::vector<User>& creates = out.creates;
  std::vector<std::size_t> create_rows;  // index into chunk_
  std::size_t create_count = 0;
  for (std::size_t i = 0; i < count; ++i)
    create_count += static_cast<RowAction>(actions_[i]) == RowAction::create;
  creates.resize(create_count);
  // One random draw for many ids instead of a system call per id.
  std::vector<std::string> ids;
  new_ids(clock, create_count, ids);
  for (std::size_t i = 0; i < count; ++i) {
    if (static_cast<RowAction>(actions_[i]) == RowAction::create) {
      fill_new_user(rows_[i], ids[create_rows.size()], creates[create_rows.size()]);
      create_rows.push_back(i);
    } else {
      out.updates.push_back(rows_[i]);
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
  if (scope_.options.passwords == PasswordSource::none) {
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
      const CandidateRow& c = rows_[create_rows[k]];
      if (!c.password_hash.empty()) {
        // An imported hash: sealed at rest, verified and replaced at the first sign-in.
      } else if (scope_.options.passwords == PasswordSource::file && !c.password.empty()) {
        file_passwords.push_back(&c.password);
        file_password_users.push_back(k);
      } else {
        ++generated_needed;
      }
    }
    std::vector<std::string>& generated = passwords_;
    generated.resize(generated_needed);
    generate_passwords_into(
        generated, std::max(scope_.options.generated_password_length, min_generated_password_length));
    std::vector<std::string>& generated_hashes = password_hashes_;
    hash_generated_passwords(keyring, generated, generated_hashes);
    std::vector<std::string> hashes;
    // A helper thread for Argon2id only when the run may keep one more busy
    // than pass 2's two (this thread's and the writer's) and the digest's.
    ONB_TRY(hash_file_passwords(file_passwords, org.settings.password_policy, scope_.threads >= 4, hashes));
    std::size_t next_generated = 0;
    std::size_t next_file = 0;
    for (std::size_t k = 0; k < creates.size(); ++k) {
      const CandidateRow& c = rows_[create_rows[k]];
      User& u = creates[k];
      u.status = UserStatus::active;
      u.activated_at = u.created_at;
      if (!c.password_hash.empty()) {
        u.password_hash = seal_legacy_hash(keyring, c.password_hash);
        u.must_change_password = c.change_password.value_or(false);
      } else if (next_file < file_password_users.size() && file_password_users[next_file] == k) {
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
  const std::size_t first_credential = book_.report().credentials.size();
  std::vector<OutboxMessage>& messages = out.messages;
  const bool activation_mail = scope_.options.passwords == PasswordSource::none &&
                               (scope_.options.activation == Activation::email || scope_.options.notify);
  // The templates are compiled once for the chunk, when a message needs them.
  std::map<std::string, MailRenderer, std::less<>> renderers;
  const auto mailer = [&](std::string_view kind) -> const MailRenderer& {
    auto it = renderers.find(kind);
    if (it == renderers.end())
      it = renderers.emplace(std::string(kind), MailRenderer(org, org.settings.locale, kind)).first;
    return it->second;
  };
  std::string expires_text;
  for (std::size_t k = 0; k < creates.size(); ++k) {
    const User& u = creates[k];
    const bool key_in_report =
        scope_.options.passwords != PasswordSource::none || scope_.options.activation == Activation::key;
    if (key_in_report && !secrets[k].empty()) {
      if (scope_.options.passwords == PasswordSource::none)
        book_.report().credentials.add(rows_[create_rows[k]].row, u.email, u.username, u.display_name, "",
                                       secrets[k]);
      else
        book_.report().credentials.add(rows_[create_rows[k]].row, u.email, u.username, u.display_name,
                                       secrets[k], "");
    }
    if (u.email.empty()) continue;
    const std::string sign_in = u.username.empty() ? u.email : u.username;
    if (activation_mail) {
      // secrets[k] is the grouped key; the link carries its digits alone.
      std::string digits = secrets[k];
      std::erase(digits, ' ');
      std::string link = Registrations::registration_link(org, digits);
      std::fill(digits.begin(), digits.end(), '\0');
      MailArgs args;
      args.set("org", org.name)
          .set("name", u.display_name)
          .set("page", Registrations::registration_page(org));
      messages.push_back(make_mail(clock, keyring, org.id, "activation", u.email,
                                   mailer("activation").render(args), secrets[k], link));
      std::fill(link.begin(), link.end(), '\0');
    } else if (scope_.options.notify && scope_.options.passwords != PasswordSource::none) {
      const bool generated = !secrets[k].empty();
      MailArgs args;
      args.set("org", org.name).set("name", u.display_name).set("sign_in", sign_in);
      if (generated && !scope_.options.mail_passwords) {
        // The password itself stays in the report; the person gets a link to choose their own.
        const Timestamp expires = clock.now() + org.settings.invitation_ttl;
        const std::string token = PasswordLinks::issue_token(keyring, org, u, expires);
        std::string link = PasswordLinks::link(org, token);
        if (expires_text.empty())
          expires_text = format_mail_time(expires, org.time_zone, org.settings.locale);
        args.set("expires", expires_text).set("page", page_url(org, "set-password"));
        messages.push_back(make_mail(clock, keyring, org.id, "set_password", u.email,
                                     mailer("set_password").render(args), token, link));
        std::fill(link.begin(), link.end(), '\0');
      } else {
        args.set("generated", generated ? "yes" : "no");
        messages.push_back(make_mail(clock, keyring, org.id, "login_details", u.email,
                                     mailer("login_details").render(args),
                                     generated ? std::string_view(secrets[k]) : std::string_view(), ""));
      }
    }
  }
  // The chunk's credentials, sealed here on the worker and stored with its
  // users: if anything stops the host from saving the report's copy, this
  // one is handed out later (Importer::take_credentials).
  if (book_.report().credentials.size() > first_credential) {
    SealedCredentials& sealed = out.sealed;
    sealed.org_id = org.id;
    sealed.job_id = job_id_;
    sealed.part = next_part_++;
    sealed.actor = scope_.actor.user.id;
    sealed.sealed = seal_credentials(keyring, book_.report().credentials, first_credential,
                                     book_.report().credentials.size());
    sealed.created_at = clock.now();
    sealed.expires_at = sealed.created_at + org.settings.credentials_ttl;
  }
  return success();
}

Result<void> ImportCommitter::store_chunk(PreparedChunk& chunk) {
  Storage& storage = DirectoryAccess::storage(scope_.dir);
  const Organization& org = scope_.actor.org;
  if (!chunk.creates.empty()) ONB_TRY(storage.insert_users(chunk.creates));
  book_.report().created += static_cast<std::int64_t>(chunk.creates.size());

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
      const auto target = plan_.update_targets.find(c.row);
      const auto it = target == plan_.update_targets.end() ? by_id.end() : by_id.find(target->second);
      if (it == by_id.end()) return Error{Errc::internal, "An update lost its member.", "import.changed"};
      User user = *it->second;
      member_changes(scope_, c, user, true);
      updates.push_back(std::move(user));
    }
    ONB_TRY(storage.update_users(updates));
    book_.report().updated += static_cast<std::int64_t>(updates.size());
  }
  if (!chunk.messages.empty()) ONB_TRY(storage.enqueue_messages(chunk.messages));
  if (!chunk.sealed.sealed.empty())
    ONB_TRY(storage.store_sealed_credentials(std::span<const SealedCredentials>(&chunk.sealed, 1)));
  return success();
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
