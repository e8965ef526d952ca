// SPDX-License-Identifier: Apache-2.0
//
// The HTTP side of `opswheel serve`, on cpp-httplib: the one file that includes httplib.h.
// Routes (docs/serve.md): GET /healthz, GET / (the live page), GET /api/events (Server-Sent
// Events), and everything else under /api/ handed to Api. It checks the bearer token, limits the
// body size, writes the access log, and stops gracefully on SIGTERM or SIGINT.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <opswheel/limits.hpp>

#include "api.hpp"
#include "hub.hpp"
#include "tokens.hpp"

namespace opswheel_serve {

struct HttpSettings {
  std::string host = "127.0.0.1";
  int port = 8080;                      ///< 0: any free port (ready() is told which)
  std::size_t max_viewers = 250;        ///< event streams held at once; more get 503
  std::size_t workers = 32;             ///< threads for everything but the event streams
  /// Request bodies above this get 413. The default holds the longest free text a field may have
  /// (limits.hpp), written with JSON escapes, beside the other fields.
  std::size_t max_body = 4 * opswheel::max_text_bytes;
};

/// Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it starts from then
/// on; run_http waits for them on a thread of its own. Call before starting any thread.
void block_stop_signals();

/// Serves until SIGTERM or SIGINT (then: no new requests, the event streams end, in-flight
/// requests finish) and returns 0; or returns 1 after logging why it could not listen.
/// `ready(port)` is called once the socket is listening.
int run_http(const HttpSettings& settings, Api& api, Hub& hub, const Tokens& tokens, const std::string& page,
             const std::function<void(int)>& ready);

}  // namespace opswheel_serve
