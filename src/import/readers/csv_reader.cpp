#include "onboard/import/csv_reader.hpp"

#include "core/fast_paths.hpp"

#if ONBOARD_FAST_SSE2
#include <emmintrin.h>
#endif

#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "import/cell_text.hpp"
#include "import/readers/reader_dispatch.hpp"
#include "import/readers/reader_messages.hpp"
#include "import/readers/text_decoding.hpp"
#include "onboard/import/spreadsheet_safe.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::string_view kDelimiterCandidates = ",;\t|";

// Excel writes "sep=;" as the first line so that a CSV opens with the right
// delimiter in any locale.
bool parse_sep_line(std::string_view text, char& delimiter, std::size_t& line_length) {
  if (text.size() < 5) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))) != "sep="[i]) return false;
  }
  char candidate = text[4];
  if (candidate == '"' || candidate == '\r' || candidate == '\n') return false;
  std::size_t end = 5;
  if (end < text.size() && text[end] != '\r' && text[end] != '\n') return false;
  if (end < text.size() && text[end] == '\r') ++end;
  if (end < text.size() && text[end] == '\n') ++end;
  delimiter = candidate;
  line_length = end;
  return true;
}

// The candidate that occurs most often outside quotes in the first non-blank
// record; ties go to the earlier candidate, no candidate at all means ",".
char detect_delimiter(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == '\r' || text[i] == '\n')) ++i;
  std::array<std::size_t, kDelimiterCandidates.size()> counts{};
  bool in_quotes = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      in_quotes = !in_quotes;  // a "" escape toggles twice, which is right
    } else if (!in_quotes) {
      if (c == '\r' || c == '\n') break;
      auto found = kDelimiterCandidates.find(c);
      if (found != std::string_view::npos) ++counts[found];
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < counts.size(); ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return kDelimiterCandidates[best];
}

class CsvReader final : public readers::SeekableReader {
 public:
  CsvReader(readers::DecodedText decoded, std::uint64_t input_size, const ReaderLimits& limits)
      : decoded_(std::move(decoded)), text_(decoded_.text()), input_size_(input_size), limits_(limits) {
    info_.format = "csv";
    info_.encoding = decoded_.encoding;
    info_.warnings = std::move(decoded_.warnings);
    char delimiter = 0;
    std::size_t sep_line_length = 0;
    if (parse_sep_line(text_, delimiter, sep_line_length)) {
      pos_ = sep_line_length;
      record_ = 1;
    } else {
      delimiter = detect_delimiter(text_);
    }
    delimiter_ = delimiter;
    info_.delimiter = std::string(1, delimiter);
    ends_unquoted_field_.fill(false);
    ends_unquoted_field_[static_cast<unsigned char>(delimiter)] = true;
    ends_unquoted_field_['\r'] = true;
    ends_unquoted_field_['\n'] = true;
  }

  const TableInfo& info() const override { return info_; }

  Result<bool> next(std::vector<std::string_view>& cells, std::int64_t& row_number) override {
    if (error_) return *error_;
    auto result = read_row(cells, row_number);
    if (!result.ok()) {
      error_ = result.error();  // the position is mid-record now; stay failed
      return result;
    }
    // A cell onboard defused for spreadsheets ('=…) reads back as written
    // (the rule: needs_formula_guard).
    for (std::string_view& cell : cells)
      if (!cell.empty() && cell.front() == '\'') cell = strip_formula_guard(cell);
    return result;
  }

  std::uint64_t bytes_consumed() const override {
    if (text_.empty()) return input_size_;
    if (!decoded_.converted) return pos_ + (input_size_ - text_.size());  // the BOM counts as read
    return static_cast<std::uint64_t>(static_cast<double>(pos_) / static_cast<double>(text_.size()) *
                                      static_cast<double>(input_size_));
  }
  std::uint64_t bytes_total() const override { return input_size_; }

  std::optional<Position> position() const override {
    return Position{static_cast<std::uint64_t>(pos_), record_};
  }
  bool seek(const Position& at) override {
    if (at.offset > text_.size() || at.record < 0) return false;
    pos_ = static_cast<std::size_t>(at.offset);
    record_ = at.record;
    error_.reset();
    return true;
  }

  std::optional<Position> split_point(double fraction) const override {
    if (!(fraction > 0.0 && fraction < 1.0)) return std::nullopt;
    const auto from = static_cast<std::size_t>(static_cast<double>(text_.size()) * fraction);
    if (from <= pos_ || from >= text_.size()) return std::nullopt;
    const void* newline = std::memchr(text_.data() + from, '\n', text_.size() - from);
    if (newline == nullptr) return std::nullopt;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data()) + 1;
    if (at >= text_.size()) return std::nullopt;
    return Position{at, 0};
  }

  // Views into the caller's bytes copy cheaply; converted text does not.
  std::unique_ptr<readers::SeekableReader> clone() const override {
    if (decoded_.converted) return nullptr;
    auto copy = std::make_unique<CsvReader>(*this);
    copy->text_ = copy->decoded_.text();
    return copy;
  }

 private:
  Result<bool> read_row(std::vector<std::string_view>& cells, std::int64_t& row_number) {
    while (pos_ < text_.size()) {
      ++record_;
      if (read_plain_record(cells)) {
        if (is_blank_row(cells)) continue;  // as below
        row_number = record_;
        return true;
      }
      cells.clear();
      unescaped_.clear();
      scratch_.clear();
      for (;;) {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          ONB_TRY(read_quoted_field(cells));
        } else {
          ONB_TRY(read_unquoted_field(cells));
        }
        if (pos_ >= text_.size()) break;
        char c = text_[pos_++];
        if (c == delimiter_) continue;
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        break;  // CRLF, LF or a bare CR ends the record
      }
      for (const Unescaped& u : unescaped_)
        cells[u.cell] = std::string_view(scratch_.data() + u.offset, u.length);
      // Rows with no text at all (blank lines, ",,,," that spreadsheets
      // write for empty rows, or only spaces, tabs and no-break spaces) are
      // skipped but keep their row number.
      if (is_blank_row(cells)) continue;
      row_number = record_;
      return true;
    }
    return false;
  }

  static bool is_blank_row(const std::vector<std::string_view>& cells) noexcept {
    for (std::string_view cell : cells)
      if (!is_blank_cell(cell)) return false;
    return true;
  }

  // Cells are views into the decoded file itself (zero-copy), except those
  // that needed unescaping: they live in the per-row scratch buffer, and are
  // pointed at it once the row is complete (the buffer may move while the
  // row grows).
  struct Unescaped {
    std::size_t cell;
    std::size_t offset;
    std::size_t length;
  };

  Result<void> check_cell_size(std::size_t length) const {
    if (length > limits_.max_cell_bytes) return readers::cell_too_large(record_, limits_.max_cell_bytes);
    return success();
  }

  Result<void> read_unquoted_field(std::vector<std::string_view>& cells) {
    const std::size_t i = find_field_end(pos_);
    ONB_TRY(check_cell_size(i - pos_));
    cells.emplace_back(text_.data() + pos_, i - pos_);
    pos_ = i;
    return success();
  }

  // The common record, without quotes and with sixteen bytes of text after
  // its line ending, in one pass: each 16-byte block yields the places of
  // its delimiters and line endings at once. Fills `cells`, moves past the
  // line ending and returns true; returns false, with pos_ unchanged, for
  // anything else, which read_row then reads field by field.
  bool read_plain_record(std::vector<std::string_view>& cells) {
#if ONBOARD_FAST_SSE2
    const char* data = text_.data();
    const std::size_t size = text_.size();
    const __m128i delimiter = _mm_set1_epi8(delimiter_);
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i quote = _mm_set1_epi8('"');
    cells.clear();
    std::size_t field = pos_;
    for (std::size_t block = pos_; block + 16 <= size; block += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + block));
      const auto mask = [&](__m128i hits) { return static_cast<unsigned>(_mm_movemask_epi8(hits)); };
      // The first CR, LF or quote: a quote before the record's end sends
      // the record the slow way; what comes after its end is not its own.
      const unsigned special = mask(_mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(bytes, cr), _mm_cmpeq_epi8(bytes, lf)), _mm_cmpeq_epi8(bytes, quote)));
      const unsigned before_end = special == 0 ? 0xFFFFu : (special & (0u - special)) - 1;
      for (unsigned d = mask(_mm_cmpeq_epi8(bytes, delimiter)) & before_end; d != 0; d &= d - 1) {
        const std::size_t at = block + static_cast<std::size_t>(__builtin_ctz(d));
        cells.emplace_back(data + field, at - field);
        field = at + 1;
      }
      if (special == 0) continue;
      const std::size_t end = block + static_cast<std::size_t>(__builtin_ctz(special));
      if (data[end] == '"') return false;
      // A record within the cell limit has no cell beyond it.
      if (end - pos_ > limits_.max_cell_bytes) return false;
      cells.emplace_back(data + field, end - field);
      pos_ = end + 1;
      if (data[end] == '\r' && pos_ < size && data[pos_] == '\n') ++pos_;
      return true;
    }
#else
    (void)cells;
#endif
    return false;
  }

  // The first delimiter, CR or LF at or after `i` (or the end). Sixteen
  // bytes at a time where SSE2 is there (every x86-64), as this runs over
  // every byte of a million-row file.
  std::size_t find_field_end(std::size_t i) const noexcept {
    const char* data = text_.data();
    const std::size_t size = text_.size();
#if ONBOARD_FAST_SSE2
    const __m128i delimiter = _mm_set1_epi8(delimiter_);
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (; i + 16 <= size; i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(block, delimiter),
                                        _mm_or_si128(_mm_cmpeq_epi8(block, cr), _mm_cmpeq_epi8(block, lf)));
      const int mask = _mm_movemask_epi8(hits);
      if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    while (i < size && !ends_unquoted_field_[static_cast<unsigned char>(data[i])]) ++i;
    return i;
  }

  // pos_ is at the opening quote. RFC 4180, plus what spreadsheet programs
  // accept: text after the closing quote is kept ("ab"cd reads as abcd).
  Result<void> read_quoted_field(std::vector<std::string_view>& cells) {
    const char* data = text_.data();
    const std::size_t size = text_.size();
    const std::size_t content = pos_ + 1;
    std::size_t escapes = 0;
    std::size_t close = content;
    for (;;) {
      const void* quote = std::memchr(data + close, '"', size - close);
      if (quote == nullptr) return readers::unclosed_quote(record_);
      close = static_cast<std::size_t>(static_cast<const char*>(quote) - data);
      if (close + 1 < size && data[close + 1] == '"') {
        ++escapes;
        close += 2;
        continue;
      }
      break;
    }
    const std::size_t tail_end = find_field_end(close + 1);
    const std::size_t tail_length = tail_end - (close + 1);
    ONB_TRY(check_cell_size(close - content - escapes + tail_length));
    pos_ = tail_end;
    if (escapes == 0 && tail_length == 0) {
      cells.emplace_back(data + content, close - content);
      return success();
    }
    const std::size_t start = scratch_.size();
    for (std::size_t i = content; i < close;) {
      const auto* quote = static_cast<const char*>(std::memchr(data + i, '"', close - i));
      std::size_t stop = quote == nullptr ? close : static_cast<std::size_t>(quote - data) + 1;
      scratch_.append(data + i, stop - i);
      i = quote == nullptr ? close : stop + 1;  // skip the second quote of the pair
    }
    scratch_.append(data + close + 1, tail_length);
    unescaped_.push_back({cells.size(), start, scratch_.size() - start});
    cells.emplace_back();
    return success();
  }

  readers::DecodedText decoded_;
  std::string_view text_;
  std::uint64_t input_size_;
  ReaderLimits limits_;
  TableInfo info_;
  char delimiter_ = ',';
  std::array<bool, 256> ends_unquoted_field_{};
  std::size_t pos_ = 0;
  std::int64_t record_ = 0;
  std::vector<Unescaped> unescaped_;
  std::string scratch_;
  std::optional<Error> error_;
};

std::string column_letters(std::size_t index) {
  std::string name;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

// A file that is UTF-8 but for some cells: reads it as it is and names each
// cell whose bytes are not UTF-8 ("Row 4, Full Name: …"), so the person can
// fix those cells instead of guessing. The header row names the columns.
Error name_cells_not_utf8(std::string_view bytes, const ReaderLimits& limits, const Error& refusal) {
  constexpr std::size_t kNamed = 5;
  readers::DecodedText raw;
  raw.borrowed = bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes;
  raw.encoding = "UTF-8";
  CsvReader reader(std::move(raw), bytes.size(), limits);
  std::vector<std::string_view> cells;
  std::vector<std::string> headers;
  std::int64_t row = 0;
  std::string named;
  std::size_t count = 0;
  std::optional<Error> first;
  for (bool header = true;; header = false) {
    auto more = reader.next(cells, row);
    if (!more || !*more) break;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const bool valid = is_valid_utf8(cells[i]);
      if (header) headers.push_back(valid ? std::string(trim_cell(cells[i])) : std::string());
      if (valid) continue;
      std::string column =
          i < headers.size() && !headers[i].empty() ? headers[i] : "column " + column_letters(i);
      if (!first) {
        first = Error(Errc::unsupported_format, "", "file.mixed_encoding");
        first->row = row;
        first->column = column;
      }
      if (++count <= kNamed)
        named += "Row " + std::to_string(row) + ", " + column + ": these bytes are not UTF-8: \"" +
                 excerpt_for_message(cells[i]) + "\". ";
    }
  }
  if (!first) return refusal;
  if (count > kNamed) named += "And " + std::to_string(count - kNamed) + " more cells. ";
  first->message = named +
                   "The rest of the file is UTF-8, so it was not read as another encoding; retype these "
                   "cells or save the file as \"CSV UTF-8\" again, and try again.";
  return *first;
}

}  // namespace

namespace readers {

Result<std::unique_ptr<SeekableReader>> open_csv_with_warnings(std::string_view bytes,
                                                               const ReaderLimits& limits,
                                                               std::vector<std::string> extra_warnings,
                                                               unsigned threads) {
  auto decoding = decode_text(bytes, threads);
  if (!decoding) {
    if (decoding.error().detail_code == "file.mixed_encoding")
      return name_cells_not_utf8(bytes, limits, decoding.error());
    return decoding.error();
  }
  DecodedText decoded = std::move(decoding).value();
  for (auto& warning : extra_warnings) decoded.warnings.push_back(std::move(warning));
  return std::unique_ptr<SeekableReader>(
      std::make_unique<CsvReader>(std::move(decoded), bytes.size(), limits));
}

}  // namespace readers

Result<std::unique_ptr<TableReader>> open_csv(std::string_view bytes, const ReaderLimits& limits) {
  ONB_ASSIGN(auto reader, readers::open_csv_with_warnings(bytes, limits, {}, 0));
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace v1
}  // namespace onboard
