// The PostgreSQL backend: one libpq connection per Storage, guarded by a
// recursive mutex (a transaction holds it from BEGIN to COMMIT). Statements
// are prepared once per connection and run with binary parameters. The
// one-use operations are single conditional UPDATE … RETURNING statements:
// under READ COMMITTED a second updater waits for the first and re-checks the
// conditions on the committed row, so two processes racing for one invitation
// cannot both win. Nested transactions are savepoints, exactly as on SQLite.
#include "onboard/storage/postgres_storage.hpp"

#if ONBOARD_HAVE_POSTGRES

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_copy.hpp"
#include "storage/postgres/pg_records.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/storage_messages.hpp"
#include "storage/text_match.hpp"

namespace onboard {
inline namespace v1 {
namespace {

namespace msg = storage_messages;
using pg::Params;
using pg::Row;
using pg::Rows;

// A whole transaction is run again after a serialization failure or a
// deadlock, at most this many times in all, with a growing pause.
constexpr int kTransactionAttempts = 5;
// Values per `= ANY($n)` lookup, so one huge batch is not one huge array.
constexpr std::size_t kLookupChunk = 5000;
// Rows fetched per round while filtering users by text in the client.
constexpr std::int64_t kTextScanPage = 500;

const std::string kUserByField[] = {
    "SELECT " + pg::columns<User>() +
        " FROM users WHERE org_id=$1 AND email_key = ANY($2) AND email_key<>'' AND status<>'deleted' AND "
        "status<>'pending_verification' ORDER BY id",
    "SELECT " + pg::columns<User>() +
        " FROM users WHERE org_id=$1 AND username_key = ANY($2) AND username_key<>'' AND status<>'deleted' "
        "AND "
        "status<>'pending_verification'"
        " ORDER BY id",
    "SELECT " + pg::columns<User>() +
        " FROM users WHERE org_id=$1 AND external_id = ANY($2) AND external_id<>'' AND status<>'deleted' AND "
        "status<>'pending_verification'"
        " ORDER BY id",
    "SELECT " + pg::columns<User>() +
        " FROM users WHERE org_id=$1 AND activation_key_hash = ANY($2) AND activation_key_hash<>''::bytea"
        " AND status<>'deleted' AND status<>'pending_verification' ORDER BY id",
};

// The interface's "0 = no limit" as SQL's LIMIT NULL.
std::optional<std::int64_t> sql_limit(std::size_t limit) {
  if (limit == 0) return std::nullopt;
  return static_cast<std::int64_t>(limit);
}

// Distinct non-empty values, in chunks for `= ANY($n)`.
std::vector<std::vector<std::string_view>> lookup_chunks(std::span<const std::string> values) {
  const std::set<std::string_view> distinct(values.begin(), values.end());
  std::vector<std::vector<std::string_view>> chunks;
  for (std::string_view v : distinct) {
    if (v.empty()) continue;
    if (chunks.empty() || chunks.back().size() == kLookupChunk) chunks.emplace_back();
    chunks.back().push_back(v);
  }
  return chunks;
}

bool matches_text(const User& u, std::string_view folded) {
  for (const std::string* field : {&u.email, &u.first_name, &u.last_name, &u.display_name, &u.username})
    if (contains_folded(*field, folded)) return true;
  return false;
}

class PostgresStorage final : public Storage {
 public:
  Result<void> open(const std::string& conninfo) {
    ONB_TRY(db_.open(conninfo));
    return pg::migrate(db_);
  }

  Result<void> transaction(const std::function<Result<void>()>& fn) override {
    std::lock_guard lock(mutex_);
    if (depth_ > 0) return nested(fn);
    for (int attempt = 1;; ++attempt) {
      ONB_TRY(db_.ensure_connected());
      ONB_TRY(db_.exec("BEGIN ISOLATION LEVEL READ COMMITTED", "start a transaction"));
      db_.clear_retryable();
      depth_ = 1;
      Result<void> result;
      try {
        result = fn();
      } catch (...) {
        depth_ = 0;
        (void)db_.exec("ROLLBACK", "roll back the transaction");
        throw;
      }
      depth_ = 0;
      if (result) {
        result = db_.exec("COMMIT", "commit the transaction");  // a failed COMMIT has rolled back
      } else {
        (void)db_.exec("ROLLBACK", "roll back the transaction");
      }
      if (result) return success();
      const bool retry = result.error().code == Errc::busy && db_.saw_retryable();
      if (!retry || attempt == kTransactionAttempts) return result;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
    }
  }

  // transaction() without a savepoint around each write: an import's COPYs
  // and inserts go straight into its transaction (a savepoint a chunk made a
  // subtransaction and two round trips each). PostgreSQL refuses every
  // statement after a failed one until the transaction ends, so a failed
  // write dooms it: it is rolled back even if fn returns success.
  Result<void> bulk_transaction(const std::function<Result<void>()>& fn) override {
    std::lock_guard lock(mutex_);
    if (depth_ > 0) return nested(fn);
    struct Bulk {
      bool& on;
      explicit Bulk(bool& flag) : on(flag) { on = true; }
      ~Bulk() { on = false; }
    } bulk(bulk_);
    return transaction([&]() -> Result<void> {
      doomed_ = false;  // each attempt starts clean
      ONB_TRY(fn());
      if (doomed_)
        return Error{Errc::internal, "A write of this bulk change failed, so none of it was saved."};
      return success();
    });
  }

  // ---- organizations ----

  Result<void> insert_organization(const Organization& org) override {
    return execute(pg::insert_sql<Organization>(), pg::params(org), "save the organization");
  }

  Result<void> update_organization(const Organization& org) override {
    return execute_one(pg::update_sql<Organization>(), pg::params(org), "save the organization",
                       msg::no_organization);
  }

  Result<Organization> get_organization(std::string_view org_id) override {
    return one<Organization>("SELECT " + pg::columns<Organization>() + " FROM organizations WHERE org_id=$1",
                             Params{}.text(org_id), "read the organization", pg::read<Organization>,
                             msg::no_organization);
  }

  Result<std::vector<Organization>> list_organizations() override {
    return many<Organization>("SELECT " + pg::columns<Organization>() + " FROM organizations ORDER BY org_id",
                              Params{}, "list the organizations", pg::read<Organization>);
  }

  // ---- users ----

  Result<void> insert_users(std::span<const User> users) override {
    if (users.empty()) return success();
    std::lock_guard lock(mutex_);
    // COPY (pg_copy.hpp): one statement, so atomic on its own, or inside the
    // caller's transaction through a savepoint (none in a bulk transaction).
    return single([&]() -> Result<void> {
      return db_.copy_in(pg::copy_users_sql().c_str(), pg::CopySource<User>(users), "save the users");
    });
  }

  Result<void> update_users(std::span<const User> users) override {
    std::lock_guard lock(mutex_);
    auto update_all = [&]() -> Result<void> {
      for (const User& u : users)
        ONB_TRY(execute_one(pg::update_sql<User>(), pg::params(u), "save the user", msg::no_user));
      return success();
    };
    return users.size() == 1 ? single(update_all) : write(update_all);
  }

  Result<User> get_user(std::string_view org_id, std::string_view user_id) override {
    return one<User>("SELECT " + pg::columns<User>() + " FROM users WHERE org_id=$1 AND id=$2",
                     Params{}.text(org_id).text(user_id), "read the user", pg::read<User>, msg::no_user);
  }

  Result<std::vector<User>> find_users(std::string_view org_id, UserKeyField field,
                                       std::span<const std::string> values) override {
    std::lock_guard lock(mutex_);
    const std::string& sql = kUserByField[static_cast<int>(field)];
    const bool binary = field == UserKeyField::activation_key_hash;
    const auto chunks = lookup_chunks(values);
    std::vector<User> out;
    ONB_TRY(read_snapshot(chunks.size() > 1, [&]() -> Result<void> {
      for (const auto& chunk : chunks) {
        Params p;
        p.text(org_id);
        binary ? p.bytes_array(chunk) : p.text_array(chunk);
        ONB_ASSIGN(auto found, many<User>(sql, p, "look up users", pg::read<User>));
        for (User& u : found) out.push_back(std::move(u));
      }
      return success();
    }));
    if (chunks.size() > 1)
      std::sort(out.begin(), out.end(), [](const User& a, const User& b) { return a.id < b.id; });
    return out;
  }

  Result<std::vector<User>> list_users(std::string_view org_id, const UserFilter& filter) override {
    static const std::string sql = "SELECT " + pg::columns<User>() +
                                   " FROM users WHERE org_id=$1"
                                   " AND (($2::text IS NULL AND ($3 OR status<>'deleted')) OR status=$2)"
                                   " AND ($4='' OR role=$4) AND ($5='' OR office=$5)"
                                   " AND ($6='' OR teams @> jsonb_build_array($6::text))"
                                   " AND ($7='' OR registered_via=$7) AND id>$8"
                                   " ORDER BY id LIMIT $9";
    auto params = [&](std::string_view after, std::optional<std::int64_t> limit) {
      Params p;
      p.text(org_id);
      filter.status ? p.text(to_string(*filter.status)) : p.null(pg::kText);
      p.boolean(filter.include_deleted).text(filter.role).text(filter.office).text(filter.team);
      p.text(filter.registered_via).text(after).integer(limit);
      return p;
    };
    if (filter.text.empty())
      return many<User>(sql, params(filter.after_id, sql_limit(filter.limit)), "list the users",
                        pg::read<User>);

    // The text filter folds case over all of Unicode, the same way on every
    // backend; the server's lower() depends on its locale, so the rows are
    // matched here, a page at a time.
    std::lock_guard lock(mutex_);
    const std::string needle = fold_case(filter.text);
    std::vector<User> out;
    std::string after = filter.after_id;
    ONB_TRY(read_snapshot(true, [&]() -> Result<void> {
      for (;;) {
        ONB_ASSIGN(auto page,
                   many<User>(sql, params(after, kTextScanPage), "list the users", pg::read<User>));
        for (User& u : page) {
          if (!matches_text(u, needle)) continue;
          out.push_back(std::move(u));
          if (filter.limit != 0 && out.size() == filter.limit) return success();
        }
        if (page.size() < static_cast<std::size_t>(kTextScanPage)) return success();
        after = page.back().id;
      }
    }));
    return out;
  }

  Result<std::int64_t> count_seated_users(std::string_view org_id) override {
    return one<std::int64_t>(
        "SELECT count(*) FROM users WHERE org_id=$1 AND status<>'deleted' AND status<>'pending_verification'",
        Params{}.text(org_id), "count the users",
        [](const Row& r) -> Result<std::int64_t> { return r.integer(0); }, msg::no_user);
  }

  Result<bool> activate_user(const User& activated, std::string_view expected_key_hash) override {
    if (expected_key_hash.empty()) return false;
    User next = activated;
    next.status = UserStatus::active;
    next.activation_key_hash.clear();
    next.activation_key_sealed.clear();
    Params p = pg::params(next);
    p.bytes(expected_key_hash);
    return matched(pg::update_sql<User>() + " AND status='pending_activation' AND activation_key_hash=$" +
                       std::to_string(records::field_count<User> + 1) + " RETURNING id",
                   p, "activate the user");
  }

  // ---- email confirmations ----

  Result<void> insert_email_confirmation(const EmailConfirmation& c) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<void> {
      ONB_TRY(get_user(c.org_id, c.user_id));
      return execute(pg::insert_sql<EmailConfirmation>(), pg::params(c), "save the email confirmation");
    });
  }

  Result<EmailConfirmation> find_email_confirmation_by_hash(std::string_view org_id,
                                                            std::string_view token_hash) override {
    return one<EmailConfirmation>("SELECT " + pg::columns<EmailConfirmation>() +
                                      " FROM email_confirmations WHERE org_id=$1 AND token_hash=$2",
                                  Params{}.text(org_id).bytes(token_hash), "read the email confirmation",
                                  pg::read<EmailConfirmation>, msg::no_email_confirmation);
  }

  Result<std::vector<User>> find_unverified_users(std::string_view org_id,
                                                  std::string_view email_key) override {
    if (email_key.empty()) return std::vector<User>{};
    return many<User>(
        "SELECT " + pg::columns<User>() +
            " FROM users WHERE org_id=$1 AND email_key=$2 AND status='pending_verification' ORDER BY id",
        Params{}.text(org_id).text(email_key), "look up users", pg::read<User>);
  }

  Result<bool> consume_email_confirmation(std::string_view org_id, std::string_view user_id,
                                          std::string_view token_hash, Timestamp now) override {
    std::lock_guard lock(mutex_);
    return write([&]() -> Result<bool> {
      // The delete is the one-use step: a second confirm waits for the first
      // and then finds no row.
      ONB_ASSIGN(
          bool removed,
          matched("DELETE FROM email_confirmations c WHERE c.org_id=$1 AND c.user_id=$2"
                  " AND c.token_hash=$3 AND c.expires_at>$4 AND EXISTS (SELECT 1 FROM users u"
                  " WHERE u.org_id=$1 AND u.id=$2 AND u.status='pending_verification') RETURNING c.user_id",
                  Params{}.text(org_id).text(user_id).bytes(token_hash).time(now),
                  "use the email confirmation"));
      if (!removed) return false;
      ONB_ASSIGN(bool activated, matched("UPDATE users SET status='active', activated_at=$3 WHERE org_id=$1"
                                         " AND id=$2 AND status='pending_verification' RETURNING id",
                                         Params{}.text(org_id).text(user_id).time(now), "activate the user"));
      if (!activated) return Error{Errc::internal, "The user could not be activated; try again."};
      return true;
    });
  }

  // ---- invitations ----

  Result<void> insert_invitation(const Invitation& inv) override {
    return execute(pg::insert_sql<Invitation>(), pg::params(inv), "save the invitation");
  }

  Result<void> update_invitation(const Invitation& inv) override {
    return execute_one(pg::update_sql<Invitation>(), pg::params(inv), "save the invitation",
                       msg::no_invitation);
  }

  Result<Invitation> get_invitation(std::string_view org_id, std::string_view id) override {
    return one<Invitation>(
        "SELECT " + pg::columns<Invitation>() + " FROM invitations WHERE org_id=$1 AND id=$2",
        Params{}.text(org_id).text(id), "read the invitation", pg::read<Invitation>, msg::no_invitation);
  }

  Result<Invitation> find_invitation_by_token_hash(std::string_view org_id,
                                                   std::string_view token_hash) override {
    return one<Invitation>(
        "SELECT " + pg::columns<Invitation>() + " FROM invitations WHERE org_id=$1 AND token_hash=$2",
        Params{}.text(org_id).bytes(token_hash), "read the invitation", pg::read<Invitation>,
        msg::no_invitation);
  }

  Result<std::vector<Invitation>> list_invitations(std::string_view org_id) override {
    return many<Invitation>(
        "SELECT " + pg::columns<Invitation>() + " FROM invitations WHERE org_id=$1 ORDER BY id",
        Params{}.text(org_id), "list the invitations", pg::read<Invitation>);
  }

  Result<std::vector<Invitation>> find_pending_invitations(std::string_view org_id,
                                                           std::span<const std::string> email_keys) override {
    std::lock_guard lock(mutex_);
    const auto chunks = lookup_chunks(email_keys);
    std::vector<Invitation> out;
    ONB_TRY(read_snapshot(chunks.size() > 1, [&]() -> Result<void> {
      for (const auto& chunk : chunks) {
        ONB_ASSIGN(auto found,
                   many<Invitation>("SELECT " + pg::columns<Invitation>() +
                                        " FROM invitations WHERE org_id=$1 AND email_key = ANY($2)"
                                        " AND state='pending' ORDER BY id",
                                    Params{}.text(org_id).text_array(chunk), "look up invitations",
                                    pg::read<Invitation>));
        for (Invitation& i : found) out.push_back(std::move(i));
      }
      return success();
    }));
    if (chunks.size() > 1)
      std::sort(out.begin(), out.end(), [](const Invitation& a, const Invitation& b) { return a.id < b.id; });
    return out;
  }

  Result<bool> consume_invitation(std::string_view org_id, std::string_view id, std::string_view token_hash,
                                  Timestamp now, std::string_view accepted_user_id) override {
    return matched(
        "UPDATE invitations SET state='accepted', accepted_at=$4, accepted_user_id=$5"
        " WHERE org_id=$1 AND id=$2 AND state='pending' AND token_hash=$3 AND expires_at>$4 RETURNING id",
        Params{}.text(org_id).text(id).bytes(token_hash).time(now).text(accepted_user_id),
        "accept the invitation");
  }

  // ---- registration keys ----

  Result<void> insert_registration_key(const RegistrationKey& key) override {
    return execute(pg::insert_sql<RegistrationKey>(), pg::params(key), "save the registration key");
  }

  Result<void> update_registration_key(const RegistrationKey& key) override {
    return execute_one(pg::update_sql<RegistrationKey>(), pg::params(key), "save the registration key",
                       msg::no_registration_key);
  }

  Result<RegistrationKey> get_registration_key(std::string_view org_id, std::string_view id) override {
    return one<RegistrationKey>(
        "SELECT " + pg::columns<RegistrationKey>() + " FROM registration_keys WHERE org_id=$1 AND id=$2",
        Params{}.text(org_id).text(id), "read the registration key", pg::read<RegistrationKey>,
        msg::no_registration_key);
  }

  Result<RegistrationKey> find_registration_key_by_hash(std::string_view org_id,
                                                        std::string_view key_hash) override {
    return one<RegistrationKey>("SELECT " + pg::columns<RegistrationKey>() +
                                    " FROM registration_keys WHERE org_id=$1 AND key_hash=$2",
                                Params{}.text(org_id).bytes(key_hash), "read the registration key",
                                pg::read<RegistrationKey>, msg::no_registration_key);
  }

  Result<std::vector<RegistrationKey>> list_registration_keys(std::string_view org_id) override {
    return many<RegistrationKey>(
        "SELECT " + pg::columns<RegistrationKey>() + " FROM registration_keys WHERE org_id=$1 ORDER BY id",
        Params{}.text(org_id), "list the registration keys", pg::read<RegistrationKey>);
  }

  Result<bool> use_registration_key(std::string_view org_id, std::string_view id, Timestamp now) override {
    return matched(
        "UPDATE registration_keys SET use_count=use_count+1 WHERE org_id=$1 AND id=$2 AND NOT revoked"
        " AND (valid_until IS NULL OR valid_until>$3) AND (max_uses IS NULL OR use_count<max_uses)"
        " RETURNING id",
        Params{}.text(org_id).text(id).time(now), "use the registration key");
  }

  // ---- signup links ----

  Result<void> insert_signup_link(const SignupLink& link) override {
    return execute(pg::insert_sql<SignupLink>(), pg::params(link), "save the signup link");
  }

  Result<void> update_signup_link(const SignupLink& link) override {
    return execute_one(pg::update_sql<SignupLink>(), pg::params(link), "save the signup link",
                       msg::no_signup_link);
  }

  Result<SignupLink> get_signup_link(std::string_view org_id, std::string_view id) override {
    return one<SignupLink>(
        "SELECT " + pg::columns<SignupLink>() + " FROM signup_links WHERE org_id=$1 AND id=$2",
        Params{}.text(org_id).text(id), "read the signup link", pg::read<SignupLink>, msg::no_signup_link);
  }

  Result<SignupLink> find_signup_link_by_hash(std::string_view org_id, std::string_view token_hash) override {
    return one<SignupLink>(
        "SELECT " + pg::columns<SignupLink>() + " FROM signup_links WHERE org_id=$1 AND token_hash=$2",
        Params{}.text(org_id).bytes(token_hash), "read the signup link", pg::read<SignupLink>,
        msg::no_signup_link);
  }

  Result<std::vector<SignupLink>> list_signup_links(std::string_view org_id) override {
    return many<SignupLink>(
        "SELECT " + pg::columns<SignupLink>() + " FROM signup_links WHERE org_id=$1 ORDER BY id",
        Params{}.text(org_id), "list the signup links", pg::read<SignupLink>);
  }

  Result<bool> use_signup_link(std::string_view org_id, std::string_view id, Timestamp now) override {
    return matched(
        "UPDATE signup_links SET use_count=use_count+1 WHERE org_id=$1 AND id=$2 AND enabled"
        " AND (expires_at IS NULL OR expires_at>$3) AND (max_uses IS NULL OR use_count<max_uses)"
        " RETURNING id",
        Params{}.text(org_id).text(id).time(now), "use the signup link");
  }

  // ---- throttle ----

  Result<ThrottleCounter> get_throttle(std::string_view org_id, std::string_view scope) override {
    return one<ThrottleCounter>(
        "SELECT " + pg::columns<ThrottleCounter>() + " FROM throttles WHERE org_id=$1 AND scope=$2",
        Params{}.text(org_id).text(scope), "read the throttle counter", pg::read<ThrottleCounter>,
        msg::no_throttle);
  }

  Result<void> put_throttle(const ThrottleCounter& c) override {
    return execute(pg::insert_sql<ThrottleCounter>() +
                       " ON CONFLICT (org_id, scope) DO UPDATE SET "
                       "failures=excluded.failures, window_start=excluded.window_start, "
                       "locked_until=excluded.locked_until",
                   pg::params(c), "save the throttle counter");
  }

  // ---- the master key's check ----

  Result<std::optional<std::string>> key_check() override {
    ONB_ASSIGN(auto rows, many<std::string>("SELECT mac FROM key_check WHERE id=1", Params{},
                                            "read the master key's check",
                                            [](const Row& r) -> Result<std::string> { return r.bytes(0); }));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional<std::string>(std::move(rows.front()));
  }

  Result<std::string> install_key_check(std::string_view check) override {
    ONB_TRY(execute("INSERT INTO key_check (id, mac) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
                    Params{}.bytes(check), "store the master key's check"));
    ONB_ASSIGN(auto stored, key_check());
    if (!stored) return Error{Errc::storage, "The master key's check could not be stored."};
    return std::move(*stored);
  }

  // Under READ COMMITTED a plain read then write would let two processes
  // both count from the same value. The row is created if missing (a
  // concurrent creator makes this wait, then do nothing) and read FOR
  // UPDATE: a second process blocks on the lock until the first commits,
  // then reads the committed count. A change that declines rolls the
  // created row back (a savepoint when inside a caller's transaction).
  Result<ThrottleCounter> update_throttle(std::string_view org_id, std::string_view scope,
                                          const std::function<bool(ThrottleCounter&)>& change) override {
    ThrottleCounter counter;
    bool declined = false;
    auto done = transaction([&]() -> Result<void> {
      ThrottleCounter fresh;
      fresh.org_id = org_id;
      fresh.scope = scope;
      ONB_TRY(execute(pg::insert_sql<ThrottleCounter>() + " ON CONFLICT (org_id, scope) DO NOTHING",
                      pg::params(fresh), "create the throttle counter"));
      ONB_ASSIGN(counter, one<ThrottleCounter>("SELECT " + pg::columns<ThrottleCounter>() +
                                                   " FROM throttles WHERE org_id=$1 AND scope=$2 FOR UPDATE",
                                               Params{}.text(org_id).text(scope), "lock the throttle counter",
                                               pg::read<ThrottleCounter>, msg::no_throttle));
      if (!change(counter)) {
        declined = true;
        return Error{Errc::internal, "Nothing to store."};  // undoes the INSERT
      }
      return put_throttle(counter);
    });
    if (!done && !declined) return std::move(done).error();
    return counter;
  }

  // ---- outbox ----

  Result<void> enqueue_messages(std::span<const OutboxMessage> messages) override {
    if (messages.empty()) return success();
    std::lock_guard lock(mutex_);
    if (messages.size() == 1)
      return execute(pg::insert_sql<OutboxMessage>(), pg::params(messages.front()), "queue the message");
    // An import's mail, one message a person: COPY, as insert_users.
    return single([&]() -> Result<void> {
      return db_.copy_in(pg::copy_messages_sql().c_str(), pg::CopySource<OutboxMessage>(messages),
                         "queue the messages");
    });
  }

  Result<std::vector<OutboxMessage>> list_messages(std::string_view org_id, std::optional<OutboxState> state,
                                                   std::size_t limit) override {
    Params p;
    p.text(org_id);
    state ? p.text(to_string(*state)) : p.null(pg::kText);
    p.integer(sql_limit(limit));
    return many<OutboxMessage>("SELECT " + pg::columns<OutboxMessage>() +
                                   " FROM outbox WHERE org_id=$1 AND ($2::text IS NULL OR state=$2)"
                                   " ORDER BY created_at, id LIMIT $3",
                               p, "list the messages", pg::read<OutboxMessage>);
  }

  Result<std::vector<OutboxMessage>> claim_messages(std::string_view org_id, std::size_t limit, Timestamp now,
                                                    Timestamp claimed_until) override {
    // SKIP LOCKED: senders claiming at the same time take disjoint messages
    // instead of queueing behind each other's row locks. MATERIALIZED: the
    // locking, limited SELECT runs exactly once; as a joined subquery the
    // planner may scan it again and claim more than `limit` rows.
    ONB_ASSIGN(auto out,
               many<OutboxMessage>(
                   "WITH c AS MATERIALIZED (SELECT id FROM outbox WHERE org_id=$1 AND (state='queued' OR"
                   " (state='claimed' AND (claimed_until IS NULL OR claimed_until<=$2)))"
                   " ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)"
                   " UPDATE outbox AS o SET state='claimed', claimed_until=$4, attempts=o.attempts+1"
                   " FROM c WHERE o.org_id=$1 AND o.id=c.id"
                   " RETURNING " +
                       records::column_list<OutboxMessage>("o."),
                   Params{}.text(org_id).time(now).integer(sql_limit(limit)).time(claimed_until),
                   "claim the messages", pg::read<OutboxMessage>));
    // RETURNING yields rows in no promised order.
    std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
      return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
    });
    return out;
  }

  Result<bool> ack_message(std::string_view org_id, std::string_view id, Timestamp now) override {
    return matched(
        "UPDATE outbox SET state='sent', sent_at=$3, claimed_until=NULL"
        " WHERE org_id=$1 AND id=$2 AND state='claimed' RETURNING id",
        Params{}.text(org_id).text(id).time(now), "acknowledge the message");
  }

  Result<std::int64_t> cancel_messages(std::string_view org_id, std::string_view recipient,
                                       std::span<const std::string> kinds) override {
    if (kinds.empty()) return std::int64_t{0};
    std::vector<std::string_view> names(kinds.begin(), kinds.end());
    return changes(
        "UPDATE outbox SET state='cancelled', claimed_until=NULL WHERE org_id=$1 AND recipient=$2"
        " AND state IN ('queued','claimed') AND kind = ANY($3)",
        Params{}.text(org_id).text(recipient).text_array(names), "cancel the messages");
  }

  // ---- audit ----

  Result<void> append_audit(std::span<const AuditEvent> events) override {
    std::lock_guard lock(mutex_);
    // Always a transaction: the numbers are taken from the organization's
    // audit_sequences row, which stays locked until the commit (see
    // migration 7), so seq order is commit order.
    return write([&]() -> Result<void> {
      std::map<std::string, std::int64_t, std::less<>> count;
      for (const AuditEvent& e : events) ++count[e.org_id];
      std::map<std::string, std::int64_t, std::less<>> next;
      for (const auto& [org_id, n] : count) {
        ONB_ASSIGN(
            const std::int64_t last,
            one<std::int64_t>(
                "INSERT INTO audit_sequences (org_id, last_seq) VALUES ($1, $2)"
                " ON CONFLICT (org_id) DO UPDATE SET last_seq = audit_sequences.last_seq + $2"
                " RETURNING last_seq",
                Params{}.text(org_id).integer(n), "number the audit events",
                [](const Row& r) -> Result<std::int64_t> { return r.integer(0); }, msg::no_organization));
        next.emplace(org_id, last - n);
      }
      for (const AuditEvent& e : events) {
        AuditEvent numbered = e;
        numbered.seq = ++next.find(e.org_id)->second;
        ONB_TRY(execute(pg::insert_sql<AuditEvent>(), pg::params(numbered), "record the audit event"));
      }
      return success();
    });
  }

  Result<std::vector<AuditEvent>> list_audit_after(std::string_view org_id, std::int64_t after_seq,
                                                   std::size_t limit) override {
    return many<AuditEvent>("SELECT " + pg::columns<AuditEvent>() +
                                " FROM audit_events WHERE org_id=$1 AND seq>$2 ORDER BY seq LIMIT $3",
                            Params{}.text(org_id).integer(after_seq).integer(sql_limit(limit)),
                            "list the audit events", pg::read<AuditEvent>);
  }

  Result<std::vector<AuditEvent>> list_audit(std::string_view org_id, std::size_t limit) override {
    return many<AuditEvent>("SELECT " + pg::columns<AuditEvent>() +
                                " FROM audit_events WHERE org_id=$1 ORDER BY at DESC, id DESC LIMIT $2",
                            Params{}.text(org_id).integer(sql_limit(limit)), "list the audit events",
                            pg::read<AuditEvent>);
  }

  // ---- import jobs ----

  Result<void> insert_import_job(const ImportJob& job) override {
    return execute(pg::insert_sql<ImportJob>(), pg::params(job), "save the import job");
  }

  Result<std::vector<ImportJob>> list_import_jobs(std::string_view org_id) override {
    return many<ImportJob>("SELECT " + pg::columns<ImportJob>() +
                               " FROM import_jobs WHERE org_id=$1 ORDER BY started_at DESC, id DESC",
                           Params{}.text(org_id), "list the import jobs", pg::read<ImportJob>);
  }

  // ---- sealed import credentials ----

  Result<void> store_sealed_credentials(std::span<const SealedCredentials> parts) override {
    std::lock_guard lock(mutex_);
    auto insert_all = [&]() -> Result<void> {
      for (const SealedCredentials& p : parts)
        ONB_TRY(execute(pg::insert_sql<SealedCredentials>(), pg::params(p),
                        "save the import's sealed credentials"));
      return success();
    };
    return parts.size() == 1 ? single(insert_all) : write(insert_all);
  }

  Result<std::vector<SealedCredentials>> take_sealed_credentials(std::string_view org_id,
                                                                 std::string_view job_id, Timestamp now,
                                                                 bool contents) override {
    static constexpr auto names = records::column_names<SealedCredentials>();
    static const std::string with_contents =
        "DELETE FROM import_credentials WHERE org_id=$1 AND job_id=$2 AND expires_at>$3 RETURNING " +
        records::column_list(names);
    static const std::string without_contents =
        "DELETE FROM import_credentials WHERE org_id=$1 AND job_id=$2 AND expires_at>$3 RETURNING " +
        records::column_list_with(names, "sealed", "''::bytea");
    std::lock_guard lock(mutex_);
    // One statement: it deletes and returns the parts at once, so two takes
    // cannot both get them (the second waits for the first's row locks, then
    // finds them gone).
    auto taken = single([&] {
      return many<SealedCredentials>(contents ? with_contents : without_contents,
                                     Params{}.text(org_id).text(job_id).time(now),
                                     "take the import's sealed credentials", pg::read<SealedCredentials>);
    });
    if (taken)
      std::sort(taken->begin(), taken->end(),
                [](const SealedCredentials& a, const SealedCredentials& b) { return a.part < b.part; });
    return taken;
  }

  Result<std::int64_t> purge_sealed_credentials(std::string_view org_id, Timestamp now) override {
    return changes("DELETE FROM import_credentials WHERE org_id=$1 AND expires_at<=$2",
                   Params{}.text(org_id).time(now), "wipe expired import credentials");
  }

  // ---- SCIM tokens ----

  Result<void> insert_scim_token(const ScimToken& token) override {
    return execute(pg::insert_sql<ScimToken>(), pg::params(token), "save the SCIM token");
  }

  Result<void> update_scim_token(const ScimToken& token) override {
    return execute_one(pg::update_sql<ScimToken>(), pg::params(token), "save the SCIM token",
                       msg::no_scim_token);
  }

  Result<ScimToken> get_scim_token(std::string_view org_id, std::string_view id) override {
    return one<ScimToken>(
        "SELECT " + pg::columns<ScimToken>() + " FROM scim_tokens WHERE org_id=$1 AND id=$2",
        Params{}.text(org_id).text(id), "read the SCIM token", pg::read<ScimToken>, msg::no_scim_token);
  }

  Result<ScimToken> find_scim_token_by_hash(std::string_view org_id, std::string_view token_hash) override {
    return one<ScimToken>(
        "SELECT " + pg::columns<ScimToken>() + " FROM scim_tokens WHERE org_id=$1 AND token_hash=$2",
        Params{}.text(org_id).bytes(token_hash), "read the SCIM token", pg::read<ScimToken>,
        msg::no_scim_token);
  }

  Result<std::vector<ScimToken>> list_scim_tokens(std::string_view org_id) override {
    return many<ScimToken>(
        "SELECT " + pg::columns<ScimToken>() + " FROM scim_tokens WHERE org_id=$1 ORDER BY id",
        Params{}.text(org_id), "list the SCIM tokens", pg::read<ScimToken>);
  }

 private:
  // A transaction() inside another joins it through a savepoint: if it fails
  // only its own changes are undone and the outer fn decides.
  Result<void> nested(const std::function<Result<void>()>& fn) {
    ONB_TRY(db_.exec("SAVEPOINT onb_nested", "start a nested transaction"));
    ++depth_;
    Result<void> result;
    try {
      result = fn();
    } catch (...) {
      --depth_;
      undo_savepoint();
      throw;
    }
    --depth_;
    if (!result) {
      undo_savepoint();
      return result;
    }
    return db_.exec("RELEASE SAVEPOINT onb_nested", "finish a nested transaction");
  }

  void undo_savepoint() {
    (void)db_.exec("ROLLBACK TO SAVEPOINT onb_nested; RELEASE SAVEPOINT onb_nested",
                   "undo a nested transaction");
  }

  // Runs `f` (returning Result<T>) as a write transaction, joining the
  // caller's if there is one, so a batch that fails half-way writes nothing.
  // Directly inside a bulk transaction, no savepoint: a failure dooms it.
  template <class F>
  auto write(F&& f) -> decltype(f()) {
    if (bulk_ && depth_ == 1) {
      auto out = f();
      if (!out.ok()) doomed_ = true;
      return out;
    }
    std::optional<decltype(f())> out;
    auto done = transaction([&]() -> Result<void> {
      out.emplace(f());
      if (!out->ok()) return out->error();
      return success();
    });
    if (!done && (!out || out->ok())) return std::move(done).error();  // BEGIN or COMMIT failed
    return std::move(*out);
  }

  // One statement: atomic on its own outside a transaction; inside one, a
  // savepoint keeps its failure from aborting the caller's transaction
  // (PostgreSQL refuses every later statement of an aborted transaction).
  template <class F>
  auto single(F&& f) -> decltype(f()) {
    if (depth_ > 0) return write(std::forward<F>(f));
    if (auto up = db_.ensure_connected(); !up) return std::move(up).error();
    return f();
  }

  // Several reads that must see one snapshot, when `needed` and outside a
  // transaction (inside one, READ COMMITTED reads see the caller's writes).
  template <class F>
  Result<void> read_snapshot(bool needed, F&& f) {
    if (!needed || depth_ > 0) return f();
    ONB_TRY(db_.ensure_connected());
    ONB_TRY(db_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "start reading"));
    Result<void> result = f();
    (void)db_.exec(result ? "COMMIT" : "ROLLBACK", "finish reading");
    return result;
  }

  template <class T, class Read>
  Result<std::vector<T>> many(const std::string& sql, const Params& params, std::string_view doing,
                              Read&& read) {
    std::lock_guard lock(mutex_);
    if (depth_ == 0) ONB_TRY(db_.ensure_connected());
    ONB_ASSIGN(const Rows rows, db_.run(sql, params, doing));
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
      ONB_ASSIGN(T row, read(rows[i]));
      out.push_back(std::move(row));
    }
    return out;
  }

  template <class T, class Read>
  Result<T> one(const std::string& sql, const Params& params, std::string_view doing, Read&& read,
                std::string_view missing) {
    ONB_ASSIGN(auto rows, many<T>(sql, params, doing, std::forward<Read>(read)));
    if (rows.empty()) return Error{Errc::not_found, std::string(missing)};
    return std::move(rows.front());
  }

  // Runs one write statement; returns how many rows it changed or returned.
  Result<std::int64_t> changes(const std::string& sql, const Params& params, std::string_view doing) {
    std::lock_guard lock(mutex_);
    return single([&]() -> Result<std::int64_t> {
      ONB_ASSIGN(const Rows rows, db_.run(sql, params, doing));
      return rows.empty() ? rows.affected() : static_cast<std::int64_t>(rows.size());
    });
  }

  Result<void> execute(const std::string& sql, const Params& params, std::string_view doing) {
    ONB_TRY(changes(sql, params, doing));
    return success();
  }

  // An update of one record by id: not_found with `missing` when no row matched.
  Result<void> execute_one(const std::string& sql, const Params& params, std::string_view doing,
                           std::string_view missing) {
    ONB_ASSIGN(const std::int64_t n, changes(sql, params, doing));
    if (n != 1) return Error{Errc::not_found, std::string(missing)};
    return success();
  }

  // A conditional UPDATE … RETURNING: true when exactly one row met the conditions.
  Result<bool> matched(const std::string& sql, const Params& params, std::string_view doing) {
    ONB_ASSIGN(const std::int64_t n, changes(sql, params, doing));
    return n == 1;
  }

  std::recursive_mutex mutex_;
  pg::Connection db_;
  int depth_ = 0;
  bool bulk_ = false;    // inside bulk_transaction()
  bool doomed_ = false;  // a write there failed
};

}  // namespace

Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string& conninfo) {
  auto storage = std::make_unique<PostgresStorage>();
  ONB_TRY(storage->open(conninfo));
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace v1
}  // namespace onboard

#else  // no libpq

namespace onboard {
inline namespace v1 {

Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string&) {
  return Error{Errc::invalid_input, "This build has no PostgreSQL support."};
}

}  // namespace v1
}  // namespace onboard

#endif
