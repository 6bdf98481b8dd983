// Throughput of the one-at-a-time ways in: accepting invitations and redeeming
// 10-digit keys on a SQLite file, with the Argon2id cost measured on its own
// (it dominates by design: it is what makes a stolen hash expensive to guess).
//
// usage: bench_throughput [N]   (default 40 of each)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "onboard/directory.hpp"
#include "onboard/registrations.hpp"
#include "onboard/secrets/password.hpp"

using namespace onboard;
using SteadyClock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

template <class F>
double time_ms(F&& f) {
  const auto t0 = SteadyClock::now();
  f();
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

void die(const Error& e) {
  std::fprintf(stderr, "bench_throughput: %s\n", e.message.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 40;
  const auto dir_path = std::filesystem::temp_directory_path() / "onboard-bench-throughput";
  std::filesystem::remove_all(dir_path);
  std::filesystem::create_directories(dir_path);
  auto dir = Directory::open("sqlite:" + (dir_path / "bench.db").string(), Keyring::generate());
  if (!dir) die(dir.error());
  NewOrganization org_req;
  org_req.name = "Bench";
  org_req.admin_email = "admin@bench.example";
  org_req.admin_name = "Bench Admin";
  org_req.admin_password = "correct horse battery staple orbit";
  auto created = (*dir)->create_organization(org_req);
  if (!created) die(created.error());
  const auto& org = created->organization;
  const Actor admin{org.id, created->admin.id};
  const std::string password = "violet tangerine kayak membrane 42";

  // Argon2id alone, at the organization's parameters.
  std::vector<double> argon;
  for (int i = 0; i < n; ++i)
    argon.push_back(time_ms([&] { (void)hash_password(password, org.settings.password_policy); }));

  std::vector<std::string> tokens;
  for (int i = 0; i < n; ++i) {
    auto issued = (*dir)->invite(admin, {"person" + std::to_string(i) + "@bench.example", "", "", ""});
    if (!issued) die(issued.error());
    tokens.push_back(issued->token);
  }
  std::vector<double> accept;
  for (int i = 0; i < n; ++i)
    accept.push_back(time_ms([&] {
      auto u =
          (*dir)->accept_invitation(org.id, {tokens[static_cast<std::size_t>(i)], "Bench Person", password});
      if (!u) die(u.error());
    }));

  Registrations registrations(**dir);
  NewRegistrationKey key_req;
  key_req.label = "bench";
  auto key = registrations.create_key(admin, key_req);
  if (!key) die(key.error());
  std::vector<double> redeem;
  for (int i = 0; i < n; ++i)
    redeem.push_back(time_ms([&] {
      KeyRedemption r{key->grouped, "keyed" + std::to_string(i) + "@bench.example", "Keyed Person", password,
                      "bench"};
      auto u = registrations.redeem_key(org.id, r);
      if (!u) die(u.error());
    }));

  const double a = median(argon), acc = median(accept), red = median(redeem);
  std::printf("| operation | median ms | per second | without Argon2id (ms) |\n|---|---|---|---|\n");
  std::printf("| Argon2id hash (t=%llu, m=%zu MiB) | %.1f | %.1f | — |\n",
              static_cast<unsigned long long>(org.settings.password_policy.argon2_opslimit),
              org.settings.password_policy.argon2_memlimit >> 20, a, 1000.0 / a);
  // A difference of two medians: on a busy machine it can come out below
  // zero, which says only that the rest is lost in the noise.
  auto rest = [a](double op) { return op > a ? std::to_string(op - a).substr(0, 5) : std::string("≈ 0"); };
  std::printf("| accept an invitation | %.1f | %.1f | %s |\n", acc, 1000.0 / acc, rest(acc).c_str());
  std::printf("| redeem a 10-digit key | %.1f | %.1f | %s |\n", red, 1000.0 / red, rest(red).c_str());
  std::filesystem::remove_all(dir_path);
  return 0;
}
