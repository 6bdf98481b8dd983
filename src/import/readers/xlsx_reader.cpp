#include "onboard/import/xlsx_reader.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "import/cell_text.hpp"
#include "import/readers/reader_dispatch.hpp"
#include "import/readers/reader_messages.hpp"
#include "import/readers/xlsx_values.hpp"
#include "import/readers/xlsx_workbook.hpp"
#include "import/readers/xml_parser.hpp"
#include "import/readers/zip_archive.hpp"
#include "import/readers/zip_xml_rows.hpp"
#include "onboard/model/name.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

constexpr std::int64_t kMaxColumns = 16384;  // XFD, the last column Excel has

// "B7" -> 1 (zero-based column), or -1 when the reference has no letters.
std::int64_t column_of_reference(const char* reference) {
  if (reference == nullptr) return -1;
  std::int64_t column = 0;
  int letters = 0;
  for (const char* p = reference; *p != '\0'; ++p) {
    char c = *p;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (++letters > 3) return kMaxColumns;
    column = column * 26 + (c - 'A' + 1);
  }
  return letters == 0 ? -1 : column - 1;
}

std::string column_name(std::int64_t column) {
  std::string name;
  for (std::int64_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

bool parse_unsigned(std::string_view text, std::uint64_t& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// Strict OOXML stores dates as ISO 8601 text ("2024-03-01T00:00:00Z").
void append_iso_date(std::string& out, std::string_view stored) {
  auto t = stored.find('T');
  if (t == std::string_view::npos) {
    out.append(stored);
    return;
  }
  std::string_view date = stored.substr(0, t);
  std::string_view time = stored.substr(t + 1, 8);
  out.append(date);
  if (time != "00:00:00" && !time.empty()) {
    out.push_back(' ');
    out.append(time);
  }
}

// Streams <sheetData>: collects one <row> at a time and suspends the parser
// at its end, so the reader hands out rows without buffering the sheet.
class SheetHandler final : public XmlHandler {
 public:
  SheetHandler(const WorkbookParts& workbook, const ReaderLimits& limits)
      : workbook_(workbook), limits_(limits) {}

  // Moves the completed row, if any, into `cells`.
  bool take_row(std::vector<std::string_view>& cells, std::int64_t& row_number) {
    if (!row_ready_) return false;
    row_ready_ = false;
    cells.clear();
    for (const Slot& slot : slots_) {
      if (slot.base == nullptr) {
        cells.emplace_back();
      } else {
        cells.emplace_back(slot.base->data() + slot.offset, slot.length);
      }
    }
    // The first row is the header: kept to name columns in refusals.
    if (!header_taken_) {
      header_taken_ = true;
      for (std::string_view cell : cells) headers_.push_back(excerpt_for_message(cell));
    }
    row_number = row_number_;
    return true;
  }

  void on_start(std::string_view name, const XML_Char** attributes) override {
    if (name == "c") {
      start_cell(attributes);
    } else if ((name == "v" && in_cell_) || (name == "t" && in_inline_string_ && phonetic_depth_ == 0)) {
      collecting_ = true;  // a value, or an inline string's text (not its phonetic reading)
    } else if (name == "f" && in_cell_) {
      has_formula_ = true;
    } else if (name == "is" && in_cell_) {
      in_inline_string_ = true;
    } else if (name == "rPh" && in_inline_string_) {
      ++phonetic_depth_;
    } else if (name == "row") {
      start_row(attributes);
    }
  }

  void on_end(std::string_view name) override {
    if (name == "v" || name == "t") {
      collecting_ = false;
    } else if (name == "c" && in_cell_) {
      finish_cell();
    } else if (name == "rPh" && in_inline_string_) {
      --phonetic_depth_;
    } else if (name == "is") {
      in_inline_string_ = false;
    } else if (name == "row") {
      if (row_has_text_) {
        row_ready_ = true;
        suspend();
      }
      in_row_ = false;
    }
  }

  void on_text(std::string_view text) override {
    if (!collecting_) return;
    value_.append(text);
    if (value_.size() > limits_.max_cell_bytes) fail(cell_too_large(row_number_, limits_.max_cell_bytes));
  }

 private:
  // A cell's text is in the shared strings (zero-copy) or in the row buffer.
  struct Slot {
    const std::string* base = nullptr;
    std::size_t offset = 0;
    std::size_t length = 0;
  };

  void start_row(const XML_Char** attributes) {
    std::uint64_t number = 0;
    const char* r = find_attribute(attributes, "r");
    row_number_ = r != nullptr && parse_unsigned(r, number) && number > 0 && number < (1ULL << 40)
                      ? static_cast<std::int64_t>(number)
                      : row_number_ + 1;
    in_row_ = true;
    row_has_text_ = false;
    slots_.clear();
    row_text_.clear();
    next_column_ = 0;
  }

  void start_cell(const XML_Char** attributes) {
    if (!in_row_) return;
    in_cell_ = true;
    has_formula_ = false;
    value_.clear();
    std::int64_t column = column_of_reference(find_attribute(attributes, "r"));
    column_ = column < 0 ? next_column_ : column;
    const char* type = find_attribute(attributes, "t");
    type_ = type == nullptr ? "n" : type;
    std::uint64_t style = 0;
    const char* s = find_attribute(attributes, "s");
    style_ = s != nullptr && parse_unsigned(s, style) ? style : 0;
  }

  void finish_cell() {
    in_cell_ = false;
    collecting_ = false;
    if (column_ >= kMaxColumns) {
      Error error(Errc::invalid_input,
                  "Row " + std::to_string(row_number_) +
                      ": a cell lies beyond column XFD, the last one a "
                      "worksheet can have.",
                  "file.bad_cell");
      error.row = row_number_;
      return fail(std::move(error));
    }
    // A formula with no saved result (a program wrote the workbook without
    // calculating it): its cell would read as blank, and every row would be
    // refused for what it seems to lack. An empty text result is t="str".
    if (has_formula_ && value_.empty() && type_ != "str" && type_ != "inlineStr") {
      Error error(Errc::invalid_input,
                  "Row " + std::to_string(row_number_) + ", " + describe_column(column_) +
                      ": the cell holds a formula with no saved value (the program that wrote the file did "
                      "not calculate it); open the file in a spreadsheet program, save it, and try again.",
                  "file.formula_without_value");
      error.row = row_number_;
      error.column = column_name(column_);
      return fail(std::move(error));
    }
    Slot slot;
    if (type_ == "s") {
      std::uint64_t index = 0;
      const SharedStrings& strings = workbook_.shared_strings;
      if (!parse_unsigned(value_, index) || index >= strings.size()) {
        Error error(Errc::invalid_input,
                    "Row " + std::to_string(row_number_) + ", column " + column_name(column_) +
                        ": the cell refers to shared text number " + value_ +
                        ", which the workbook does not have.",
                    "file.bad_shared_string");
        error.row = row_number_;
        error.column = column_name(column_);
        return fail(std::move(error));
      }
      slot = {&strings.text, strings.start(index), strings.length(index)};
    } else if (!value_.empty()) {
      const std::size_t start = row_text_.size();
      if (type_ == "inlineStr" || type_ == "str") {
        row_text_.append(value_);
        decode_ooxml_escapes(row_text_, start);
      } else if (type_ == "b") {
        row_text_.append(value_ == "0" ? "FALSE" : "TRUE");
      } else if (type_ == "d") {
        append_iso_date(row_text_, value_);
      } else if (type_ == "e") {
        row_text_.append(value_);  // #N/A, #REF!…: what the cell showed
      } else {
        const auto& kinds = workbook_.style_date_kinds;
        DateKind kind = style_ < kinds.size() ? kinds[style_] : DateKind::none;
        const auto& plain = workbook_.style_plain_formats;
        const int format = style_ < plain.size() ? plain[style_] : -1;
        if (kind == DateKind::none && format >= 0) {
          // What the cell showed: 00123 for 123 under "00000", as its CSV.
          append_formatted_number(row_text_, value_,
                                  workbook_.plain_formats[static_cast<std::size_t>(format)]);
        } else if (kind == DateKind::none) {
          append_number(row_text_, value_);
        } else {
          append_date(row_text_, value_, kind, workbook_.date1904);
        }
      }
      slot = {&row_text_, start, row_text_.size() - start};
    }
    if (static_cast<std::size_t>(column_) >= slots_.size())
      slots_.resize(static_cast<std::size_t>(column_) + 1);
    slots_[static_cast<std::size_t>(column_)] = slot;
    next_column_ = column_ + 1;
    // A row of cells holding only spaces, tabs or no-break spaces is blank.
    row_has_text_ =
        row_has_text_ ||
        (slot.length != 0 && !is_blank_cell(std::string_view(slot.base->data() + slot.offset, slot.length)));
  }

  // "column B (Email)", or "column B" before the header is known.
  std::string describe_column(std::int64_t column) const {
    std::string text = "column " + column_name(column);
    const auto at = static_cast<std::size_t>(column);
    if (at < headers_.size() && !headers_[at].empty()) text += " (" + headers_[at] + ")";
    return text;
  }

  const WorkbookParts& workbook_;
  const ReaderLimits& limits_;
  std::vector<std::string> headers_;
  bool header_taken_ = false;
  bool has_formula_ = false;
  bool row_ready_ = false;
  bool in_row_ = false;
  bool row_has_text_ = false;
  bool in_cell_ = false;
  bool in_inline_string_ = false;
  bool collecting_ = false;
  int phonetic_depth_ = 0;
  std::int64_t row_number_ = 0;
  std::int64_t next_column_ = 0;
  std::int64_t column_ = 0;
  std::string type_;
  std::uint64_t style_ = 0;
  std::string value_;
  std::string row_text_;
  std::vector<Slot> slots_;
};

class XlsxReader final : public SeekableReader {
 public:
  XlsxReader(std::unique_ptr<ZipArchive> archive, WorkbookParts workbook, std::uint64_t input_size,
             const ReaderLimits& limits)
      : archive_(std::move(archive)),
        workbook_(std::move(workbook)),
        limits_(limits),
        input_size_(input_size),
        sheet_(workbook_, limits_),
        rows_(*archive_, sheet_, workbook_.first_sheet, input_size) {
    info_.format = "xlsx";
    info_.encoding = "UTF-8";
  }

  Result<void> start() { return archive_->open_entry(workbook_.first_sheet); }

  const TableInfo& info() const override { return info_; }

  Result<bool> next(std::vector<std::string_view>& cells, std::int64_t& row_number) override {
    return rows_.next(cells, row_number);
  }

  std::uint64_t bytes_consumed() const override { return rows_.bytes_consumed(); }
  std::uint64_t bytes_total() const override { return input_size_; }

 private:
  std::unique_ptr<ZipArchive> archive_;
  WorkbookParts workbook_;
  ReaderLimits limits_;
  std::uint64_t input_size_;
  TableInfo info_;
  SheetHandler sheet_;
  ZipXmlRows<SheetHandler> rows_;
};

constexpr std::string_view kZipSignature = "PK\x03\x04";
constexpr std::string_view kEmptyZipSignature = "PK\x05\x06";
constexpr std::string_view kOle2Signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// Excel saves a password-protected .xlsx as an OLE2 container holding an
// "EncryptedPackage" stream; any other OLE2 file is a legacy .xls.
Error refuse_ole2(std::string_view bytes) {
  static constexpr char kEncryptedPackageUtf16[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
  std::string_view marker(kEncryptedPackageUtf16, sizeof kEncryptedPackageUtf16 - 1);
  if (bytes.find(marker) != std::string_view::npos) {
    return Error(Errc::unsupported_format,
                 "This workbook is password-protected; save it without a password and try again.",
                 "file.encrypted");
  }
  return Error(Errc::unsupported_format,
               "This is an Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV and try again.",
               "file.xls");
}

}  // namespace

bool looks_like_workbook(std::string_view bytes) {
  return bytes.starts_with(kZipSignature) || bytes.starts_with(kEmptyZipSignature) ||
         bytes.starts_with(kOle2Signature);
}

Result<std::unique_ptr<SeekableReader>> open_xlsx_seekable(std::string_view bytes,
                                                           const ReaderLimits& limits) {
  if (bytes.starts_with(kOle2Signature)) return refuse_ole2(bytes);
  if (!bytes.starts_with(kZipSignature) && !bytes.starts_with(kEmptyZipSignature)) {
    return Error(Errc::unsupported_format, "This file is not an XLSX workbook.", "file.not_xlsx");
  }
  ONB_ASSIGN(std::unique_ptr<ZipArchive> archive, ZipArchive::open(bytes, limits));
  // LibreOffice's own format is a zip too; its "mimetype" entry says which.
  if (is_ods_archive(*archive)) return open_ods_seekable(std::move(archive), bytes.size(), limits);
  ONB_ASSIGN(WorkbookParts workbook, load_workbook(*archive, limits));
  auto reader = std::make_unique<XlsxReader>(std::move(archive), std::move(workbook), bytes.size(), limits);
  ONB_TRY(reader->start());
  return std::unique_ptr<SeekableReader>(std::move(reader));
}

}  // namespace readers

Result<std::unique_ptr<TableReader>> open_xlsx(std::string_view bytes, const ReaderLimits& limits) {
  ONB_ASSIGN(auto reader, readers::open_xlsx_seekable(bytes, limits));
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace v1
}  // namespace onboard
