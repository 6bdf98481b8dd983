#include "import/readers/xlsx_workbook.hpp"

#include <charconv>
#include <limits>
#include <unordered_map>

#include "import/readers/reader_messages.hpp"
#include "import/readers/xml_parser.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

Error not_a_workbook() {
  return Error(Errc::unsupported_format, "This file is a zip archive but not an XLSX workbook.",
               "file.not_xlsx");
}

int parse_int(const char* text, int fallback) {
  if (text == nullptr) return fallback;
  std::string_view view(text);
  int value = 0;
  auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  return ec == std::errc() && end == view.data() + view.size() ? value : fallback;
}

std::string folder_of(std::string_view part) {
  auto slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"
std::string relationships_of(std::string_view part) {
  auto slash = part.rfind('/');
  std::string_view name = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return folder_of(part) + "_rels/" + std::string(name) + ".rels";
}

struct Relationship {
  std::string id;
  std::string type;
  std::string target;
};

class RelationshipsHandler final : public XmlHandler {
 public:
  std::vector<Relationship> relationships;

  void on_start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return;
    const char* mode = find_attribute(attributes, "TargetMode");
    if (mode != nullptr && std::string_view(mode) == "External") return;
    const char* id = find_attribute(attributes, "Id");
    const char* type = find_attribute(attributes, "Type");
    const char* target = find_attribute(attributes, "Target");
    if (id == nullptr || type == nullptr || target == nullptr) return;
    relationships.push_back({id, type, target});
  }
  void on_end(std::string_view) override {}
  void on_text(std::string_view) override {}

  const Relationship* find_type(std::string_view suffix) const {
    for (const auto& r : relationships) {
      if (std::string_view(r.type).ends_with(suffix)) return &r;
    }
    return nullptr;
  }
  const Relationship* find_id(std::string_view id) const {
    for (const auto& r : relationships) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }
};

class WorkbookHandler final : public XmlHandler {
 public:
  std::string first_sheet_id;
  bool date1904 = false;

  void on_start(std::string_view name, const XML_Char** attributes) override {
    if (name == "workbookPr") {
      const char* value = find_attribute(attributes, "date1904");
      date1904 = value != nullptr && (std::string_view(value) == "1" || std::string_view(value) == "true");
    } else if (name == "sheet" && first_sheet_id.empty()) {
      const char* id = find_attribute(attributes, "id");  // r:id
      if (id != nullptr) first_sheet_id = id;
    }
  }
  void on_end(std::string_view) override {}
  void on_text(std::string_view) override {}
};

// <si> holds either <t> or rich-text runs <r><t>; <rPh> phonetic hints are
// not part of the text.
class SharedStringsHandler final : public XmlHandler {
 public:
  SharedStringsHandler(SharedStrings& out, std::uint64_t max_cell_bytes)
      : out_(out), max_cell_bytes_(max_cell_bytes) {}

  void on_start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_item_ = true;
      item_start_ = out_.text.size();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
  }
  void on_end(std::string_view name) override {
    if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "si" && in_item_) {
      in_item_ = false;
      decode_ooxml_escapes(out_.text, item_start_);
      if (out_.text.size() > std::numeric_limits<std::uint32_t>::max()) {
        return fail(cell_too_large(0, max_cell_bytes_));
      }
      out_.ends.push_back(static_cast<std::uint32_t>(out_.text.size()));
    }
  }
  void on_text(std::string_view text) override {
    if (!in_text_) return;
    out_.text.append(text);
    if (out_.text.size() - item_start_ > max_cell_bytes_) fail(cell_too_large(0, max_cell_bytes_));
  }

 private:
  SharedStrings& out_;
  std::uint64_t max_cell_bytes_;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
  std::size_t item_start_ = 0;
};

class StylesHandler final : public XmlHandler {
 public:
  std::unordered_map<int, DateKind> custom_formats;
  std::unordered_map<int, PlainNumberFormat> custom_plain_formats;
  std::vector<int> cell_format_ids;

  void on_start(std::string_view name, const XML_Char** attributes) override {
    if (name == "numFmt") {
      int id = parse_int(find_attribute(attributes, "numFmtId"), -1);
      const char* code = find_attribute(attributes, "formatCode");
      if (id >= 0 && code != nullptr) {
        custom_formats[id] = classify_number_format(id, code);
        if (auto plain = parse_plain_number_format(code)) custom_plain_formats[id] = std::move(*plain);
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      cell_format_ids.push_back(parse_int(find_attribute(attributes, "numFmtId"), 0));
    }
  }
  void on_end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  void on_text(std::string_view) override {}

 private:
  bool in_cell_xfs_ = false;
};

}  // namespace

std::string resolve_part_name(std::string_view base_folder, std::string_view target) {
  std::string joined = target.starts_with('/') ? std::string(target.substr(1))
                                               : std::string(base_folder) + std::string(target);
  std::vector<std::string_view> segments;
  std::string_view rest(joined);
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (segments.empty()) return {};
      segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  for (auto segment : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(segment);
  }
  return out;
}

Result<WorkbookParts> load_workbook(ZipArchive& archive, const ReaderLimits& limits) {
  WorkbookParts parts;

  std::string workbook = "xl/workbook.xml";
  if (archive.contains("_rels/.rels")) {
    RelationshipsHandler package;
    ONB_TRY(parse_part(archive, "_rels/.rels", package));
    if (const auto* office = package.find_type("/officeDocument"))
      workbook = resolve_part_name("", office->target);
  }
  if (workbook.empty() || !archive.contains(workbook)) return not_a_workbook();

  WorkbookHandler book;
  ONB_TRY(parse_part(archive, workbook, book));
  parts.date1904 = book.date1904;

  const std::string folder = folder_of(workbook);
  RelationshipsHandler links;
  const std::string links_part = relationships_of(workbook);
  if (archive.contains(links_part)) ONB_TRY(parse_part(archive, links_part, links));

  const Relationship* sheet = links.find_id(book.first_sheet_id);
  if (book.first_sheet_id.empty() || sheet == nullptr) {
    return Error(Errc::unsupported_format, "The workbook has no worksheet.", "file.no_worksheet");
  }
  if (!std::string_view(sheet->type).ends_with("/worksheet")) {
    return Error(
        Errc::unsupported_format,
        "The first sheet of the workbook is not a table of cells (it may be a chart); move the table "
        "to the first sheet and try again.",
        "file.no_worksheet");
  }
  parts.first_sheet = resolve_part_name(folder, sheet->target);
  if (parts.first_sheet.empty() || !archive.contains(parts.first_sheet)) return damaged_workbook();

  if (const auto* strings = links.find_type("/sharedStrings")) {
    std::string name = resolve_part_name(folder, strings->target);
    if (!name.empty() && archive.contains(name)) {
      SharedStringsHandler handler(parts.shared_strings, limits.max_cell_bytes);
      ONB_TRY(parse_part(archive, name, handler));
    }
  }

  if (const auto* styles = links.find_type("/styles")) {
    std::string name = resolve_part_name(folder, styles->target);
    if (!name.empty() && archive.contains(name)) {
      StylesHandler handler;
      ONB_TRY(parse_part(archive, name, handler));
      parts.style_date_kinds.reserve(handler.cell_format_ids.size());
      parts.style_plain_formats.reserve(handler.cell_format_ids.size());
      std::unordered_map<int, int> plain_index;  // format id -> index in plain_formats, or -1
      for (int id : handler.cell_format_ids) {
        auto custom = handler.custom_formats.find(id);
        const bool is_custom = custom != handler.custom_formats.end();
        parts.style_date_kinds.push_back(is_custom ? custom->second : classify_builtin_number_format(id));
        auto [at, inserted] = plain_index.try_emplace(id, -1);
        if (inserted) {
          std::optional<PlainNumberFormat> plain;
          if (is_custom) {
            if (auto found = handler.custom_plain_formats.find(id);
                found != handler.custom_plain_formats.end())
              plain = found->second;
          } else {
            plain = builtin_plain_number_format(id);
          }
          if (plain) {
            at->second = static_cast<int>(parts.plain_formats.size());
            parts.plain_formats.push_back(std::move(*plain));
          }
        }
        parts.style_plain_formats.push_back(at->second);
      }
    }
  }
  return parts;
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
