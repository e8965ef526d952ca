// SPDX-License-Identifier: Apache-2.0
//
// What the fuzz targets share: the input as text, and a property check that stops the run with a
// message (libFuzzer then saves the input as a crash; the replay tests fail on it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace opswheel_fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Aborts with `what` unless `ok`: a broken property is a finding, like a crash.
inline void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "opswheel fuzz: property broken: %s\n", what);
  std::abort();
}

}  // namespace opswheel_fuzz

// The libFuzzer entry point each target defines.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
