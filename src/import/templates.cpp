#include "onboard/import/templates.hpp"

#include <vector>

#include "import/xlsx_book.hpp"
#include "onboard/import/spreadsheet_safe.hpp"

namespace onboard {
inline namespace v1 {
namespace {

struct TemplateColumn {
  const char* header;
  const char* note;
};

// The columns of a template, each with the note a person sees on hover.
constexpr TemplateColumn kColumns[] = {
    {"Full Name", "Required (or First name and Last name). The last word becomes the last name."},
    {"Email", "Required unless people activate with a printed key. One address per person."},
    {"Username", "Optional. Without spaces; unique in the organization."},
    {"Role", "Choose from the list; blank gives the default role."},
    {"Office", "Choose from the list; blank gives the default office."},
    {"Team", "Optional; choose from the list. Several teams: separate them with ';'."},
    {"External ID", "Optional: the person's ID in your HR or directory system; unique."},
    {"Phone", "Optional; kept as written."},
    {"Password",
     "Optional; only used when importing with passwords from the file. Leave blank to generate one."},
    {"Change password next time", "1 or 0 (yes or no)."},
};

std::string role_list(const Organization& org, std::vector<std::string>& out) {
  for (const auto& r : org.roles.roles) out.push_back(r.name);
  return org.roles.default_role;
}

}  // namespace

std::string template_csv(const Organization&) {
  std::string out = "\xEF\xBB\xBF";
  bool first = true;
  for (const auto& c : kColumns) {
    if (!first) out.push_back(',');
    first = false;
    append_safe_csv_field(out, c.header);
  }
  out += "\r\n";
  return out;
}

Result<std::string> template_xlsx(const Organization& org) {
  return xlsx_bytes("template", "template", [&](lxw_workbook* wb) {
    lxw_worksheet* users = workbook_add_worksheet(wb, "Users");
    lxw_worksheet* lists = workbook_add_worksheet(wb, "Lists");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* text = workbook_add_format(wb);
    format_set_num_format(text, "@");  // phone numbers and IDs stay text

    lxw_col_t col = 0;
    for (const auto& c : kColumns) {
      worksheet_write_string(users, 0, col, c.header, bold);
      worksheet_write_comment(users, 0, col, c.note);
      worksheet_set_column(users, col, col, 22, text);
      ++col;
    }
    worksheet_freeze_panes(users, 1, 0);

    std::vector<std::string> roles;
    role_list(org, roles);
    const std::vector<std::string>* catalogs[] = {&roles, &org.offices, &org.teams};
    const char* titles[] = {"Roles", "Offices", "Teams"};
    const lxw_col_t target_columns[] = {3, 4, 5};
    const char letters[] = {'A', 'B', 'C'};
    for (lxw_col_t k = 0; k < 3; ++k) {
      worksheet_write_string(lists, 0, k, titles[k], bold);
      const auto& items = *catalogs[k];
      for (std::size_t i = 0; i < items.size(); ++i)
        worksheet_write_string(lists, static_cast<lxw_row_t>(i + 1), k, items[i].c_str(), nullptr);
      if (items.empty()) continue;
      std::string formula = "=Lists!$" + std::string(1, letters[k]) + "$2:$" + std::string(1, letters[k]) +
                            "$" + std::to_string(items.size() + 1);
      lxw_data_validation dv{};
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = formula.data();
      dv.ignore_blank = LXW_VALIDATION_ON;
      dv.show_error = LXW_VALIDATION_ON;
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
      worksheet_data_validation_range(users, 1, target_columns[k], 100000, target_columns[k], &dv);
    }
    worksheet_hide(lists);
    worksheet_activate(users);
  });
}

}  // namespace v1
}  // namespace onboard
