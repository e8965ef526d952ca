// SPDX-License-Identifier: Apache-2.0
//
// The JSON API of `opswheel serve` (docs/serve.md lists every route, status and error body), apart
// from HTTP: a request comes in as method, path, body and who sent it, and goes out as a status
// and a JSON body. Reads are served from a state document computed once per change of the wheel;
// writes open the wheel, change it as the token's holder (the actor), and commit in one
// transaction, all under one lock (the Store is for one thread at a time). Nothing here throws:
// every error becomes its HTTP status, derived from the CLI's exit status for the error's code
// (exit_codes.hpp), and a JSON body naming the problem.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "../cli/exit_codes.hpp"
#include "../cli/output.hpp"
#include "../cli/session.hpp"
#include "hub.hpp"
#include "tokens.hpp"

namespace opswheel_serve {

using opswheel_cli::json;

/// The HTTP status of each CLI exit status: the one place the two meet (an error's status is
/// http_status(exit_for(code))).
int http_status(opswheel_cli::Exit exit) noexcept;

struct ApiRequest {
  std::string_view method;
  std::string_view path;
  std::string_view body;
  Tokens::Who who;
};

struct ApiResponse {
  int status = 200;
  std::string body;
};

/// The error body every failure has: {"error": {"status", "code", "message"}} plus `extra` keys
/// inside "error" (e.g. "between": the events that came in between, for a conflict).
ApiResponse error_response(int status, std::string_view code, const std::string& message, json extra = json::object());

struct ApiSettings {
  double spin_seconds = 4;  ///< the page's animation per pick (PageOptions::spin_seconds)
};

class Api {
 public:
  Api(opswheel_cli::Session& session, const Hub& hub, ApiSettings settings);
  /// Answers one request under /api/. Never throws.
  ApiResponse handle(const ApiRequest& request);
  /// The SSE frames of the stored events after `after` and before `before`, read from the store
  /// (for a viewer catching up from further back than the hub keeps).
  std::vector<std::string> frames_between(std::uint64_t after, std::uint64_t before);

 private:
  ApiResponse route(const ApiRequest& request);
  const std::string& state();
  json compute_state();

  opswheel_cli::Session& session_;
  const Hub& hub_;
  ApiSettings settings_;
  std::mutex mutex_;            // the Session and its Store, one request at a time
  std::uint64_t state_head_ = 0;  // the head the cached state document was computed at
  bool state_valid_ = false;
  std::string state_;           // the state document, serialised
};

}  // namespace opswheel_serve
