// libxcrypt's <crypt.h>, by its full path (ONBOARD_CRYPT_H, set by
// CMakeLists.txt: minizip's include directory holds another crypt.h that
// would shadow it), read as the system header it is.
#pragma once
#pragma GCC system_header

#include ONBOARD_CRYPT_H
