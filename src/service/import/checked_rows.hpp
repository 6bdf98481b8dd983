// The seam between checking rows and planning them. A CheckedRows source
// reads the file and yields its rows in file order, a batch at a time, each
// row checked by the validator: its verdict, its keys' fingerprints, where
// it is, and its problems. The planner takes what crosses rows (duplicates,
// existing members, the plan) from there, whichever source it is.
//
// SingleCheckedRows (one thread) is the default and the reference;
// SplitCheckedRows (two threads, for a large UTF-8 CSV file) is a drop-in
// beside it and a fast path, compiled out under ONBOARD_SIMPLE_PATHS. A test
// holds the two equal (tests/service/import_split_test.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "import/key_index.hpp"
#include "import/readers/seekable_reader.hpp"
#include "onboard/import/import_report.hpp"
#include "onboard/import/row_validation.hpp"
#include "service/import/write_order.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

using Position = readers::SeekableReader::Position;

// Rows per batch: the batch's candidates stay in the core's cache between
// the planner's passes over them (checks, duplicates, plan).
constexpr std::size_t kCheckRows = 1024;
// Rows per progress report while checking, and per chunk of pass 2.
constexpr std::size_t kChunkRows = 8192;

// Which of a row's keys a fingerprint array holds.
enum KeyKind : std::size_t { kEmailKey = 0, kUsernameKey = 1, kExternalIdKey = 2 };

inline bool has_key(const KeyIndex::Fingerprint& f) noexcept { return f.h1 != 0 || f.h2 != 0; }
inline KeyIndex::Fingerprint print_of(const std::string& key) noexcept {
  return key.empty() ? KeyIndex::Fingerprint{0, 0} : KeyIndex::fingerprint(key);
}

// What the report can still list when a batch is asked for: a source that
// keeps only summaries reads a row again for its problems only while they
// can still be listed.
struct Listing {
  bool errors = true;  // more problems are listed
  bool plan = true;    // more planned rows are listed
};

// Checked rows, batch-shaped: parallel arrays of `count` rows.
struct CheckedBatch {
  std::size_t count = 0;
  std::vector<std::int64_t> rows;  // the row number in the file
  std::vector<std::uint8_t> bad;   // the verdict: 1 when the row has a problem (the planner adds its own)
  // The row's imported hash: its legacy_hash::Scheme, 0 (unknown) for none.
  std::vector<std::uint8_t> hash_schemes;
  // Per KeyKind: the key's fingerprint ({0, 0}: the row has none).
  std::array<std::vector<KeyIndex::Fingerprint>, 3> prints;
  // Where each row starts and its write-order key, when the source keeps
  // places (record: in the file); `places_fit` false when a row's record
  // does not fit a WriteOrder.
  std::vector<WriteOrder> places;
  bool places_fit = true;
  // The rows' problems that can be listed, numbered in the file; the
  // planner appends its own and records them all.
  std::vector<RowIssue> issues;
  std::size_t unlisted_problems = 0;  // problems counted but not in `issues`
  // The rows' values, when the source keeps them (else CheckedRows::values).
  std::vector<CandidateRow>* values = nullptr;

  CheckedBatch() {
    rows.resize(kCheckRows);
    bad.resize(kCheckRows);
    hash_schemes.resize(kCheckRows);
    for (auto& p : prints) p.resize(kCheckRows);
    places.resize(kCheckRows);
  }
  void start() {
    count = 0;
    places_fit = true;
    issues.clear();
    unlisted_problems = 0;
    values = nullptr;
  }
};

// A progress report: rows and bytes done.
struct ProgressPoint {
  std::int64_t rows = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};

class CheckedRows {
 public:
  virtual ~CheckedRows() = default;
  // Fills `batch` with the next rows in file order (at most kCheckRows, at
  // least one) and returns true, or returns false when none is left; then
  // stopped_by() says whether a file problem ended the reading.
  virtual Result<bool> next(CheckedBatch& batch, const Listing& listing) = 0;
  // The values of row i of the last batch: batch.values' when it has them,
  // else the source reads the row again.
  virtual Result<const CandidateRow*> values(const CheckedBatch& batch, std::size_t i) = 0;
  // After next(): progress worth reporting, if any.
  virtual std::optional<ProgressPoint> progress_due() const = 0;
  // After the last next(): the last progress report, unless the last batch's
  // said it all.
  virtual std::optional<ProgressPoint> final_progress() const = 0;
  // Threads that checked rows.
  virtual int threads_used() const { return 1; }

  // What stopped the reading early: a reader error or the row limit.
  const std::optional<RowIssue>& stopped_by() const noexcept { return stop_; }

 protected:
  std::optional<RowIssue> stop_;
};

// "The file has more than N rows of people; the limit is N."
std::string too_many_rows_message(std::uint64_t max_rows);
// The report's code for a reader's error.
std::string reader_code(const Error& e);

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
