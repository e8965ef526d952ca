// SPDX-License-Identifier: Apache-2.0
//
// The serve command: reads its options and tokens, prints where the meeting is and the tokens it
// made, and runs the hub (change feed), the API and the HTTP server until SIGTERM.
#include "serve.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>

#include <opswheel/page.hpp>

#include "../cli/commands.hpp"
#include "api.hpp"
#include "http.hpp"
#include "hub.hpp"
#include "live_page.hpp"
#include "log.hpp"
#include "tokens.hpp"

namespace opswheel_cli {
namespace {

using opswheel_serve::Role;

// The tokens of one role: each --ROLE-token, else $OPSWHEEL_ROLE_TOKENS (comma-separated), else one
// made now (returned in `made`, to print).
void read_tokens(const Args& a, Role role, opswheel_serve::Tokens& tokens, std::vector<opswheel_serve::TokenSpec>& made) {
  const std::string option = role == Role::host ? "host-token" : "view-token";
  const char* variable = role == Role::host ? "OPSWHEEL_HOST_TOKENS" : "OPSWHEEL_VIEW_TOKENS";
  std::vector<std::string> given = a.values(option);
  std::string what = "--" + option;
  if (given.empty()) {
    if (const char* env = std::getenv(variable); env && *env) {
      what = variable;
      std::string text = env;
      for (std::size_t at = 0; at <= text.size();) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        given.push_back(text.substr(at, comma - at));
        at = comma + 1;
      }
    }
  }
  for (const std::string& g : given) tokens.add(opswheel_serve::parse_token(g, role, what), role);
  if (given.empty()) {
    opswheel_serve::TokenSpec spec{role == Role::host ? "host" : "viewer", opswheel_serve::new_secret()};
    tokens.add(spec, role);
    made.push_back(spec);
  }
}

}  // namespace

std::vector<OptionSpec> serve_options() {
  // The defaults are read from the settings the server runs with, so the help cannot drift from them.
  return {
      {.name = "host", .value = "ADDRESS",
       .help = "listen on ADDRESS; the default is this machine only: give another address (e.g. 0.0.0.0) to let others in",
       .fallback = [] { return opswheel_serve::HttpSettings{}.host; }},
      {.name = "port", .value = "N", .help = "the TCP port (0: any free port, printed)",
       .fallback = [] { return std::to_string(opswheel_serve::HttpSettings{}.port); }},
      {.name = "view-token", .value = "[NAME:]SECRET",
       .help = "a token that may view; NAME (default viewer) is its actor; secrets have 16+ characters",
       .fallback = [] { return std::string("$OPSWHEEL_VIEW_TOKENS (comma-separated), else one made and printed"); },
       .repeat = true},
      {.name = "host-token", .value = "[NAME:]SECRET",
       .help = "a token that may also change the wheel; NAME (default host) is recorded as the actor of its changes",
       .fallback = [] { return std::string("$OPSWHEEL_HOST_TOKENS (comma-separated), else one made and printed"); },
       .repeat = true},
      {.name = "spin-seconds", .value = "S", .help = "the page's animation per pick (0: none)",
       .fallback = [] {
         std::ostringstream text;
         text << opswheel_serve::ApiSettings{}.spin_seconds;
         return text.str();
       }},
      {.name = "max-viewers", .value = "N", .help = "event streams held at once (each holds a thread; more get 503)",
       .fallback = [] { return std::to_string(opswheel_serve::HttpSettings{}.max_viewers); }},
      {.name = "max-body", .value = "BYTES", .help = "the largest request body (larger: 413)",
       .fallback = [] { return std::to_string(opswheel_serve::HttpSettings{}.max_body); }},
  };
}

std::string serve_help() {
  return "Open http://HOST:PORT/#token=TOKEN in a browser. The API (docs/serve.md) takes 'Authorization: Bearer TOKEN'.\n"
         "SIGTERM or Ctrl-C stops it gracefully: requests in flight finish, nothing is half-written.\n";
}

int cmd_serve(Session& s, const Args& a) {
  a.at_most(0);
  opswheel_serve::HttpSettings http;
  if (const auto host = a.value("host")) http.host = *host;
  if (const auto port = a.value("port")) {
    const std::uint64_t p = parse_u64(*port, "--port");
    if (p > 65535) throw UsageError("invalid --port '" + *port + "': expected 0 to 65535");
    http.port = static_cast<int>(p);
  }
  if (const auto n = a.value("max-viewers")) http.max_viewers = parse_count(*n, "--max-viewers");
  if (const auto n = a.value("max-body")) http.max_body = parse_count(*n, "--max-body");
  opswheel_serve::ApiSettings settings;
  if (const auto sec = a.value("spin-seconds")) {
    opswheel::PageOptions check;
    check.spin_seconds = parse_number(*sec, "--spin-seconds");
    opswheel::validate(check);
    settings.spin_seconds = check.spin_seconds;
  }
  opswheel_serve::Tokens tokens;
  std::vector<opswheel_serve::TokenSpec> made_view, made_host;
  read_tokens(a, Role::view, tokens, made_view);
  read_tokens(a, Role::host, tokens, made_host);

  // Before any thread starts, so that every thread leaves SIGTERM to the one that waits for it.
  opswheel_serve::block_stop_signals();
  const std::uint64_t head = s.open().last_seq();  // also: the store and the wheel exist
  opswheel_serve::Hub hub(s.db_path(), s.wheel_name(), head);
  hub.start();
  opswheel_serve::Api api(s, hub, settings);
  const auto ready = [&](int port) {
    const std::string url = "http://" + (http.host.find(':') != std::string::npos ? "[" + http.host + "]" : http.host) + ":" +
                            std::to_string(port) + "/";
    if (s.json()) {
      json doc = {{"url", url}, {"port", port}, {"wheel", s.wheel_name()}};
      json made = json::array();
      for (const auto* list : {&made_view, &made_host})
        for (const auto& t : *list)
          made.push_back({{"name", t.name}, {"role", list == &made_host ? "host" : "view"}, {"token", t.secret}});
      doc["tokens"] = made;
      std::cout << doc.dump() << std::endl;
    } else {
      std::cout << "Serving the wheel '" << s.wheel_name() << "' on " << url << " (stop with Ctrl-C or SIGTERM)\n";
      for (const auto& t : made_view) std::cout << "View token (" << t.name << "): " << t.secret << "\n  " << url << "#token=" << t.secret << '\n';
      for (const auto& t : made_host) std::cout << "Host token (" << t.name << "): " << t.secret << "\n  " << url << "#token=" << t.secret << '\n';
      std::cout << std::flush;
    }
    opswheel_serve::log_json({{"log", "serve"}, {"note", "listening"}, {"url", url}, {"wheel", s.wheel_name()}, {"head", head}});
  };
  return opswheel_serve::run_http(http, api, hub, tokens, opswheel_serve::kLivePage, ready);
}

}  // namespace opswheel_cli
