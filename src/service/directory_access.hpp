// How the use-case classes beside the Directory (registration keys, signup
// links, import, pre-created users, user administration, import credentials,
// registration documents, self-registration) reach its storage. Not in the
// public headers: a host goes through the Directory and those classes, which
// check every rule; Directory::storage() is private and this is its one friend.
#pragma once

#include "onboard/directory.hpp"

namespace onboard {
inline namespace v1 {

struct DirectoryAccess {
  static Storage& storage(Directory& directory) { return directory.storage(); }
};

}  // namespace v1
}  // namespace onboard
