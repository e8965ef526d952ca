// SPDX-License-Identifier: Apache-2.0
// The event JSON decoder (event_from_json): any input is refused with an opswheel error or read;
// what is read writes back (event_json) to text that reads as the same event and writes the same.
#include <opswheel/errors.hpp>
#include <opswheel/json.hpp>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using opswheel_fuzz::require;
  opswheel::Event event;
  try {
    event = opswheel::event_from_json(opswheel_fuzz::as_text(data, size));
  } catch (const opswheel::Error&) {
    return 0;
  }
  const std::string text = opswheel::event_json(event);
  const opswheel::Event again = opswheel::event_from_json(text);
  require(again == event, "event_from_json(event_json(e)) != e");
  require(opswheel::event_json(again) == text, "event_json is not stable over a round trip");
  return 0;
}
