// The build's one switch between the fast paths and their simple twins.
// `cmake -DONBOARD_SIMPLE_PATHS=ON` defines ONBOARD_SIMPLE_PATHS=1: every
// fast path is compiled out and its twin (clear, obviously right) does the
// work; .ci/run runs the whole suite that way too. docs/architecture.md
// ("Fast paths and their twins") lists each one and the test that holds the
// two equal.
//
// A fast path checks kFastPaths where the choice is made (`if constexpr`,
// or a fast function that answers "not decided" at once); code that needs
// instructions only some CPUs have (SSE2) checks ONBOARD_FAST_SSE2 instead.
#pragma once

#if defined(ONBOARD_SIMPLE_PATHS) && ONBOARD_SIMPLE_PATHS
#define ONBOARD_FAST_PATHS 0
#else
#define ONBOARD_FAST_PATHS 1
#endif

#if ONBOARD_FAST_PATHS && defined(__SSE2__)
#define ONBOARD_FAST_SSE2 1
#else
#define ONBOARD_FAST_SSE2 0
#endif

namespace onboard {
inline namespace v1 {

inline constexpr bool kFastPaths = ONBOARD_FAST_PATHS != 0;

}  // namespace v1
}  // namespace onboard
