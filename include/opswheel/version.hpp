// opswheel — weighted fair selection for the weekly operations review.
// SPDX-License-Identifier: Apache-2.0
//
// The one place the version number lives. CMake and the Python build read it from here, so a
// project that vendors only include/ still knows which opswheel it holds.
#pragma once

#define OPSWHEEL_VERSION_MAJOR 0
#define OPSWHEEL_VERSION_MINOR 1
#define OPSWHEEL_VERSION_PATCH 0

/// MAJOR*10000 + MINOR*100 + PATCH, comparable with `>=` in preprocessor checks.
#define OPSWHEEL_VERSION_NUMBER \
  (OPSWHEEL_VERSION_MAJOR * 10000 + OPSWHEEL_VERSION_MINOR * 100 + OPSWHEEL_VERSION_PATCH)

#define OPSWHEEL_STRINGIFY_IMPL(x) #x
#define OPSWHEEL_STRINGIFY(x) OPSWHEEL_STRINGIFY_IMPL(x)
#define OPSWHEEL_VERSION_STRING                                                   \
  OPSWHEEL_STRINGIFY(OPSWHEEL_VERSION_MAJOR) "." OPSWHEEL_STRINGIFY(OPSWHEEL_VERSION_MINOR) "." \
  OPSWHEEL_STRINGIFY(OPSWHEEL_VERSION_PATCH)

// The C++ API lives in a versioned inline namespace (opswheel::v1), so two incompatible versions
// linked into one program fail at link time instead of misbehaving at run time. Users write
// `opswheel::Wheel`; the inline namespace is invisible to them.
#define OPSWHEEL_BEGIN_NAMESPACE \
  namespace opswheel {           \
  inline namespace v1 {
#define OPSWHEEL_END_NAMESPACE \
  }                            \
  }
