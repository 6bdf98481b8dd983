// The import pipeline behind Importer: one ImportRun per call. Pass 1 reads
// the file and plans every row (import_users.cpp); pass 2, only when
// committing, reads it again and writes the planned rows in batches
// (import_commit.cpp). Nothing but a byte per row, compact key sets and the
// ids of users to update is kept between the passes, so memory follows what
// is kept, not the file.
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "import/key_index.hpp"
#include "onboard/directory.hpp"
#include "onboard/import/field_mapping.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/import/row_validation.hpp"
#include "onboard/import/table_reader.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/user.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Rows are validated and looked up in chunks: one storage call per field
// per chunk, and a bounded buffer of candidates.
constexpr std::size_t kChunkRows = 8192;

// A row pass 2 writes, found again by its place in the file. Pass 2 writes
// rows sorted by the key the users table indexes at random (email, else
// username), so every index grows at one edge, as the table and its id key
// (UUIDv7) already do; inserting at random places costs SQLite about twice
// the time for a large file, most of it re-reading and re-writing pages.
struct WriteOrder {
  std::uint64_t key_high = 0;  // the key's first 16 bytes, big-endian: memcmp order
  std::uint64_t key_low = 0;
  std::uint64_t offset = 0;  // TableReader::Position of the row
  std::uint32_t record = 0;
  std::uint8_t action = 0;  // ImportRun::Action
};

// One chunk of pass 2, made ready for storage: the new users with their
// hashed secrets, the rows that update members, and the messages to queue.
// Made on a worker thread while the previous chunk is written.
struct PreparedChunk {
  std::vector<User> creates;
  std::vector<CandidateRow> updates;
  std::vector<OutboxMessage> messages;
  std::int64_t rows_read = 0;  // data rows of the file read so far
  std::uint64_t bytes_consumed = 0;
  std::uint64_t bytes_total = 0;
  bool end = false;  // the file has no rows after these
};

// Existing users that rows may match, by email key, username key and
// external id; filled for the whole organization up front when it is
// small, else per chunk by batch lookups.
class ExistingIndex {
 public:
  // Loads every member when that is cheaper than looking rows up, which is
  // not the case in update mode (updates need the full records).
  Result<void> prepare(Storage& storage, const std::string& org_id, std::uint64_t file_bytes,
                       bool need_records);
  // Looks up the keys of `rows` (unless everything is loaded already).
  Result<void> load_chunk(Storage& storage, const std::string& org_id, const std::vector<CandidateRow>& rows,
                          std::size_t count);
  // The users a row matches, by any of its keys (distinct, at most three).
  void match(const CandidateRow& row, std::vector<const User*>& out, std::vector<UserKeyField>& fields) const;

 private:
  void add(User user);

  bool preloaded_ = false;
  std::vector<User> users_;                    // preloaded: ids and keys only
  std::unordered_set<std::string> chunk_ids_;  // per-chunk lookups: users already added
  KeyIndex by_email_;
  KeyIndex by_username_;
  KeyIndex by_external_id_;
};

class ImportRun {
 public:
  // `committing`: commit() follows a successful plan(), which then keeps what
  // pass 2 needs to write in index order.
  ImportRun(Directory& dir, ActorContext actor, std::string_view bytes, std::string_view file_name,
            const ImportOptions& options, const ImportProgressCallback& progress, bool committing);

  // Pass 1: fills the report with the plan and every problem. No writes.
  Result<void> plan();
  // True when plan() found nothing that stops a commit.
  bool may_commit() const;
  // Pass 2 (inside the caller's transaction): writes the planned rows, the
  // job record and the audit event.
  Result<void> commit();

  ImportReport& report() { return report_; }
  // Computes the report's file_digest (SHA-256 of the bytes) on another
  // thread; finish waits for it (commit() does, before it records the job).
  void start_file_digest();
  void finish_file_digest();

 private:
  enum class Action : std::uint8_t { create, update, skip, error };

  Result<std::unique_ptr<TableReader>> open_reader();
  Result<bool> read_header(TableReader& reader);
  // Finds the first `count` rows of chunk_ whose keys an earlier row of the
  // file already has, marking them in chunk_bad_.
  void find_duplicates(std::size_t count, std::vector<RowIssue>& chunk_issues);
  Result<void> resolve_chunk(std::size_t count, std::vector<RowIssue>& chunk_issues);
  void record_issues(std::vector<RowIssue>& issues);
  void record_plan(const CandidateRow& row, Action action, const User* existing, std::string reason,
                   std::vector<FieldChange> changes);
  Result<void> report_progress(std::string_view stage, std::int64_t rows, const TableReader& reader);
  // The changes `row` makes to `user` (applied to `user` when `apply`).
  std::vector<FieldChange> diff(const CandidateRow& row, User& user, bool apply) const;
  // A new user from a checked row, under a fresh `id`.
  User new_user(const CandidateRow& row, std::string id) const;
  // Reads the next chunk of planned rows and prepares them (no storage calls):
  // in write_order_ when there is one, else in file order.
  Result<PreparedChunk> prepare_chunk(TableReader& reader, std::size_t& ordinal);
  // Remembers where the planned row in chunk_[i] is, for pass 2's order.
  void add_to_write_order(std::size_t i, Action action);
  // The `count` candidates in chunk_ (chunk_bad_ holds each one's Action), as
  // users with secrets, messages and credentials.
  Result<void> prepare_creates(std::size_t count, PreparedChunk& out);
  // Writes a prepared chunk (on the thread that owns the transaction).
  Result<void> store_chunk(PreparedChunk& chunk);

  Directory& dir_;
  ActorContext actor_;
  std::string_view bytes_;
  std::string file_name_;
  const ImportOptions& options_;
  const ImportProgressCallback& progress_;
  bool committing_ = false;
  ReaderLimits reader_limits_;
  std::uint64_t max_rows_ = 0;
  std::optional<int> forced_role_;

  ImportReport report_;
  std::size_t total_issues_ = 0;
  bool blocked_ = false;  // a problem with the file as a whole
  HeaderMapping mapping_;
  std::unique_ptr<RowValidator> validator_;
  std::vector<CandidateRow> chunk_;
  std::vector<std::uint8_t> chunk_bad_;
  std::vector<TableReader::Position> chunk_positions_;
  // Rows to write, sorted before pass 2; unused (write_in_order_ false) when
  // the reader cannot seek, and then pass 2 reads the file front to back.
  bool write_in_order_ = false;
  std::vector<WriteOrder> write_order_;
  std::vector<std::uint8_t> actions_;                             // one per data row, in file order
  std::unordered_map<std::int64_t, std::string> update_targets_;  // row -> user id
  KeyIndex seen_email_, seen_username_, seen_external_id_;
  KeyIndex pending_invitations_;
  ExistingIndex existing_;
  Timestamp started_{};
  std::future<std::string> digest_;
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
