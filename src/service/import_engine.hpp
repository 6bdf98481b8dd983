// The import pipeline behind Importer: one ImportRun per call. Pass 1 reads
// the file and plans every row (import_users.cpp); pass 2, only when
// committing, reads it again and writes the planned rows in batches
// (import_commit.cpp). Nothing but a byte per row, compact key sets and the
// ids of users to update is kept between the passes, so memory follows what
// is kept, not the file.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/fast_paths.hpp"
#include "core/large_memory.hpp"
#include "import/key_index.hpp"
#include "import/readers/seekable_reader.hpp"
#include "onboard/directory.hpp"
#include "onboard/import/field_mapping.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/import/row_validation.hpp"
#include "onboard/import/table_reader.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/user.hpp"
#include "service/import/import_tuning.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

using Position = readers::SeekableReader::Position;

// Rows are validated and looked up in chunks: one storage call per field
// per chunk, and a bounded buffer of candidates.
constexpr std::size_t kChunkRows = 8192;
// The first chunk written: the writer waits for it, so it is small.
constexpr std::size_t kFirstChunkRows = 1024;
// From this many rows to write, their order is sorted on two threads.
constexpr std::size_t kTwoThreadSortFrom = 1 << 18;
// Pass 1 checks rows across the chunk in smaller steps, so the candidates of
// one step (~0.5 MB) stay in the core's cache between its passes (checks,
// duplicates, plan); with 8,192 they did not, and cost ~40% more per row.
constexpr std::size_t kCheckRows = 1024;

// A row pass 2 writes, found again by its place in the file. Pass 2 writes
// rows sorted by the key the users table indexes at random (email, else
// username), so every index grows at one edge, as the table and its id key
// (UUIDv7) already do; inserting at random places costs SQLite about twice
// the time for a large file, most of it re-reading and re-writing pages.
struct WriteOrder {
  std::uint64_t key_high = 0;  // the key's first 16 bytes, big-endian: memcmp order
  std::uint64_t key_low = 0;
  std::uint64_t offset = 0;  // Position of the row
  std::uint32_t record = 0;
  std::uint8_t action = 0;  // ImportRun::Action
};

// Puts `order` in the order of the index it fills: by key, then by place in
// the file. From `two_threads_from` entries, on two threads.
void sort_write_order(LargeVector<WriteOrder>& order, std::size_t two_threads_from = kTwoThreadSortFrom);

// The report's code for a reader's error.
std::string reader_code(const Error& e);

// Fills w's key from `key` (email key, else username key).
inline void set_write_key(WriteOrder& w, std::string_view key) noexcept {
  unsigned char prefix[16] = {};
  std::memcpy(prefix, key.data(), std::min(key.size(), sizeof prefix));
  w.key_high = 0;
  w.key_low = 0;
  for (int b = 0; b < 8; ++b) {
    w.key_high = (w.key_high << 8) | prefix[b];
    w.key_low = (w.key_low << 8) | prefix[8 + b];
  }
}

// Pass 1 of a large UTF-8 CSV file runs on two cores (import_split.cpp).
// Row boundaries cut the file into pieces. The calling thread checks the
// first pieces as usual while a worker (SecondSegment) checks pieces from a
// point further on, one after another, keeping per row only what the
// cross-row checks need: whether it passed, its keys' fingerprints and
// where it is. Once the calling thread reaches that point it takes each of
// the worker's pieces through the duplicate and existing-member checks in
// file order as soon as it is done (ImportRun::merge_pieces), reading a row
// again only when its text is needed; when it catches up with the worker it
// checks the next piece itself, so both stay busy to the end. A boundary is
// a guess (a line break inside a quoted cell looks like any other): when a
// reader does not land on one, the calling thread reads on alone from the
// last boundary that held, as it always does for small files.
class SecondSegment {
 public:
  struct Settings {
    const RowValidator* validator = nullptr;  // shared: validate() is const and keeps no state
    bool username = false;                    // the file has these key columns
    bool external_id = false;
    bool write_keys = false;            // committing: keep each row's write-order key
    std::uint64_t max_rows = 0;         // the worker gives up one row past this
    std::size_t max_listed_errors = 0;  // validation problems kept per piece (all are counted)
  };

  // The rows of one piece. Rows are numbered from the piece's start (its
  // first row is 1 or more); the merge adds the number of the row before it.
  struct Piece {
    std::uint64_t start = 0;  // offset of its first row
    std::uint64_t end = 0;    // offset of the next piece (the text's size for the last)
    LargeVector<std::uint32_t> rows;
    // Validation problems of the row (saturated at 255); 0: it passed.
    LargeVector<std::uint8_t> problems;
    // {0, 0} when the row has no such key.
    LargeVector<KeyIndex::Fingerprint> emails, usernames, external_ids;
    // Where each row starts (offset, record before it, from the piece's
    // start), and its write-order key when Settings::write_keys.
    LargeVector<WriteOrder> places;
    // The first Settings::max_listed_errors validation problems, in row order.
    std::vector<RowIssue> issues;
    // The reader failed after the last row: where the failing read started.
    std::optional<Position> read_failure;
    std::int64_t records = 0;  // records in the piece, blank ones too
  };

  // Starts the worker on `reader` (a clone of the caller's) at piece
  // `first_worker_piece`; `boundaries` ascend, each the start of a row as
  // far as split_point() can tell; piece k runs from boundaries[k] to the
  // next boundary (the last to `text_size`).
  SecondSegment(std::unique_ptr<readers::SeekableReader> reader, const std::vector<std::uint64_t>& boundaries,
                std::uint64_t text_size, std::size_t first_worker_piece, const Settings& settings);
  // Stops the worker (after the piece it is on) and waits for it.
  ~SecondSegment();
  SecondSegment(const SecondSegment&) = delete;
  SecondSegment& operator=(const SecondSegment&) = delete;

  // Where the calling thread stops checking its first pieces.
  std::uint64_t first_worker_start() const noexcept { return pieces_[first_worker_piece_].start; }
  std::size_t first_worker_piece() const noexcept { return first_worker_piece_; }
  std::size_t size() const noexcept { return pieces_.size(); }
  Piece& piece(std::size_t k) noexcept { return pieces_[k]; }

  // What the calling thread does with piece k, the next in file order:
  enum class Turn {
    merge,  // the worker checked it: merge it
    check,  // nobody has: the calling thread checks it itself
    alone,  // the worker's rows from here on cannot be used: read on alone
  };
  // Waits while the worker is on piece k. Rethrows what the worker threw.
  Turn take(std::size_t k);
  // Progress while running (any thread).
  std::int64_t rows_done() const noexcept { return rows_done_.load(std::memory_order_relaxed); }
  std::uint64_t bytes_done() const noexcept { return bytes_done_.load(std::memory_order_relaxed); }

  // A reader for the calling thread, to read rows of merged pieces again.
  readers::SeekableReader& reader() noexcept { return *rereader_; }

 private:
  void run();
  // Reads piece k; false when its rows cannot be used.
  bool read_piece(std::size_t k, std::int64_t& count);

  std::unique_ptr<readers::SeekableReader> reader_;    // the worker's
  std::unique_ptr<readers::SeekableReader> rereader_;  // the calling thread's
  Settings settings_;
  std::vector<Piece> pieces_;
  std::size_t first_worker_piece_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  static constexpr std::uint8_t kNobody = 0, kWorker = 1, kCaller = 2;
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::uint8_t> owner_;  // per piece: who checks it
  std::vector<std::uint8_t> done_;   // per piece: the worker finished it
  std::size_t waiting_for_ = kNone;  // the piece the calling thread waits for
  // The worker's rows from this piece on cannot be used.
  std::size_t unusable_from_ = std::numeric_limits<std::size_t>::max();
  bool stop_ = false;
  bool worker_finished_ = false;
  std::atomic<std::int64_t> rows_done_{0};
  std::atomic<std::uint64_t> bytes_done_{0};
  std::exception_ptr failure_;
  std::thread worker_;
};

// One chunk of pass 2, made ready for storage: the new users with their
// hashed secrets, the rows that update members, and the messages to queue.
// Made on a worker thread while the previous chunk is written.
struct PreparedChunk {
  std::vector<User> creates;
  std::vector<CandidateRow> updates;
  std::vector<OutboxMessage> messages;
  // The credentials this chunk made, sealed (empty when none): stored with
  // the users, in the same transaction.
  SealedCredentials sealed;
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
  // Chooses to load every member when that is cheaper than looking rows up,
  // which is not the case in update mode (updates need the full records);
  // preload() then loads them.
  Result<void> choose(Storage& storage, const std::string& org_id, std::uint64_t file_bytes,
                      bool need_records);
  Result<void> preload(Storage& storage, const std::string& org_id);
  // Looks up the keys of `rows` (unless everything is loaded already).
  Result<void> load_chunk(Storage& storage, const std::string& org_id, const std::vector<CandidateRow>& rows,
                          std::size_t count);
  // The users a row matches, by any of its keys (distinct, at most three).
  void match(const CandidateRow& row, std::vector<const User*>& out, std::vector<UserKeyField>& fields) const;
  // Every member is (to be) loaded: choose() found that cheaper than lookups.
  bool preloaded() const noexcept { return preloaded_; }
  // Whether a row with these key fingerprints ({0, 0}: none) may match a
  // loaded member; match() on the row's text tells for sure.
  bool may_match(const KeyIndex::Fingerprint& email, const KeyIndex::Fingerprint& username,
                 const KeyIndex::Fingerprint& external_id) const noexcept;

 private:
  void add(User user);

  bool preloaded_ = false;
  std::int64_t members_ = 0;
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
            const ImportOptions& options, const ImportProgressCallback& progress, bool committing,
            const ImportTuning& tuning, ImportTrace& trace);

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

  Result<std::unique_ptr<readers::SeekableReader>> open_reader();
  Result<bool> read_header(readers::SeekableReader& reader);
  // Finds the first `count` rows of chunk_ whose keys an earlier row of the
  // file already has, marking them in chunk_bad_.
  void find_duplicates(std::size_t count, std::vector<RowIssue>& chunk_issues);
  Result<void> resolve_chunk(std::size_t count, std::vector<RowIssue>& chunk_issues);
  // Decides what happens to one checked row (`bad`: it has problems, in
  // chunk_issues; `may_conflict`: its keys' fingerprints match an existing
  // member or a pending invitation): counts it, lists it in the plan and
  // returns the action.
  Action resolve_row(const CandidateRow& c, bool bad, bool may_conflict, std::vector<RowIssue>& chunk_issues);
  // "Duplicate of row N" for the row `c`.
  RowIssue duplicate_issue(const CandidateRow& c, Field field, std::uint32_t first) const;
  // A worker for the rows from the back of the file, when it is worth it.
  std::unique_ptr<SecondSegment> start_second_segment(const readers::SeekableReader& reader);
  // What the calling thread does when it stands at the start of piece k
  // (`base`: the number of the row before it), having checked the pieces
  // before it: merges the worker's pieces from there on until it must check
  // one itself. Returns the next piece to check (== size() when none is
  // left), with base updated; `stopped` when a file problem in a merged
  // piece ended the reading.
  struct NextPiece {
    std::size_t piece = 0;
    bool alone = false;    // the worker's rows from there on are dropped
    bool stopped = false;  // the reading is over
  };
  Result<NextPiece> merge_pieces(SecondSegment& segment, std::size_t k, std::int64_t& base);
  // One piece of it; false when the reading stops there (a file problem).
  Result<bool> merge_piece(SecondSegment& segment, SecondSegment::Piece& piece, std::int64_t base);
  // Reads the piece's row i again into `out` (numbered in the file), with
  // its validation problems.
  bool reread(SecondSegment& segment, const SecondSegment::Piece& piece, std::size_t i, std::int64_t base,
              CandidateRow& out, std::vector<RowIssue>& issues);
  Result<void> report_progress(std::string_view stage, std::int64_t rows, std::uint64_t bytes_done,
                               std::uint64_t bytes_total);
  // A problem with the file as a whole (it blocks a commit), listed even
  // past max_listed_errors.
  void file_problem(std::string code, std::string message, std::int64_t row = 0);
  std::string too_many_rows_message() const;
  void record_issues(std::vector<RowIssue>& issues);
  void record_plan(const CandidateRow& row, Action action, const User* existing, std::string reason,
                   std::vector<FieldChange> changes);
  Result<void> report_progress(std::string_view stage, std::int64_t rows,
                               const readers::SeekableReader& reader);
  // The changes `row` makes to `user` (applied to `user` when `apply`).
  std::vector<FieldChange> diff(const CandidateRow& row, User& user, bool apply) const;
  // A new user from a checked row, under a fresh `id`, written into `u`
  // (every field: it may be a user of a chunk already written).
  void fill_new_user(const CandidateRow& row, std::string_view id, User& u) const;
  // Reads the next chunk of planned rows and prepares them (no storage calls):
  // in write_order_ when there is one, else in file order; at most `limit`
  // rows (up to kChunkRows). `recycled`: the
  // users of a chunk already written, filled again in place.
  Result<PreparedChunk> prepare_chunk(readers::SeekableReader& reader, std::size_t& ordinal,
                                      std::size_t limit, std::vector<User> recycled);
  // Remembers where the planned row in chunk_[i] is, for pass 2's order.
  void add_to_write_order(std::size_t i, Action action);
  void push_write_order(WriteOrder w);
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
  ImportTuning tuning_;
  ImportTrace& trace_;
  ReaderLimits reader_limits_;
  std::uint64_t max_rows_ = 0;
  std::optional<int> forced_role_;
  // Why a row without a role may not be created with the catalog's default
  // role (authorize_grant); nullopt when it may. Decided once in plan().
  std::optional<Error> default_role_refusal_;

  ImportReport report_;
  std::size_t total_issues_ = 0;
  bool blocked_ = false;  // a problem with the file as a whole
  HeaderMapping mapping_;
  std::unique_ptr<RowValidator> validator_;
  std::vector<CandidateRow> chunk_;
  std::vector<std::uint8_t> chunk_bad_;
  // The worker's secrets and password hashes, reused chunk after chunk
  // (prepare_creates wipes the secrets after each).
  std::vector<std::string> secrets_, passwords_, password_hashes_;
  std::vector<Position> chunk_positions_;
  // Per chunk row: the fingerprints of its email, username and external ID
  // keys ({0, 0}: none), made by find_duplicates.
  std::array<std::vector<KeyIndex::Fingerprint>, 3> chunk_prints_;
  // Rows to write, sorted before pass 2; unused (write_in_order_ false) when
  // the reader cannot seek, and then pass 2 reads the file front to back.
  bool write_in_order_ = false;
  LargeVector<WriteOrder> write_order_;
  LargeVector<std::uint8_t> actions_;                             // one per data row, in file order
  std::unordered_map<std::int64_t, std::string> update_targets_;  // row -> user id
  KeyIndex seen_email_, seen_username_, seen_external_id_;
  KeyIndex pending_invitations_;
  ExistingIndex existing_;
  Timestamp started_{};
  std::future<std::string> digest_;
  // The job record's id, chosen when pass 2 starts: the sealed credentials
  // of every chunk refer to it.
  std::string job_id_;
  std::int64_t next_part_ = 0;  // the next sealed part (the worker's)
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
