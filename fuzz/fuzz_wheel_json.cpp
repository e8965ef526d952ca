// SPDX-License-Identifier: Apache-2.0
// The wheel JSON import (wheel_from_json: format, fields, audit chain, replay): any input is
// refused with an opswheel error or imported; an imported wheel exports (wheel_to_json) to a
// document that imports to the same events and exports to the same text.
#include <opswheel/errors.hpp>
#include <opswheel/json.hpp>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using opswheel_fuzz::require;
  std::optional<opswheel::ImportedWheel> imported;
  try {
    imported.emplace(opswheel::wheel_from_json(opswheel_fuzz::as_text(data, size)));
  } catch (const opswheel::Error&) {
    return 0;
  }
  const std::string text = opswheel::wheel_to_json(imported->wheel, imported->name);
  const opswheel::ImportedWheel again = opswheel::wheel_from_json(text);
  require(again.name == imported->name, "the wheel's name changed over a round trip");
  require(again.events == imported->events, "the events changed over a round trip");
  require(opswheel::wheel_to_json(again.wheel, again.name) == text, "wheel_to_json is not stable over a round trip");
  return 0;
}
