// onboard template: a blank import file with the organization's lists.
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "onboard/import/templates.hpp"

namespace onboard::cli {

int cmd_template(const Args& a, const Globals& g) {
  a.allow({"format", "output"});
  // The parser turns `-o FILE` into --output.
  if (!a.positionals().empty()) throw UsageError{"template takes [--format csv|xlsx] -o FILE"};
  const std::string out = a.option_or("output", "");
  if (out.empty()) throw UsageError{"template needs -o FILE"};
  std::string format = a.option_or("format", "");
  if (format.empty()) format = out.size() > 5 && out.substr(out.size() - 5) == ".xlsx" ? "xlsx" : "csv";
  if (format != "csv" && format != "xlsx") throw UsageError{"--format is csv or xlsx"};
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  std::string bytes;
  if (format == "xlsx") {
    auto xlsx = template_xlsx(s->org);
    if (!xlsx) return fail(xlsx.error(), g);
    bytes = std::move(*xlsx);
  } else {
    bytes = template_csv(s->org);
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) return fail(Error{Errc::storage, "The template could not be written to " + out + ".", ""}, g);
  if (g.json)
    print_json(boost::json::object{{"file", out}, {"format", format}, {"bytes", bytes.size()}});
  else
    std::cout << "Wrote the " << format << " import template to " << out << ".\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_template_registration{"template", cmd_template,
                                                    R"(  template [--format csv|xlsx] -o FILE
)",
                                                    71};
}  // namespace

}  // namespace onboard::cli
