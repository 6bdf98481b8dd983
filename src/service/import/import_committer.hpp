// The committer: pass 2. Reads the planned rows again (in write order when
// the plan has one, else front to back), makes users, secrets, messages and
// sealed credentials of them in chunks, and writes each chunk, then the job
// record and the audit event, inside the caller's transaction. It takes
// each row's action from the plan (pass 1's verdict) and never checks a row
// again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "onboard/import/import_options.hpp"
#include "onboard/model/outbox.hpp"
#include "onboard/model/user.hpp"
#include "service/import/checked_rows.hpp"
#include "service/import/file_digest.hpp"
#include "service/import/import_planner.hpp"
#include "service/import/import_scope.hpp"
#include "service/import/report_book.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// The first chunk written: the writer waits for it, so it is small.
constexpr std::size_t kFirstChunkRows = 1024;

// One chunk of pass 2, made ready for storage: the new users with their
// hashed secrets, the rows that update members, and the messages to queue.
// Made on the run's second thread (when it has one) while the previous
// chunk is written.
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

class ImportCommitter {
 public:
  ImportCommitter(const ImportScope& scope, ReportBook& book, ImportPlan& plan, FileDigest& digest,
                  const ImportProgressCallback& progress);

  // Writes the planned rows read from `reader` (just past the header), the
  // job record (`file_name`, `started`) and the audit event.
  Result<void> commit(readers::SeekableReader& reader, std::string_view file_name, Timestamp started);

 private:
  // Reads the next chunk of planned rows and prepares them (no storage calls):
  // in write order when there is one, else in file order; at most `limit`
  // rows (up to kChunkRows). `recycled`: the users of a chunk already
  // written, filled again in place.
  Result<PreparedChunk> prepare_chunk(readers::SeekableReader& reader, std::size_t& ordinal,
                                      std::size_t limit, std::vector<User> recycled);
  // The `count` rows in rows_ (actions_ holds each one's RowAction), as
  // users with secrets, messages and credentials.
  Result<void> prepare_creates(std::size_t count, PreparedChunk& out);
  // A new user from a planned row, under a fresh `id`, written into `u`
  // (every field: it may be a user of a chunk already written).
  void fill_new_user(const CandidateRow& row, std::string_view id, User& u) const;
  // Suspends the members the plan found missing from the file (ImportPlan::
  // suspends), one audit event each.
  Result<void> suspend_missing();
  // Writes a prepared chunk (on the thread that owns the transaction).
  Result<void> store_chunk(PreparedChunk& chunk);

  const ImportScope& scope_;
  ReportBook& book_;
  ImportPlan& plan_;
  FileDigest& digest_;
  const ImportProgressCallback& progress_;
  std::vector<CandidateRow> rows_;
  std::vector<std::uint8_t> actions_;
  // The secrets and password hashes of a chunk, reused chunk after chunk
  // (prepare_creates wipes the secrets after each).
  std::vector<std::string> secrets_, passwords_, password_hashes_;
  // The job record's id, chosen when pass 2 starts: the sealed credentials
  // of every chunk refer to it.
  std::string job_id_;
  std::int64_t next_part_ = 0;  // the next sealed part
};

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
