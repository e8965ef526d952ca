// SPDX-License-Identifier: Apache-2.0
//
// The serve command: reads its options and tokens, prints where the meeting is and the tokens it
// made, and runs the hub (change feed), the API and the HTTP server until SIGTERM.
#include "serve.hpp"

#include <cstdlib>
#include <iostream>

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
  return {{"host", 0, true},        {"port", 0, true},        {"view-token", 0, true, true}, {"host-token", 0, true, true},
          {"spin-seconds", 0, true}, {"max-viewers", 0, true}, {"max-body", 0, true}};
}

std::string serve_help() {
  return "  --host ADDRESS      listen on ADDRESS (default 127.0.0.1: this machine only; give another address, e.g.\n"
         "                      0.0.0.0, to let others in)\n"
         "  --port N            the TCP port (default 8080; 0: any free port, printed)\n"
         "  --view-token [NAME:]SECRET   a token that may view (repeatable; default: $OPSWHEEL_VIEW_TOKENS, comma-\n"
         "                      separated, else one made and printed at start). NAME is the actor (default viewer).\n"
         "  --host-token [NAME:]SECRET   a token that may also change the wheel (repeatable; $OPSWHEEL_HOST_TOKENS;\n"
         "                      NAME, default host, is recorded as the actor of its changes). Secrets: 16+ characters.\n"
         "  --spin-seconds S    the page's animation per pick (default 4; 0: none)\n"
         "  --max-viewers N     event streams held at once (default 250; each holds a thread)\n"
         "  --max-body BYTES    the largest request body (default 262144; larger: 413)\n"
         "Open http://HOST:PORT/#token=TOKEN in a browser. The API (docs/serve.md) takes 'Authorization: Bearer TOKEN'.\n"
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
