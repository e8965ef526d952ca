/* SPDX-License-Identifier: Apache-2.0
 *
 * The one place the version number lives. Plain C (the C API includes it) and C++ alike; CMake
 * reads the three numbers from here, so a project that vendors only include/ still knows which
 * opswheel it holds, and the C library's SOVERSION is OPSWHEEL_VERSION_MAJOR.
 */
#ifndef OPSWHEEL_VERSION_H
#define OPSWHEEL_VERSION_H

#define OPSWHEEL_VERSION_MAJOR 0
#define OPSWHEEL_VERSION_MINOR 2
#define OPSWHEEL_VERSION_PATCH 0

/** MAJOR*10000 + MINOR*100 + PATCH, comparable with `>=` in preprocessor checks. */
#define OPSWHEEL_VERSION_NUMBER \
  (OPSWHEEL_VERSION_MAJOR * 10000 + OPSWHEEL_VERSION_MINOR * 100 + OPSWHEEL_VERSION_PATCH)

#define OPSWHEEL_STRINGIFY_IMPL(x) #x
#define OPSWHEEL_STRINGIFY(x) OPSWHEEL_STRINGIFY_IMPL(x)
/** "MAJOR.MINOR.PATCH" */
#define OPSWHEEL_VERSION_STRING                                                                 \
  OPSWHEEL_STRINGIFY(OPSWHEEL_VERSION_MAJOR) "." OPSWHEEL_STRINGIFY(OPSWHEEL_VERSION_MINOR) "." \
  OPSWHEEL_STRINGIFY(OPSWHEEL_VERSION_PATCH)

#endif /* OPSWHEEL_VERSION_H */
