// opswheel — weighted fair selection for the weekly operations review.
// SPDX-License-Identifier: Apache-2.0
//
// The version macros (OPSWHEEL_VERSION_MAJOR… and OPSWHEEL_VERSION_STRING) come from version.h, the
// one place the number lives, which the C API shares; this header adds the C++ namespace.
#pragma once

#include "version.h"

// The C++ API lives in a versioned inline namespace (opswheel::v1), so two incompatible versions
// linked into one program fail at link time instead of misbehaving at run time. Users write
// `opswheel::Wheel`; the inline namespace is invisible to them.
#define OPSWHEEL_BEGIN_NAMESPACE \
  namespace opswheel {           \
  inline namespace v1 {
#define OPSWHEEL_END_NAMESPACE \
  }                            \
  }
