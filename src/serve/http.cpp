// SPDX-License-Identifier: Apache-2.0
#include "http.hpp"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "log.hpp"

namespace opswheel_serve {
namespace {

// The access log's timing and actor: set when a request is routed, read by the logger, which
// cpp-httplib calls on the same worker thread once the response is written.
thread_local std::chrono::steady_clock::time_point request_started;
thread_local std::string request_actor;

constexpr const char* json_type = "application/json";

void send(httplib::Response& res, const ApiResponse& r) {
  res.status = r.status;
  res.set_content(r.body, json_type);
}

// The status's own code for errors that cpp-httplib or the routing makes without a body.
std::string_view code_for(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "no_route";
    case 405: return "method_not_allowed";
    case 413: return "too_large";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
  }
}

std::optional<std::uint64_t> parse_seq(const std::string& text) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(text);
}

}  // namespace

void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a viewer that goes away is a failed write, not the end of the server
}

int run_http(const HttpSettings& settings, Api& api, Hub& hub, const Tokens& tokens, const std::string& page,
             const std::function<void(int)>& ready) {
  httplib::Server server;
  // An event stream holds its worker thread for as long as the viewer watches, so the pool has a
  // thread for each viewer allowed plus the workers for everything else (docs/serve.md, "Load").
  const std::size_t threads = settings.max_viewers + settings.workers;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(settings.max_body);
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(1000);  // a client polling the state keeps its connection
  server.set_tcp_nodelay(true);  // a response is written in parts: no waiting for the peer's delayed ACK
  server.set_read_timeout(10);
  server.set_write_timeout(10);
  std::atomic<std::size_t> viewers{0};
  std::atomic<bool> stopping{false};

  // Who sent the request, or the 401 that says why not.
  const auto authorize = [&](const httplib::Request& req, httplib::Response& res) -> std::optional<Tokens::Who> {
    const std::string header = req.get_header_value("Authorization");
    const auto token = bearer_token(header);
    std::optional<Tokens::Who> who = token ? tokens.find(*token) : std::nullopt;
    if (!who) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"opswheel\"");
      send(res, error_response(401, "unauthorized",
                               header.empty() ? "this needs a token: send 'Authorization: Bearer TOKEN' (the view or the host token)"
                                              : "the token is not one this server knows"));
      return std::nullopt;
    }
    request_actor = who->name;
    return who;
  };

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    request_started = std::chrono::steady_clock::now();
    request_actor.clear();
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      const std::string message = res.status == 413 ? "the request body is larger than the limit"
                                  : res.status == 404 ? "no such route (docs/serve.md lists them)"
                                  : res.status == 400 ? "the request could not be read (a POST needs a Content-Length: send {} for no fields)"
                                                      : "the request could not be served";
      send(res, error_response(res.status, code_for(res.status), message));
    }
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send(res, error_response(500, "internal", "unexpected error: " + what));
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_started).count();
    log_json({{"log", "access"}, {"remote", req.remote_addr}, {"method", req.method}, {"path", req.path}, {"status", res.status},
              {"ms", static_cast<double>(static_cast<long long>(ms * 10)) / 10}, {"bytes", res.body.size()}, {"actor", request_actor}});
  });

  server.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
    send(res, {200, json{{"ok", true}, {"head", hub.head()}, {"viewers", viewers.load()}}.dump()});
  });
  // The page holds no data (it asks the API with the token it is given), so it needs none.
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    res.set_content(page, "text/html; charset=utf-8");
  });

  server.Get("/api/events", [&](const httplib::Request& req, httplib::Response& res) {
    const auto who = authorize(req, res);
    if (!who) return;
    // From the viewer's last event (a reconnect), else ?after=SEQ, else from now on.
    std::uint64_t after = hub.head();
    const std::string last = req.has_header("Last-Event-ID") ? req.get_header_value("Last-Event-ID") : req.get_param_value("after");
    if (!last.empty()) {
      const auto seq = parse_seq(last);
      if (!seq) return send(res, error_response(400, "bad_request", "Last-Event-ID (or after) must be an event number"));
      after = *seq;
    }
    if (viewers.fetch_add(1) >= settings.max_viewers) {
      viewers.fetch_sub(1);
      return send(res, error_response(503, "unavailable", "too many viewers are connected (--max-viewers)"));
    }
    struct Stream {
      std::uint64_t after;
      bool started = false;
    };
    auto stream = std::make_shared<Stream>(Stream{after});
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&, stream](std::size_t, httplib::DataSink& sink) {
          std::string out;
          if (!stream->started) {  // reconnect after 1 s; catch up from the store past what the hub keeps
            stream->started = true;
            out = "retry: 1000\n\n";
            const std::uint64_t kept = hub.oldest_kept();
            if (stream->after + 1 < kept)
              for (std::string& f : api.frames_between(stream->after, kept)) out += f;
            if (kept > stream->after + 1) stream->after = kept - 1;
          } else {
            const Hub::Frames frames = hub.wait(stream->after, std::chrono::seconds(15));
            if (stopping || hub.stopped()) {
              sink.done();
              return true;
            }
            if (frames.empty()) out = ": keep-alive\n\n";  // also finds viewers that went away
            for (const auto& f : frames) {
              out += f->text;
              stream->after = f->seq;
            }
          }
          return sink.write(out.data(), out.size());
        },
        [&](bool) { viewers.fetch_sub(1); });
  });

  const auto api_route = [&](const httplib::Request& req, httplib::Response& res) {
    const auto who = authorize(req, res);
    if (!who) return;
    send(res, api.handle({req.method, req.path, req.body, *who}));
  };
  server.Get(R"(/api/.*)", api_route);
  server.Post(R"(/api/.*)", api_route);
  server.Put(R"(/api/.*)", api_route);
  server.Patch(R"(/api/.*)", api_route);
  server.Delete(R"(/api/.*)", api_route);

  int port = settings.port;
  if (port == 0) {
    port = server.bind_to_any_port(settings.host);
  } else if (!server.bind_to_port(settings.host, port)) {
    port = -1;
  }
  if (port < 0) {
    log_json({{"log", "serve"}, {"error", "cannot listen on " + settings.host + ":" + std::to_string(settings.port)}});
    return 1;
  }
  // SIGTERM or SIGINT: stop taking requests; the streams end; listen_after_bind returns once the
  // pool's threads have finished the requests in flight (a write commits whole or not at all).
  std::atomic<bool> finished{false};
  std::thread signals([&] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    const timespec tick{0, 200 * 1000 * 1000};
    while (!finished) {
      const int sig = sigtimedwait(&set, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        log_json({{"log", "serve"}, {"note", std::string(sig == SIGTERM ? "SIGTERM" : "SIGINT") + ": stopping"}});
        stopping = true;
        hub.stop();
        server.stop();
        return;
      }
    }
  });
  ready(port);
  server.listen_after_bind();
  finished = true;
  signals.join();
  hub.stop();
  log_json({{"log", "serve"}, {"note", "stopped"}});
  return 0;
}

}  // namespace opswheel_serve
