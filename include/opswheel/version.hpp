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

// How the compiled core's functions are declared. By default they are defined once, in the
// opswheel library (src/core/*.cpp compiles include/opswheel/impl/*-inl.hpp), and the headers only
// declare them. A project that vendors just include/ defines OPSWHEEL_HEADER_ONLY: the headers then
// include the -inl files themselves and every such function is `inline`.
#if defined(OPSWHEEL_HEADER_ONLY)
#  define OPSWHEEL_INLINE inline
#  define OPSWHEEL_CXX_API
#else
#  define OPSWHEEL_INLINE
// A shared libopswheel exports only what is marked OPSWHEEL_CXX_API (it is built with hidden
// visibility); a static one needs no marks.
#  if defined(OPSWHEEL_SHARED)
#    define OPSWHEEL_CXX_API __attribute__((visibility("default")))
#  else
#    define OPSWHEEL_CXX_API
#  endif
#endif

// opswheel needs GCC or Clang: its public headers use unsigned __int128 (Rng::below, the samplers).
#if !defined(__GNUC__)
#  error "opswheel's C++ headers need GCC or Clang (they use unsigned __int128); the C API, opswheel.h, has no such need"
#endif
