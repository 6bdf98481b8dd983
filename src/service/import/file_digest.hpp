// The report's file_digest (SHA-256 of the file's bytes). On a thread of
// its own from the start when the run may keep three or more busy;
// otherwise whoever prepares pass 2's last chunk computes it (the run's
// second thread, or the calling thread when the run has one).
#pragma once

#include <future>
#include <optional>
#include <string>
#include <string_view>

namespace onboard {
inline namespace v1 {
namespace import_detail {

class FileDigest {
 public:
  // `on_thread`: start a thread for it now.
  void start(std::string_view bytes, bool on_thread);
  // Computes it here unless it is done or under way (any one thread).
  void compute();
  // The digest; computes it first when no one has.
  std::string finish();

 private:
  std::string_view bytes_;
  std::future<std::string> thread_;
  std::optional<std::string> value_;
};

// SHA-256 of `bytes`, in hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
