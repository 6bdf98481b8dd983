#include "service/import/import_planner.hpp"

#include <algorithm>
#include <tuple>

#include "onboard/model/name.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {
namespace {

// Row i's values: the batch's, or read again by the source.
Result<const CandidateRow*> values_of(const CheckedBatch& batch, CheckedRows& source, std::size_t i) {
  if (batch.values != nullptr) return &(*batch.values)[i];
  return source.values(batch, i);
}

}  // namespace

ImportPlanner::ImportPlanner(const ImportScope& scope, ReportBook& book, bool write_in_order,
                             std::optional<Error> default_role_refusal)
    : scope_(scope), book_(book), default_role_refusal_(std::move(default_role_refusal)) {
  plan_.write_in_order = write_in_order;
}

Result<void> ImportPlanner::choose_existing(std::uint64_t file_bytes) {
  return existing_.choose(DirectoryAccess::storage(scope_.dir), scope_.actor.org.id, file_bytes,
                          scope_.options.existing == ExistingUsers::update);
}

Result<void> ImportPlanner::load_existing(std::size_t expected_rows) {
  Storage& storage = DirectoryAccess::storage(scope_.dir);
  ONB_TRY(existing_.preload(storage, scope_.actor.org.id));
  ONB_ASSIGN(auto invitations, storage.list_invitations(scope_.actor.org.id));
  const auto now = scope_.dir.clock().now();
  for (const auto& inv : invitations)
    if (inv.status_at(now) == InvitationStatus::pending) pending_invitations_.insert(inv.email_key, 1);
  plan_.actions.reserve(expected_rows);
  if (scope_.mapping.has(Field::email)) seen_email_.reserve(expected_rows);
  if (plan_.write_in_order) plan_.write_order.reserve(expected_rows);
  return success();
}

Result<void> ImportPlanner::plan_batch(CheckedBatch& batch, CheckedRows& source) {
  const std::size_t count = batch.count;
  ImportReport& report = book_.report();
  report.rows += static_cast<std::int64_t>(count);
  book_.count_unlisted(batch.unlisted_problems);
  if (!existing_.preloaded()) {
    // Looked up per batch: only a source that keeps the rows' values does
    // (the split one runs only when every member is preloaded).
    if (batch.values == nullptr)
      return Error{Errc::internal, "Existing members were not loaded for these rows.", "import.internal"};
    ONB_TRY(existing_.load_chunk(DirectoryAccess::storage(scope_.dir), scope_.actor.org.id, *batch.values,
                                 count));
  }
  ONB_TRY(find_duplicates(batch, source));
  if (plan_.write_in_order && !batch.places_fit) {
    plan_.write_in_order = false;  // beyond what an entry holds: keep the file's order
    plan_.write_order = {};
  }

  // Existing members and pending invitations: the fingerprints rule out
  // most matches cheaply, and most rows need no values.
  const auto& emails = batch.prints[kEmailKey];
  const auto& usernames = batch.prints[kUsernameKey];
  const auto& external_ids = batch.prints[kExternalIdKey];
  for (std::size_t i = 0; i < count; ++i) {
    const bool bad = batch.bad[i] != 0;
    const KeyIndex::Fingerprint& email = emails[i];
    const bool may_conflict = !bad && (existing_.may_match(email, usernames[i], external_ids[i]) ||
                                       (has_key(email) && pending_invitations_.find(email) != 0));
    RowAction action = bad ? RowAction::error : RowAction::create;
    // A refused default role (a custom catalog's, ranked above the actor)
    // needs each row's values: a row without a role is refused.
    // Update mode (one thread, the values kept) looks at every row: one
    // that lacks what a new person needs is refused only if it matches no one.
    if (may_conflict || default_role_refusal_ || book_.listing_plan() ||
        scope_.options.existing == ExistingUsers::update) {
      ONB_ASSIGN(const CandidateRow* c, values_of(batch, source, i));
      action = resolve_row(*c, bad, may_conflict, batch.issues);
    } else if (bad) {
      ++report.error_rows;
    } else {
      ++report.created;
    }
    plan_.actions.push_back(static_cast<std::uint8_t>(action));
    if (action == RowAction::create && batch.hash_schemes[i] != 0)
      book_.count_hash_scheme(batch.hash_schemes[i]);
    if (plan_.write_in_order && (action == RowAction::create || action == RowAction::update)) {
      WriteOrder w = batch.places[i];
      w.action = static_cast<std::uint8_t>(action);
      plan_.write_order.push_back(w);
    }
  }
  std::stable_sort(batch.issues.begin(), batch.issues.end(),
                   [](const RowIssue& a, const RowIssue& b) { return a.row < b.row; });
  book_.record_issues(batch.issues);
  return success();
}

Result<void> ImportPlanner::find_duplicates(CheckedBatch& batch, CheckedRows& source) {
  // A batch at a time, so the table's cache misses overlap: each slot is
  // prefetched a few rows before its insert. Rows go in file order, so a
  // duplicate always names the first row with the key.
  constexpr std::size_t kAhead = 8;
  const std::size_t count = batch.count;
  // Past both lists a duplicate is only counted: its text is not needed.
  const bool listed = book_.listing_errors() || book_.listing_plan();
  auto pass = [&](KeyIndex& index, const std::vector<KeyIndex::Fingerprint>& prints,
                  Field field) -> Result<void> {
    for (std::size_t i = 0; i < count; ++i) {
      if (i + kAhead < count) index.prefetch(prints[i + kAhead]);
      if (!has_key(prints[i])) continue;
      const auto row = static_cast<std::uint32_t>(batch.rows[i]);
      const std::uint32_t first = index.insert(prints[i], row);
      if (first == 0) continue;
      batch.bad[i] = 1;
      if (listed) {
        ONB_ASSIGN(const CandidateRow* c, values_of(batch, source, i));
        batch.issues.push_back(duplicate_issue(*c, field, first));
      } else {
        batch.issues.push_back({row, "", "duplicate", ""});  // counted, never listed or planned
      }
    }
    return success();
  };
  if (scope_.mapping.has(Field::email)) ONB_TRY(pass(seen_email_, batch.prints[kEmailKey], Field::email));
  if (scope_.mapping.has(Field::username))
    ONB_TRY(pass(seen_username_, batch.prints[kUsernameKey], Field::username));
  if (scope_.mapping.has(Field::external_id))
    ONB_TRY(pass(seen_external_id_, batch.prints[kExternalIdKey], Field::external_id));
  return success();
}

RowIssue ImportPlanner::duplicate_issue(const CandidateRow& c, Field field, std::uint32_t first) const {
  const std::string& header =
      scope_.mapping.columns[static_cast<std::size_t>(scope_.mapping.column(field))].header;
  const auto [key, code, what] = field == Field::email ? std::tuple{&c.email_key, "duplicate.email", "email"}
                                 : field == Field::username
                                     ? std::tuple{&c.username_key, "duplicate.username", "username"}
                                     : std::tuple{&c.external_id, "duplicate.external_id", "external ID"};
  return {c.row, header, code,
          "Duplicate of row " + std::to_string(first) + ": the " + what + " " + excerpt_for_message(*key) +
              " appears twice."};
}

RowAction ImportPlanner::resolve_row(const CandidateRow& c, bool bad, bool may_conflict,
                                     std::vector<RowIssue>& chunk_issues) {
  ImportReport& report = book_.report();
  std::vector<const User*> matches;
  std::vector<UserKeyField> fields;
  RowAction action = RowAction::create;
  const User* existing = nullptr;
  std::string reason;
  std::vector<FieldChange> changes;
  auto refuse = [&](const std::string& column, std::string code, std::string message) {
    chunk_issues.push_back({c.row, column, std::move(code), std::move(message)});
    action = RowAction::error;
  };
  auto column_of = [&](Field f) { return scope_.column_of(f); };
  if (bad) {
    action = RowAction::error;
  } else if (may_conflict) {
    existing_.match(c, matches, fields);
    if (matches.size() > 1) {
      ++report.conflicts;
      refuse("", "conflict.ambiguous",
             "This row matches " + std::to_string(matches.size()) +
                 " different existing members by its email, username or external ID.");
    } else if (matches.size() == 1) {
      ++report.conflicts;
      existing = matches.front();
      if (scope_.options.missing == MissingMembers::suspend) matched_.insert(existing->id);
      const UserKeyField field = fields.front();
      if (scope_.options.existing == ExistingUsers::skip) {
        action = RowAction::skip;
        reason = "already a member";
      } else if (scope_.options.existing == ExistingUsers::error) {
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
        auto allowed = authorize_grant(scope_.actor, GrantAction::edit, GrantObject::member, existing->role);
        if (allowed && c.role >= 0 && static_cast<std::size_t>(c.role) < scope_.actor.org.roles.roles.size())
          allowed = authorize_grant(scope_.actor, GrantAction::assign_role, GrantObject::member,
                                    scope_.actor.org.roles.roles[static_cast<std::size_t>(c.role)].name);
        if (!allowed) {
          refuse("", allowed.error().detail_code, allowed.error().message);
        } else {
          User copy = *existing;
          changes = member_changes(scope_, c, copy, false);
          if (changes.empty()) {
            action = RowAction::skip;
            reason = "no changes";
          } else {
            action = RowAction::update;
            plan_.update_targets.emplace(c.row, existing->id);
          }
        }
      }
    } else if (!c.email_key.empty() && pending_invitations_.find(c.email_key) != 0) {
      ++report.conflicts;
      if (scope_.options.existing == ExistingUsers::skip) {
        action = RowAction::skip;
        reason = "pending invitation";
      } else {
        refuse(column_of(Field::email), "conflict.invitation",
               c.email + " has a pending invitation; revoke it first, or let the person accept it.");
      }
    }
  }
  if (action == RowAction::create && !c.create_only.empty()) {
    for (const auto& issue : c.create_only) refuse(issue.column, issue.code, issue.message);
  }
  if (action == RowAction::create && c.role < 0 && default_role_refusal_)
    refuse(column_of(Field::role), default_role_refusal_->detail_code, default_role_refusal_->message);
  switch (action) {
    case RowAction::create: ++report.created; break;
    case RowAction::update: ++report.updated; break;
    case RowAction::skip: ++report.skipped; break;
    case RowAction::error: ++report.error_rows; break;
    case RowAction::suspend: break;  // never a row's (plan_missing)
  }
  if (action == RowAction::error && reason.empty()) {
    for (const auto& issue : chunk_issues)
      if (issue.row == c.row) {
        reason = issue.message;
        break;
      }
  }
  if (book_.listing_plan()) {
    // The role the person has or gets: the row's, the member's, or the default.
    const auto& roles = scope_.actor.org.roles;
    std::string role = c.role >= 0 && static_cast<std::size_t>(c.role) < roles.roles.size()
                           ? roles.roles[static_cast<std::size_t>(c.role)].name
                       : existing != nullptr                                 ? existing->role
                       : action == RowAction::create && !roles.roles.empty() ? roles.default_or_first().name
                                                                             : std::string();
    book_.record_plan(c, action, existing, std::move(role), std::move(reason), std::move(changes));
  }
  return action;
}

Result<void> ImportPlanner::plan_missing() {
  if (scope_.options.missing != MissingMembers::suspend) return success();
  constexpr std::size_t kPage = 10'000;
  Storage& storage = DirectoryAccess::storage(scope_.dir);
  ImportReport& report = book_.report();
  std::int64_t above = 0;
  UserFilter filter;  // every status but deleted
  filter.limit = kPage;
  for (;;) {
    ONB_ASSIGN(auto page, storage.list_users(scope_.actor.org.id, filter));
    const std::string last_id = page.empty() ? std::string() : page.back().id;
    for (User& u : page) {
      if (u.status != UserStatus::active && u.status != UserStatus::pending_activation) continue;
      if (matched_.contains(u.id) || u.id == scope_.actor.user.id) continue;
      if (!authorize_grant(scope_.actor, GrantAction::suspend, GrantObject::member, u.role)) {
        ++above;
        continue;
      }
      ++report.suspended;
      if (book_.listing_plan()) {
        PlannedRow p;
        p.action = RowAction::suspend;
        p.email = u.email.empty() ? u.username : u.email;
        p.name = u.display_name;
        p.role = u.role;
        p.user_id = u.id;
        p.reason = "not in the file";
        report.plan.push_back(std::move(p));
      }
      u.status = UserStatus::suspended;
      plan_.suspends.push_back(std::move(u));
    }
    if (page.size() < kPage) break;
    filter.after_id = last_id;
  }
  if (above > 0)
    report.warnings.push_back(std::to_string(above) + (above == 1 ? " member" : " members") +
                              " not in the file rank above you and stay as they are.");
  return success();
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
