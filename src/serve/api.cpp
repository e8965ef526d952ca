// SPDX-License-Identifier: Apache-2.0
#include "api.hpp"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <optional>

#include <opswheel/agenda.hpp>
#include <opswheel/board.hpp>
#include <opswheel/detail/wheel_page.hpp>
#include <opswheel/json.hpp>
#include <opswheel/page.hpp>

#include "../cli/commands.hpp"

namespace opswheel_serve {

using opswheel_cli::Exit;

int http_status(Exit exit) noexcept {
  switch (exit) {
    case opswheel_cli::exit_ok: return 200;
    case opswheel_cli::exit_usage:
    case opswheel_cli::exit_invalid: return 400;
    case opswheel_cli::exit_not_found: return 404;
    case opswheel_cli::exit_conflict: return 409;
    case opswheel_cli::exit_storage: return 503;
    case opswheel_cli::exit_failed: break;
  }
  return 500;
}

ApiResponse error_response(int status, std::string_view code, const std::string& message, json extra) {
  json error = {{"status", status}, {"code", code}, {"message", message}};
  for (auto& [key, value] : extra.items()) error[key] = value;
  return {status, json{{"error", error}}.dump(-1, ' ', false, json::error_handler_t::replace)};
}

namespace {

// A request the API cannot read: malformed JSON, an unknown or missing field, a value of the
// wrong type. 400, code "bad_request".
class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request refused with a status of its own (403, 404 for a route, 405, 409 with the events).
struct Refusal {
  int status;
  std::string code;
  std::string message;
  json extra = json::object();
};

// A request body: a JSON object holding only the fields the route names.
class Body {
 public:
  Body(std::string_view text, std::initializer_list<std::string_view> fields) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      doc_ = json::object();
    } else {
      try {
        doc_ = json::parse(text);
      } catch (const json::exception& e) {
        throw BadRequest(std::string("the body is not JSON: ") + e.what());
      }
    }
    if (!doc_.is_object()) throw BadRequest("the body must be a JSON object");
    for (const auto& [key, value] : doc_.items())
      if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
        std::string known;
        for (const auto f : fields) known += (known.empty() ? "" : ", ") + std::string(f);
        throw BadRequest("unknown field '" + key + "'" + (known.empty() ? ": this request takes no fields" : "; the fields are " + known));
      }
  }
  bool has(const char* name) const { return doc_.contains(name) && !doc_.at(name).is_null(); }
  std::optional<std::string> text(const char* name) const {
    if (!has(name)) return std::nullopt;
    if (!doc_.at(name).is_string()) throw BadRequest(std::string("field '") + name + "' must be a string");
    return doc_.at(name).get<std::string>();
  }
  std::string required(const char* name) const {
    auto t = text(name);
    if (!t) throw BadRequest(std::string("field '") + name + "' is required");
    return *t;
  }
  std::optional<std::uint64_t> count(const char* name) const {
    if (!has(name)) return std::nullopt;
    const json& v = doc_.at(name);
    if (!v.is_number_unsigned()) throw BadRequest(std::string("field '") + name + "' must be a whole number ≥ 0");
    return v.get<std::uint64_t>();
  }
  std::optional<opswheel::Date> date(const char* name) const {
    const auto t = text(name);
    if (!t) return std::nullopt;
    try {
      return opswheel_cli::parse_date_arg(*t, name);
    } catch (const opswheel_cli::UsageError& e) {
      throw BadRequest(e.what());
    }
  }
  std::vector<std::string> texts(const char* name) const {
    std::vector<std::string> out;
    if (!has(name)) return out;
    const json& v = doc_.at(name);
    if (!v.is_array()) throw BadRequest(std::string("field '") + name + "' must be an array of strings");
    for (const json& e : v) {
      if (!e.is_string()) throw BadRequest(std::string("field '") + name + "' must be an array of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }

 private:
  json doc_;
};

// Where the events that came after spin `number` begin, as far as `st` (the last spin) tells:
// after the last spin when it is that spin, else from the last spin on (it superseded the one named).
std::uint64_t since_spin(const opswheel_cli::SpinState& st, std::uint64_t number) {
  if (!st.spin) return 0;
  const opswheel::Suggestion* last = opswheel::spin_suggestion(st.spin->payload);
  return last && last->spin + 1 == number ? st.spin->seq : st.spin->seq - 1;
}

json events_json(const std::vector<opswheel::ChainedEvent>& events) {
  json out = json::array();
  for (const auto& c : events) out.push_back(json::parse(opswheel::chained_event_json(c)));
  return out;
}

// The page's data document, taken out of a page the library rendered: the text between the
// template's head and tail (still JSON after the <script> escaping, with the same value).
json page_data(const std::string& page) {
  const std::size_t head = std::strlen(opswheel::detail::kWheelPageHead);
  const std::size_t tail = std::strlen(opswheel::detail::kWheelPageTail);
  return json::parse(page.substr(head, page.size() - head - tail));
}

}  // namespace

Api::Api(opswheel_cli::Session& session, const Hub& hub, ApiSettings settings) : session_(session), hub_(hub), settings_(settings) {}

std::vector<std::string> Api::frames_between(std::uint64_t after, std::uint64_t before) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& c : session_.store().events(session_.wheel_name(), after + 1))
    if (c.event.seq < before) out.push_back(sse_frame(c));
  return out;
}

json Api::compute_state() {
  opswheel::Wheel wheel = session_.open();
  const opswheel::Date today = session_.today();
  const opswheel::Date meeting = opswheel_cli::next_open_meeting(wheel, today);
  const auto current = wheel.last_suggestion();
  opswheel::PageOptions options = opswheel_cli::page_options(session_, std::nullopt);
  options.spin_seconds = settings_.spin_seconds;

  json doc = {{"wheel", session_.wheel_name()}, {"head", wheel.last_seq()}, {"policy", wheel.policy().name()},
              {"today", opswheel::format_date(today)}, {"meeting", opswheel::format_date(meeting)}};
  // The page: the current spin, else the last meeting as it was drawn, else nothing yet.
  json spin = nullptr, page = nullptr;
  if (current) {
    spin = opswheel_cli::to_json(*current);
    spin["number"] = current->spin + 1;
    options.date = meeting;
    page = page_data(opswheel::wheel_page(wheel, *current, options));
  } else if (!wheel.history().empty()) {
    std::vector<opswheel::Event> log;
    for (opswheel::ChainedEvent& e : session_.store().events(session_.wheel_name())) log.push_back(std::move(e.event));
    page = page_data(opswheel::meeting_page(log, wheel.history().back().number, options));
  }
  doc["spin"] = spin;
  doc["page"] = page;

  // The roster with each team's chance of being among the next spin's picks and its record.
  const std::size_t eligible = wheel.policy().eligible_count();
  const std::size_t k = std::min(opswheel_cli::default_picks(wheel), eligible);
  const opswheel::Chances chances = k == 0 ? opswheel::Chances{std::vector<double>(wheel.roster().size(), 0.0)} : wheel.probabilities(k);
  const auto stats = wheel.stats();
  json roster = json::array();
  for (std::size_t i = 0; i < wheel.roster().size(); ++i) {
    const opswheel::Participant& p = wheel.roster()[i];
    json team = opswheel_cli::to_json(p);
    team["chance"] = chances.values[i];
    const auto st = std::find_if(stats.begin(), stats.end(), [&](const opswheel::TeamStats& t) { return t.id == p.id; });
    if (st != stats.end()) team["stats"] = opswheel_cli::to_json(*st);
    roster.push_back(team);
  }
  doc["k"] = k;
  doc["chances_exact"] = chances.exact;
  doc["roster"] = roster;

  json history = json::array();
  for (const auto& m : wheel.history()) history.push_back(opswheel_cli::to_json(m));
  doc["history"] = history;

  const opswheel::ActionBook& book = wheel.actions();
  const opswheel::Presenters presenting = opswheel::presenters_for(wheel, meeting);
  json agenda = json::parse(opswheel::agenda_json(opswheel::make_agenda(book, wheel.roster(), meeting, presenting.teams), -1));
  agenda["presenting_from"] = opswheel::to_string(presenting.source);
  doc["agenda"] = agenda;

  const auto items = [](const std::vector<opswheel::BoardEntry>& entries) {
    std::vector<const opswheel::ActionItem*> out;
    for (const auto& e : entries) out.push_back(e.item);
    return out;
  };
  std::vector<const opswheel::ActionItem*> active;
  for (const auto& i : book.items())
    if (i.active()) active.push_back(&i);
  const opswheel::BoardCounts counts = opswheel::board_counts(book, today);
  doc["board"] = {
      {"as_of", opswheel::format_date(today)},
      {"due", opswheel_cli::items_json(book, items(opswheel::due_for_report_back(book, meeting)), meeting)},
      {"overdue", opswheel_cli::items_json(book, items(opswheel::overdue(book, today)), today)},
      {"active", opswheel_cli::items_json(book, active, today)},
      {"counts",
       {{"open", counts.open}, {"in_progress", counts.in_progress}, {"done", counts.done}, {"cancelled", counts.cancelled},
        {"due", counts.due}, {"overdue", counts.overdue}, {"escalated", counts.escalated}, {"fleet_items", counts.fleet_items},
        {"targets_done", counts.targets_done}, {"targets_total", counts.targets_total}}}};
  return doc;
}

const std::string& Api::state() {
  // Fresh while nothing was committed since: the hub sees every commit, ours and other processes'.
  if (!state_valid_ || hub_.head() > state_head_) {
    json doc = compute_state();
    state_head_ = doc.at("head").get<std::uint64_t>();
    state_ = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    state_valid_ = true;
  }
  return state_;
}

namespace {

constexpr std::string_view actions_prefix = "/api/actions/";

}  // namespace

ApiResponse Api::handle(const ApiRequest& request) {
  try {
    return route(request);
  } catch (const Refusal& r) {
    return error_response(r.status, r.code, r.message, r.extra);
  } catch (const BadRequest& e) {
    return error_response(400, "bad_request", e.what());
  } catch (const opswheel_cli::UsageError& e) {
    return error_response(400, "bad_request", e.what());
  } catch (const opswheel::Error& e) {
    return error_response(http_status(opswheel_cli::exit_for(e.code())), opswheel::to_string(e.code()), e.what());
  } catch (const std::exception& e) {
    return error_response(500, "internal", std::string("unexpected error: ") + e.what());
  }
}

ApiResponse Api::route(const ApiRequest& r) {
  const std::string_view path = r.path;
  const bool get = r.method == "GET" || r.method == "HEAD";
  const bool post = r.method == "POST";
  static constexpr std::string_view reads[] = {"/api/state", "/api/roster", "/api/history", "/api/agenda", "/api/actions", "/api/whoami"};
  static constexpr std::string_view writes[] = {"/api/spin",  "/api/skip",   "/api/accept", "/api/undo",  "/api/pin",
                                                "/api/unpin", "/api/pause",  "/api/resume", "/api/actions"};
  const bool item_route = path.starts_with(actions_prefix) && path.size() > actions_prefix.size();
  const bool readable = std::find(std::begin(reads), std::end(reads), path) != std::end(reads);
  const bool writable = item_route || std::find(std::begin(writes), std::end(writes), path) != std::end(writes);
  if (!readable && !writable) throw Refusal{404, "no_route", "no route " + std::string(path) + " (docs/serve.md lists them)"};
  if (!(get && readable) && !(post && writable))
    throw Refusal{405, "method_not_allowed", std::string(r.method) + " is not allowed on " + std::string(path) + "; use " +
                                                  (readable && writable ? "GET or POST" : readable ? "GET" : "POST")};

  if (get) {
    if (path == "/api/whoami") return {200, json{{"name", r.who.name}, {"role", role_name(r.who.role)}}.dump()};
    std::lock_guard lock(mutex_);
    const std::string& doc = state();
    if (path == "/api/state") return {200, doc};
    const json parsed = json::parse(doc);
    const char* key = path == "/api/roster" ? "roster" : path == "/api/history" ? "history" : path == "/api/agenda" ? "agenda" : "board";
    return {200, json{{"head", parsed.at("head")}, {key, parsed.at(key)}}.dump(-1, ' ', false, json::error_handler_t::replace)};
  }

  if (r.who.role != Role::host)
    throw Refusal{403, "forbidden", "'" + r.who.name + "' holds a view token: changing the wheel needs a host token"};

  // Every write: open the wheel as it is stored, change it as the token's holder, commit once.
  std::lock_guard lock(mutex_);
  opswheel::Wheel wheel = session_.open();
  wheel.set_actor(r.who.name);
  const std::uint64_t opened = wheel.last_seq();
  const auto between = [&](std::uint64_t after) { return events_json(session_.store().events(session_.wheel_name(), after + 1)); };
  const auto check_expect = [&](const Body& body) {
    if (const auto expect = body.count("expect"); expect && *expect != opened)
      throw Refusal{409, "conflict",
                    "the wheel changed since event " + std::to_string(*expect) + " (it is at " + std::to_string(opened) +
                        "): nothing was written; look at the events in between and send the request again",
                    {{"between", between(*expect)}}};
  };
  const auto commit = [&] {
    try {
      session_.store().commit(session_.wheel_name(), wheel);
    } catch (const opswheel::Conflict& e) {
      throw Refusal{409, "conflict", std::string(e.what()) + "; nothing was written", {{"between", between(opened)}}};
    }
  };
  const auto ok = [&](json result) {
    state_valid_ = false;
    json out = {{"ok", true}, {"head", wheel.last_seq()}, {"actor", r.who.name}};
    for (auto& [key, value] : result.items()) out[key] = value;
    return ApiResponse{200, out.dump(-1, ' ', false, json::error_handler_t::replace)};
  };
  const opswheel::Date today = session_.today();
  // The spin a request names (by the number the state document gives it) must still be the
  // current one: a meeting accepted or a change made since by another host is a conflict,
  // reported with the events that came after that spin. Without a number: the current spin, as
  // the CLI takes it.
  const auto current_spin = [&](std::optional<std::uint64_t> expected) {
    if (!expected) return opswheel_cli::current_suggestion(session_, wheel);
    const auto current = wheel.last_suggestion();
    if (current && current->spin + 1 == *expected) return *current;
    const opswheel_cli::SpinState st = opswheel_cli::last_spin(session_, wheel);
    throw Refusal{409, "conflict",
                  "spin " + std::to_string(*expected) + " is not the current spin" +
                      (st.first_change ? " (" + opswheel::describe(*st.first_change) + " came after it)" : "") +
                      ": nothing was written",
                  {{"between", between(since_spin(st, *expected))}}};
  };

  if (path == "/api/spin") {
    const Body body(r.body, {"k", "expect"});
    check_expect(body);
    const opswheel::Date meeting = opswheel_cli::next_open_meeting(wheel, today);
    const auto resumed = wheel.resume_due(meeting);
    const auto k = body.count("k");
    const opswheel::Suggestion s = wheel.suggest(k ? static_cast<std::size_t>(*k) : opswheel_cli::default_picks(wheel));
    commit();
    json spin = opswheel_cli::to_json(s);
    spin["number"] = s.spin + 1;
    return ok({{"spin", spin}, {"meeting", opswheel::format_date(meeting)}, {"resumed", resumed}});
  }
  if (path == "/api/skip") {
    const Body body(r.body, {"team", "reason", "spin", "expect"});
    check_expect(body);
    const std::string team = body.required("team");
    const std::string reason = body.required("reason");
    const opswheel::Suggestion next = wheel.skip(current_spin(body.count("spin")), team, reason);
    commit();
    json spin = opswheel_cli::to_json(next);
    spin["number"] = next.spin + 1;
    return ok({{"spin", spin}, {"skipped", team}, {"replacement", next.skipped.back().replacement}});
  }
  if (path == "/api/accept") {
    const Body body(r.body, {"spin", "teams", "date", "expect"});
    check_expect(body);
    const auto teams = body.texts("teams");
    const auto spin = body.count("spin");
    if (teams.empty() == !spin) throw BadRequest("accept needs either 'spin' (the number of the spin to accept) or 'teams'");
    // A spin that is no longer current is a conflict (409), whatever the date: checked first,
    // since a spin accepted by another host moves the next open meeting on.
    const std::optional<opswheel::Suggestion> accepted = spin ? std::optional(current_spin(spin)) : std::nullopt;
    const opswheel::Date date = opswheel_cli::meeting_to_record(wheel, today, body.date("date"), "'date'");
    opswheel::Meeting meeting;
    try {
      if (accepted) {
        meeting = session_.store().accept_with_subwheels(session_.wheel_name(), wheel, *accepted, date);
      } else {
        meeting = session_.store().accept_with_subwheels(session_.wheel_name(), wheel, teams, date);
      }
    } catch (const opswheel::Conflict& e) {
      throw Refusal{409, "conflict", std::string(e.what()) + "; nothing was written", {{"between", between(opened)}}};
    }
    return ok({{"meeting", opswheel_cli::to_json(meeting)}});
  }
  if (path == "/api/undo") {
    const Body body(r.body, {"reason", "expect"});
    check_expect(body);
    if (!wheel.can_undo() && wheel.log_base() > 0) {
      wheel = session_.open_whole_log();
      wheel.set_actor(r.who.name);
    }
    const opswheel::Meeting undone = wheel.undo(body.text("reason").value_or(""));
    commit();
    return ok({{"undone", opswheel_cli::to_json(undone)}});
  }
  if (path == "/api/pin" || path == "/api/unpin" || path == "/api/pause" || path == "/api/resume") {
    const bool pin = path == "/api/pin", pause = path == "/api/pause";
    const Body body(r.body, pin ? std::initializer_list<std::string_view>{"team", "reason", "expect"}
                            : pause ? std::initializer_list<std::string_view>{"team", "until", "expect"}
                                    : std::initializer_list<std::string_view>{"team", "expect"});
    check_expect(body);
    const std::string team = body.required("team");
    if (pin) wheel.pin(team, body.required("reason"));
    else if (path == "/api/unpin") wheel.unpin(team);
    else if (pause) wheel.pause(team, body.date("until"));
    else wheel.resume(team);
    commit();
    return ok({{std::string(path.substr(5)), team}});
  }
  const auto item_json = [&](const std::string& id) {
    return opswheel_cli::items_json(wheel.actions(), {&wheel.actions().item(id)}, today).at(0);
  };
  if (path == "/api/actions") {
    const Body body(r.body, {"title", "owner", "due", "raised", "priority", "description", "ticket", "targets", "id", "expect"});
    check_expect(body);
    opswheel::ItemCreated item;
    item.title = body.required("title");
    item.owner = body.required("owner");
    const auto due = body.date("due");
    if (!due) throw BadRequest("field 'due' is required");
    item.due = *due;
    item.id = body.text("id").value_or("");
    item.description = body.text("description").value_or("");
    item.ticket_url = body.text("ticket").value_or("");
    if (const auto p = body.text("priority")) item.priority = opswheel::parse_priority(*p);
    item.targets = body.texts("targets");
    item.raised_at = body.date("raised").value_or(opswheel_cli::current_meeting(wheel, today));
    wheel.change_actions(item);
    commit();
    return ok({{"item", item_json(wheel.actions().items().back().id)}});
  }
  // /api/actions/ID (update) and /api/actions/ID/done
  std::string id(path.substr(actions_prefix.size()));
  const bool done = id.ends_with("/done");
  if (done) id.resize(id.size() - 5);
  if (id.empty() || id.find('/') != std::string::npos) throw Refusal{404, "no_route", "no route " + std::string(path)};
  if (done) {
    const Body body(r.body, {"team", "on", "reason", "expect"});
    check_expect(body);
    if (const auto team = body.text("team"))
      wheel.change_actions(opswheel::TargetCompleted{id, *team, body.date("on").value_or(today)});
    else
      wheel.change_actions(opswheel::StatusChanged{id, opswheel::ActionStatus::done, body.text("reason").value_or("")});
    commit();
    return ok({{"item", item_json(id)}});
  }
  const Body body(r.body, {"status", "due", "owner", "title", "description", "priority", "ticket", "add_targets", "comment", "reason", "expect"});
  check_expect(body);
  const opswheel::ActionItem& now = wheel.actions().item(id);
  const std::string reason = body.text("reason").value_or("");
  std::vector<opswheel::ActionChange> changes;
  if (body.has("title") || body.has("description") || body.has("priority") || body.has("ticket")) {
    opswheel::ItemEdited edit{id, body.text("title").value_or(now.title), body.text("description").value_or(now.description), now.priority,
                              body.text("ticket").value_or(now.ticket_url), reason};
    if (const auto p = body.text("priority")) edit.priority = opswheel::parse_priority(*p);
    changes.emplace_back(std::move(edit));
  }
  if (const auto o = body.text("owner")) changes.emplace_back(opswheel::OwnerChanged{id, *o, reason});
  if (const auto d = body.date("due")) changes.emplace_back(opswheel::DueMoved{id, *d, reason});
  if (auto t = body.texts("add_targets"); !t.empty()) changes.emplace_back(opswheel::TargetsAdded{id, std::move(t), reason});
  if (const auto st = body.text("status")) changes.emplace_back(opswheel::StatusChanged{id, opswheel::parse_status(*st), reason});
  if (const auto c = body.text("comment")) changes.emplace_back(opswheel::CommentAdded{id, *c});
  if (changes.empty())
    throw BadRequest("an update needs a change: status, due, owner, title, description, priority, ticket, add_targets or comment");
  for (auto& c : changes) wheel.change_actions(std::move(c));  // all or nothing: one commit
  commit();
  return ok({{"item", item_json(id)}});
}

}  // namespace opswheel_serve
