#include "service/import/import_run.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "core/fast_paths.hpp"
#include "import/readers/reader_messages.hpp"
#include "onboard/model/name.hpp"
#include "service/import/import_committer.hpp"
#include "service/import/single_checked_rows.hpp"
#include "service/import/split_checked_rows.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

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
      trace_(trace),
      // The host's choice: the call's, within the Directory's.
      threads_(options.threads == 0 ? dir.threads() : std::max(1U, std::min(options.threads, dir.threads()))),
      book_(options) {
  const auto& limits = actor_.org.settings.import_limits;
  max_rows_ = std::min<std::uint64_t>(options.max_rows.value_or(limits.max_rows), 0xFFFFFFF0u);
  book_.report().file_name = file_name_;
  started_ = dir_.clock().now();
}

Result<std::unique_ptr<readers::SeekableReader>> ImportRun::open_reader() {
  return readers::open_seekable(bytes_, file_name_, reader_limits_, threads_);
}

Result<void> ImportRun::report_progress(std::string_view stage, const ProgressPoint& at) {
  if (!progress_) return success();
  if (!progress_(ImportProgress{stage, at.rows, at.bytes_done, at.bytes_total}))
    return Error{Errc::cancelled, "The import was cancelled; nothing was written.", "import.cancelled"};
  return success();
}

namespace {

// A row that names the required fields: no "required.missing" among its errors.
bool maps_required(const MappingResult& mapped) {
  return std::none_of(mapped.errors.begin(), mapped.errors.end(),
                      [](const RowIssue& e) { return e.code == "required.missing"; });
}

// `"Staff list March 2026", "", "x"`: a row's first cells, for a message.
std::string quoted_cells(std::span<const std::string_view> cells) {
  std::string out;
  std::size_t shown = 0;
  for (const auto cell : cells) {
    if (cell.empty()) continue;
    if (shown == 4) {
      out += ", …";
      break;
    }
    out += (shown++ == 0 ? "\"" : ", \"") + excerpt_for_message(cell, 40) + "\"";
  }
  return out.empty() ? std::string("nothing") : out;
}

}  // namespace

Result<bool> ImportRun::read_header(readers::SeekableReader& reader, bool again) {
  std::vector<std::string_view> cells;
  std::int64_t row = 0;
  const bool email_required =
      !(options_.passwords == PasswordSource::none && options_.activation == Activation::key);
  if (again) {
    // Pass 2: the row pass 1 chose, with nothing reported a second time.
    for (;;) {
      ONB_ASSIGN(const bool more, reader.next(cells, row));
      if (!more || row > header_row_) return false;
      if (row == header_row_) break;
    }
    mapping_ = map_headers(cells, options_, email_required).mapping;
    return true;
  }
  auto more = reader.next(cells, row);
  if (!more) {
    std::vector<RowIssue> issue{
        {more.error().row.value_or(0), "", reader_code(more.error()), more.error().message}};
    book_.record_issues(issue);
    return false;
  }
  if (!*more) {
    std::vector<RowIssue> issue{
        {0, "", "file.empty", "The file is empty; its first row must hold the column headers."}};
    book_.record_issues(issue);
    return false;
  }
  MappingResult mapped = map_headers(cells, options_, email_required);
  header_row_ = row;
  if (!maps_required(mapped)) {
    // A title row ("Staff list March 2026") above the header: the header is
    // the first of the first rows that names the required fields. Only
    // these few rows are looked at, and only when the first one fails.
    const std::string first_found = quoted_cells(cells);
    bool found = false;
    for (int looked = 1; looked < kHeaderSearchRows; ++looked) {
      auto next = reader.next(cells, row);
      if (!next || !*next) break;
      MappingResult candidate = map_headers(cells, options_, email_required);
      if (maps_required(candidate)) {
        mapped = std::move(candidate);
        header_row_ = row;
        found = true;
        break;
      }
    }
    if (found) {
      for (auto& e : mapped.errors)
        if (e.row == 1) e.row = header_row_;
      book_.report().warnings.push_back("The header is row " + std::to_string(header_row_) +
                                        "; rows above it were skipped.");
    } else {
      for (auto& e : mapped.errors)
        if (e.code == "required.missing") {
          e.message += " The header must be in the first row; it holds " + first_found + ".";
          break;
        }
    }
  }
  book_.report().header_row = header_row_;
  mapping_ = std::move(mapped.mapping);
  // Pass 2 reads the header again: its warnings are in the report already.
  auto& warnings = book_.report().warnings;
  for (auto& w : mapped.warnings)
    if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(std::move(w));
  book_.report().headers.clear();
  for (const auto& c : mapping_.columns) book_.report().headers.push_back(c.header);
  if (!mapped.errors.empty()) {
    book_.record_issues(mapped.errors);
    return false;
  }
  return true;
}

std::unique_ptr<CheckedRows> ImportRun::checked_rows(readers::SeekableReader& reader, bool keep_places) {
#if ONBOARD_FAST_PATHS
  // The split source checks rows only: anything that needs storage per batch
  // (large organizations, updates) stays on one thread, and so does a small
  // file (starting a worker and merging costs more than it saves). Passwords
  // from the file may split: the validator never runs zxcvbn (of unknown
  // thread safety) on two threads at once.
  const bool split = tuning_.two_threads_from_bytes != 0 && bytes_.size() >= tuning_.two_threads_from_bytes &&
                     threads_ >= 2 && planner_->preloaded() && options_.existing != ExistingUsers::update &&
                     options_.max_listed_errors <= kSplitMaxListed &&
                     options_.max_listed_plan_rows <= kSplitMaxListed;
  if (split) {
    SplitCheckedRows::Settings settings;
    settings.max_rows = max_rows_;
    settings.max_listed_errors = options_.max_listed_errors;
    settings.username = mapping_.has(Field::username);
    settings.external_id = mapping_.has(Field::external_id);
    settings.keep_places = keep_places;
    if (auto rows = SplitCheckedRows::start(reader, *validator_, settings)) return rows;
  }
#endif
  return std::make_unique<SingleCheckedRows>(reader, *validator_, max_rows_, keep_places);
}

Result<void> ImportRun::plan() {
  const auto& limits = actor_.org.settings.import_limits;
  const std::uint64_t max_bytes = options_.max_bytes.value_or(limits.max_bytes);
  if (bytes_.size() > max_bytes) {
    book_.file_problem("limit.bytes", "The file is " + readers::describe_size(bytes_.size()) +
                                          "; the limit is " + readers::describe_size(max_bytes) + ".");
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
    book_.file_problem(reader_code(opened.error()), opened.error().message);
    return success();
  }
  auto reader = std::move(opened).value();
  ImportReport& report = book_.report();
  const TableInfo& info = reader->info();
  report.format = info.format;
  report.encoding = info.encoding;
  report.delimiter = info.delimiter;
  for (const auto& w : info.warnings) report.warnings.push_back(w);
  ONB_ASSIGN(const bool header_ok, read_header(*reader, false));
  if (!header_ok) {
    book_.block();
    return success();
  }

  // Where passwords come from, decided once for the run (automatic: the
  // column when the file has one). Warnings speak of what was chosen.
  const PasswordSource chosen = options_.passwords;
  const bool has_hashes = mapping_.has(Field::password_hash);
  options_.passwords = resolve_password_source(chosen, mapping_.has(Field::password), has_hashes);
  const auto unused_because = [&]() -> std::string {
    return options_.passwords == PasswordSource::generate ? ", because passwords are generated."
           : options_.passwords == PasswordSource::hash
               ? ", because passwords come from the Password Hash column."
               : ", because people activate their accounts.";
  };
  if (mapping_.has(Field::password) && options_.passwords != PasswordSource::file)
    report.warnings.push_back("The Password column was not used" + unused_because());
  if (has_hashes && options_.passwords != PasswordSource::file && options_.passwords != PasswordSource::hash)
    report.warnings.push_back("The Password Hash column was not used" + unused_because());
  if (!mapping_.has(Field::password) && !has_hashes && chosen == PasswordSource::file)
    report.warnings.emplace_back("The file has no Password column; everyone gets a generated password.");
  if (!has_hashes && chosen == PasswordSource::hash)
    report.warnings.emplace_back("The file has no Password Hash column; everyone gets a generated password.");
  if (forced_role_ && mapping_.has(Field::role))
    report.warnings.push_back("Everyone gets the role " + options_.role + "; the Role column was not used.");

  validator_ = std::make_unique<RowValidator>(mapping_, actor_.org, options_, actor_.role.rank, forced_role_);
  scope_ =
      std::make_unique<ImportScope>(ImportScope{dir_, actor_, options_, mapping_, *validator_, threads_});
  // Fast path: rows written sorted by key (each index grows at its right
  // edge). Its twin, and the only way for a reader that cannot seek (XLSX)
  // or without the fast paths: the file's order.
  const bool write_in_order = kFastPaths && committing_ && reader->position().has_value();
  planner_ = std::make_unique<ImportPlanner>(*scope_, book_, write_in_order, default_role_refusal_);
  ONB_TRY(planner_->choose_existing(bytes_.size()));
  // The split source's worker (for a large file) starts before the rest is
  // set up here.
  std::unique_ptr<CheckedRows> rows = checked_rows(*reader, write_in_order);
  // Rows of people are rarely shorter than 64 bytes; the indexes grow if they are.
  ONB_TRY(planner_->load_existing(std::min<std::size_t>(max_rows_, bytes_.size() / 64 + 16)));

  CheckedBatch batch;
  for (;;) {
    ONB_ASSIGN(const bool more, rows->next(batch, planner_->listing()));
    if (!more) break;
    ONB_TRY(planner_->plan_batch(batch, *rows));
    if (auto at = rows->progress_due()) ONB_TRY(report_progress("checking", *at));
  }
  trace_.check_threads = rows->threads_used();
  if (const auto& stop = rows->stopped_by()) book_.file_problem(stop->code, stop->message, stop->row);
  if (auto at = rows->final_progress()) ONB_TRY(report_progress("checking", *at));
  rows.reset();
  if (!book_.blocked()) ONB_TRY(planner_->plan_missing());

  // A header and nothing under it (or only blank rows): nothing to import
  // is a problem with the file, not a success in silence.
  if (report.rows == 0 && !book_.blocked())
    book_.file_problem("file.no_people",
                       "The file has no people in it: there are no rows under the header row.");
  report.valid = report.rows - report.error_rows;
  book_.list_hash_schemes();
  if (report.created > 0 &&
      !(book_.blocked() || (options_.mode == CommitMode::all_or_nothing && report.error_rows > 0))) {
    auto seats = dir_.check_seats(actor_.org, report.created);
    if (!seats) {
      if (seats.error().code != Errc::limit_exceeded) return std::move(seats).error();
      book_.file_problem("limit.seats", seats.error().message);
    }
  }
  book_.warn_if_unlisted();
  return success();
}

bool ImportRun::may_commit() const {
  if (book_.blocked()) return false;
  if (options_.mode == CommitMode::all_or_nothing && book_.report().error_rows > 0) return false;
  return true;
}

Result<void> ImportRun::commit() {
  ONB_ASSIGN(auto reader, open_reader());
  ONB_ASSIGN(const bool header_ok, read_header(*reader, true));
  if (!header_ok) return Error{Errc::internal, "The file changed while it was imported.", "import.changed"};
  ImportCommitter committer(*scope_, book_, planner_->plan(), digest_, progress_);
  return committer.commit(*reader, file_name_, started_);
}

namespace {

// The refusals of ImportOptions::missing == suspend, before anything is read.
Result<void> check_missing_option(const ActorContext& actor, const ImportOptions& options) {
  if (options.missing != MissingMembers::suspend) return success();
  if (options.existing != ExistingUsers::update)
    return Error{Errc::invalid_input,
                 "Suspending the members missing from the file (--missing suspend) needs --existing update, "
                 "so that everyone in the file is matched to their member.",
                 "import.missing_needs_update"};
  if (options.mode != CommitMode::all_or_nothing)
    return Error{Errc::invalid_input,
                 "Suspending the members missing from the file (--missing suspend) needs --mode "
                 "all-or-nothing: a row with a problem could be someone who would be suspended.",
                 "import.missing_needs_all"};
  if (!actor.role.can(Permission::manage_users))
    return Error{Errc::permission_denied,
                 "Your role does not allow you to suspend people, which --missing suspend does.",
                 "permission.manage_users"};
  return success();
}

}  // namespace

Result<ImportReport> execute_import(Directory& dir, const Actor& actor, std::string_view bytes,
                                    std::string_view file_name, const ImportOptions& options,
                                    const ImportProgressCallback& progress, bool commit,
                                    const ImportTuning& tuning, ImportTrace* trace) {
  ImportTrace ignored;
  ONB_ASSIGN(auto ctx, dir.authorize(actor, Permission::import_users));
  ONB_TRY(check_missing_option(ctx, options));
  ImportRun run(dir, std::move(ctx), bytes, file_name, options, progress, commit, tuning,
                trace != nullptr ? *trace : ignored);
  if (!commit) {
    ONB_TRY(run.plan());
    run.report().dry_run = true;
    return std::move(run.report());
  }
  // Planning happens inside the write transaction, so what is written is
  // exactly what was checked, even with other writers about. The file's
  // digest (for the job record) has a thread of its own meanwhile when the
  // run may keep three busy (see FileDigest).
  run.digest().start(bytes, run.threads() >= 3);
  auto written = DirectoryAccess::storage(dir).bulk_transaction([&]() -> Result<void> {
    // Credentials of earlier imports left unclaimed past their time go first.
    ONB_TRY(DirectoryAccess::storage(dir).purge_sealed_credentials(actor.org_id, dir.clock().now()));
    ONB_TRY(run.plan());
    if (!run.may_commit()) return success();
    return run.commit();
  });
  run.report().file_digest = run.digest().finish();
  if (!written) return std::move(written).error();
  ImportReport& report = run.report();
  if (!report.committed) {
    report.created = 0;
    report.updated = 0;
    report.suspended = 0;
  }
  return std::move(report);
}

}  // namespace import_detail

}  // namespace v1
}  // namespace onboard
