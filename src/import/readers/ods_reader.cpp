// The ODS reader: LibreOffice's own format, read with the XLSX reader's
// bounds (the same ZipArchive limits, the same hardened expat). Only the
// first table of content.xml is read, one <table:table-row> at a time.
// Repeated rows and cells (number-rows-repeated, number-columns-repeated) are
// never materialised: blank ones only move the row or column on, a repeated
// cell with text shares one copy of it, and no row or column may lie beyond
// what a spreadsheet can have.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "import/cell_text.hpp"
#include "import/readers/reader_dispatch.hpp"
#include "import/readers/reader_messages.hpp"
#include "import/readers/xlsx_values.hpp"
#include "import/readers/xml_parser.hpp"
#include "import/readers/zip_archive.hpp"
#include "import/readers/zip_xml_rows.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

constexpr std::string_view kOdsMimeType = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::int64_t kMaxColumns = 16384;   // as many as LibreOffice and Excel allow
constexpr std::int64_t kMaxRows = 1'048'576;  // likewise

std::string column_name(std::int64_t column) {
  std::string name;
  for (std::int64_t n = column + 1; n > 0; n = (n - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

// A repeat count: 1 when absent, 0 when not a number.
std::int64_t repeat_count(const char* text) {
  if (text == nullptr) return 1;
  std::int64_t value = 0;
  const std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 1) return 0;
  return value;
}

Error bad_table(std::int64_t row, std::string what) {
  Error error(Errc::invalid_input, "Row " + std::to_string(row) + ": " + std::move(what), "file.bad_cell");
  error.row = row;
  return error;
}

// "2024-03-01T13:45:00" -> "2024-03-01 13:45:00"; midnight is left out.
void append_ods_date(std::string& out, std::string_view stored) {
  const auto t = stored.find('T');
  out.append(stored.substr(0, t));
  if (t == std::string_view::npos) return;
  const std::string_view time = stored.substr(t + 1, 8);
  if (time != "00:00:00" && !time.empty()) {
    out.push_back(' ');
    out.append(time);
  }
}

// "PT13H45M00S" -> "13:45:00" (ISO 8601 durations, as ODS stores times).
void append_ods_time(std::string& out, std::string_view stored) {
  if (!stored.starts_with("PT")) {
    out.append(stored);
    return;
  }
  std::int64_t parts[3] = {0, 0, 0};
  std::int64_t number = 0;
  for (char c : stored.substr(2)) {
    if (c >= '0' && c <= '9') {
      if (number < 1'000'000) number = number * 10 + (c - '0');
    } else if (c == 'H' || c == 'M' || c == 'S') {
      parts[c == 'H' ? 0 : c == 'M' ? 1 : 2] = number;
      number = 0;
    } else if (c == '.' || c == ',') {
      parts[2] = number;  // fractions of a second are not shown
      break;
    } else {
      out.append(stored);
      return;
    }
  }
  for (int i = 0; i < 3; ++i) {
    if (i > 0) out.push_back(':');
    if (parts[i] < 10) out.push_back('0');
    out.append(std::to_string(parts[i]));
  }
}

class OdsTableHandler final : public XmlHandler {
 public:
  explicit OdsTableHandler(const ReaderLimits& limits) : limits_(limits) {}

  // The next row, if one is ready: a row repeated n times is handed out n
  // times with increasing numbers.
  bool take_row(std::vector<std::string_view>& cells, std::int64_t& row_number) {
    if (repeats_left_ == 0) return false;
    --repeats_left_;
    cells.clear();
    for (const Slot& slot : slots_)
      cells.emplace_back(slot.length == 0 ? std::string_view{}
                                          : std::string_view(row_text_).substr(slot.offset, slot.length));
    row_number = ++emitted_row_;
    if (!header_taken_) {
      header_taken_ = true;
      for (std::string_view cell : cells) headers_.push_back(excerpt_for_message(cell));
    }
    return true;
  }

  void on_start(std::string_view name, const XML_Char** attributes) override {
    if (done_) return;
    if (name == "table") {
      ++table_depth_;
      return;
    }
    if (table_depth_ != 1) return;  // a table inside a cell, or not in a table yet
    if (name == "table-row") {
      start_row(attributes);
    } else if ((name == "table-cell" || name == "covered-table-cell") && in_row_) {
      start_cell(attributes);
    } else if (in_cell_ && name == "annotation") {
      ++annotation_depth_;  // a comment's text is not the cell's
    } else if (in_cell_ && annotation_depth_ == 0) {
      on_cell_text_start(name, attributes);
    }
  }

  // Paragraphs, spaces, tabs and line breaks inside a cell's own text.
  void on_cell_text_start(std::string_view name, const XML_Char** attributes) {
    if (name == "p" || name == "h") {
      if (paragraphs_++ > 0) append_text("\n");
      in_paragraph_ = true;
    } else if (in_paragraph_ && name == "s") {
      const std::int64_t count = repeat_count(find_attribute(attributes, "c"));
      if (count < 1 || static_cast<std::uint64_t>(count) > limits_.max_cell_bytes)
        return fail(cell_too_large(row_number_, limits_.max_cell_bytes));
      append_text(std::string(static_cast<std::size_t>(count), ' '));
    } else if (in_paragraph_ && name == "tab") {
      append_text("\t");
    } else if (in_paragraph_ && name == "line-break") {
      append_text("\n");
    }
  }

  void on_end(std::string_view name) override {
    if (done_) return;
    if (name == "table") {
      if (--table_depth_ == 0) {
        done_ = true;  // only the first table is read
        suspend();
      }
    } else if (table_depth_ != 1) {
      return;
    } else if (name == "table-row" && in_row_) {
      finish_row();
    } else if ((name == "table-cell" || name == "covered-table-cell") && in_cell_) {
      finish_cell();
    } else if (name == "annotation" && in_cell_ && annotation_depth_ > 0) {
      --annotation_depth_;
    } else if ((name == "p" || name == "h") && annotation_depth_ == 0) {
      in_paragraph_ = false;
    }
  }

  void on_text(std::string_view text) override {
    if (done_ || !in_cell_ || !in_paragraph_ || annotation_depth_ > 0) return;
    append_text(text);
  }

  bool done() const noexcept { return done_; }

 private:
  struct Slot {
    std::size_t offset = 0;
    std::size_t length = 0;
  };

  void append_text(std::string_view text) {
    cell_text_.append(text);
    if (cell_text_.size() > limits_.max_cell_bytes) fail(cell_too_large(row_number_, limits_.max_cell_bytes));
  }

  void start_row(const XML_Char** attributes) {
    row_repeat_ = repeat_count(find_attribute(attributes, "number-rows-repeated"));
    if (row_repeat_ == 0) return fail(bad_table(row_number_ + 1, "the row's repeat count is not a number."));
    ++row_number_;
    in_row_ = true;
    row_has_text_ = false;
    slots_.clear();
    row_text_.clear();
    column_ = 0;
  }

  void start_cell(const XML_Char** attributes) {
    in_cell_ = true;
    paragraphs_ = 0;
    in_paragraph_ = false;
    annotation_depth_ = 0;
    cell_text_.clear();
    cell_repeat_ = repeat_count(find_attribute(attributes, "number-columns-repeated"));
    if (cell_repeat_ == 0) return fail(bad_table(row_number_, "a cell's repeat count is not a number."));
    value_type_ =
        find_attribute(attributes, "value-type") == nullptr ? "" : find_attribute(attributes, "value-type");
    value_.clear();
    const char* stored = nullptr;
    if (value_type_ == "float" || value_type_ == "percentage" || value_type_ == "currency")
      stored = find_attribute(attributes, "value");
    else if (value_type_ == "date")
      stored = find_attribute(attributes, "date-value");
    else if (value_type_ == "time")
      stored = find_attribute(attributes, "time-value");
    else if (value_type_ == "boolean")
      stored = find_attribute(attributes, "boolean-value");
    if (stored != nullptr) value_ = stored;
    has_formula_ = find_attribute(attributes, "formula") != nullptr;
  }

  // The text the cell shows: a number as its paragraph shows it (00123 under
  // a zero-padded format, as LibreOffice's CSV has it) unless that is in
  // scientific notation, dates and times in ISO form, booleans as
  // TRUE/FALSE, text as its paragraphs, one line each.
  void cell_value(std::string& out) const {
    if (value_type_ == "float" || value_type_ == "percentage" || value_type_ == "currency") {
      const bool shown = !cell_text_.empty() && cell_text_.find_first_of("Ee#") == std::string::npos;
      if (shown || value_.empty())
        out += cell_text_;
      else
        append_number(out, value_);
    } else if (value_type_ == "date" && !value_.empty()) {
      append_ods_date(out, value_);
    } else if (value_type_ == "time" && !value_.empty()) {
      append_ods_time(out, value_);
    } else if (value_type_ == "boolean" && !value_.empty()) {
      out += value_ == "true" || value_ == "1" ? "TRUE" : "FALSE";
    } else {
      out += cell_text_;
    }
  }

  void finish_cell() {
    in_cell_ = false;
    in_paragraph_ = false;
    const std::int64_t first = column_;
    column_ += cell_repeat_;
    const std::size_t start = row_text_.size();
    cell_value(row_text_);
    const std::size_t length = row_text_.size() - start;
    if (length == 0) {
      // A formula with no saved result, as a program that does not calculate
      // writes it: the cell would read as blank.
      if (has_formula_ && value_type_.empty()) fail_formula(first);
      return;  // a blank cell, however often repeated, takes no room
    }
    if (column_ > kMaxColumns) {
      return fail(
          bad_table(row_number_, "a cell lies beyond column XFD, the last one a spreadsheet can have."));
    }
    if (slots_.size() < static_cast<std::size_t>(column_)) slots_.resize(static_cast<std::size_t>(column_));
    for (std::int64_t c = first; c < column_; ++c) slots_[static_cast<std::size_t>(c)] = {start, length};
    row_has_text_ = row_has_text_ || !is_blank_cell(std::string_view(row_text_).substr(start, length));
  }

  void fail_formula(std::int64_t column) {
    std::string where = "column " + column_name(column);
    if (static_cast<std::size_t>(column) < headers_.size() &&
        !headers_[static_cast<std::size_t>(column)].empty())
      where += " (" + headers_[static_cast<std::size_t>(column)] + ")";
    Error error(Errc::invalid_input,
                "Row " + std::to_string(row_number_) + ", " + where +
                    ": the cell holds a formula with no saved value (the program that wrote the file did not "
                    "calculate it); open the file in a spreadsheet program, save it, and try again.",
                "file.formula_without_value");
    error.row = row_number_;
    error.column = column_name(column);
    fail(std::move(error));
  }

  void finish_row() {
    in_row_ = false;
    const std::int64_t last = row_number_ + row_repeat_ - 1;
    if (!row_has_text_) {
      row_number_ = last;  // blank rows, however many, only count
      return;
    }
    if (last > kMaxRows)
      return fail(bad_table(row_number_,
                            "the table has rows beyond row 1048576, the last one a spreadsheet can have."));
    // Blank rows before this one were counted by row_number_.
    emitted_row_ = row_number_ - 1;
    repeats_left_ = row_repeat_;
    row_number_ = last;
    suspend();
  }

  const ReaderLimits& limits_;
  int table_depth_ = 0;
  bool done_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_paragraph_ = false;
  bool row_has_text_ = false;
  bool has_formula_ = false;
  bool header_taken_ = false;
  int annotation_depth_ = 0;
  int paragraphs_ = 0;
  std::int64_t row_number_ = 0;
  std::int64_t row_repeat_ = 1;
  std::int64_t emitted_row_ = 0;
  std::int64_t repeats_left_ = 0;
  std::int64_t column_ = 0;
  std::int64_t cell_repeat_ = 1;
  std::string value_type_;
  std::string value_;
  std::string cell_text_;
  std::string row_text_;
  std::vector<Slot> slots_;
  std::vector<std::string> headers_;
};

class OdsReader final : public SeekableReader {
 public:
  OdsReader(std::unique_ptr<ZipArchive> archive, std::uint64_t input_size, const ReaderLimits& limits)
      : archive_(std::move(archive)),
        limits_(limits),
        input_size_(input_size),
        table_(limits_),
        rows_(*archive_, table_, "content.xml", input_size) {
    info_.format = "ods";
    info_.encoding = "UTF-8";
  }

  Result<void> start() { return archive_->open_entry("content.xml"); }

  const TableInfo& info() const override { return info_; }

  Result<bool> next(std::vector<std::string_view>& cells, std::int64_t& row_number) override {
    return rows_.next(cells, row_number);
  }

  std::uint64_t bytes_consumed() const override { return rows_.bytes_consumed(); }
  std::uint64_t bytes_total() const override { return input_size_; }

 private:
  std::unique_ptr<ZipArchive> archive_;
  ReaderLimits limits_;
  std::uint64_t input_size_;
  TableInfo info_;
  OdsTableHandler table_;
  ZipXmlRows<OdsTableHandler> rows_;
};

}  // namespace

bool is_ods_archive(ZipArchive& archive) {
  if (!archive.contains("mimetype") || !archive.open_entry("mimetype").ok()) return false;
  char buffer[128];
  std::size_t filled = 0;
  for (;;) {
    auto got = archive.read(buffer + filled, sizeof buffer - filled);
    if (!got.ok()) return false;
    if (*got == 0) break;
    filled += *got;
    if (filled == sizeof buffer) return false;
  }
  std::string_view type(buffer, filled);
  while (!type.empty() && (type.back() == '\n' || type.back() == '\r' || type.back() == ' '))
    type.remove_suffix(1);
  return type == kOdsMimeType;
}

Result<std::unique_ptr<SeekableReader>> open_ods_seekable(std::unique_ptr<ZipArchive> archive,
                                                          std::uint64_t input_size,
                                                          const ReaderLimits& limits) {
  if (!archive->contains("content.xml"))
    return Error(Errc::unsupported_format,
                 "This ODS spreadsheet has no content.xml; save it again and retry.", "file.not_ods");
  auto reader = std::make_unique<OdsReader>(std::move(archive), input_size, limits);
  ONB_TRY(reader->start());
  return std::unique_ptr<SeekableReader>(std::move(reader));
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
