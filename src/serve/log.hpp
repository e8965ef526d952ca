// SPDX-License-Identifier: Apache-2.0
//
// The server's log: one JSON object a line on stderr (access lines and the server's own notes),
// written whole under a lock so that lines from several threads never interleave.
#pragma once

#include "../cli/output.hpp"

namespace opswheel_serve {

/// Writes `line` (an object) as one line of JSON on stderr, with "time" (UTC, ISO 8601, ms) first.
void log_json(const opswheel_cli::json& line);

}  // namespace opswheel_serve
