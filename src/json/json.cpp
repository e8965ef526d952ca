// SPDX-License-Identifier: Apache-2.0
//
// The JSON format and the audit chain (opswheel/json.hpp). Every reader here names the field it
// could not read, with its path in the document, so a broken file says where it is broken.
#include <opswheel/json.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

#include "actions.hpp"
#include "node.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace json_detail {

json date_json(const std::optional<Date>& d) { return d ? json(format_date(*d)) : json(nullptr); }

}  // namespace json_detail

namespace {

using namespace json_detail;

std::string decimal(std::uint64_t v) { return std::to_string(v); }

// ---- time stamps: "2026-11-25T09:00:00.123Z" ----

std::string format_timestamp(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::hh_mm_ss<std::chrono::milliseconds> time(t - day);
  char text[40];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d.%03dZ", format_date(Date{day}).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return text;
}

Timestamp parse_timestamp(const Node& n) {
  const std::string s = n.str();
  auto digits = [&](std::size_t from, std::size_t len) {
    int v = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (s[i] < '0' || s[i] > '9') n.fail("expected a UTC time as YYYY-MM-DDThh:mm:ss.sssZ");
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() != 24 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
    n.fail("expected a UTC time as YYYY-MM-DDThh:mm:ss.sssZ");
  Date day;
  try {
    day = parse_date(s.substr(0, 10));
  } catch (const InvalidArgument& e) {
    n.fail(e.what());
  }
  const int h = digits(11, 2), m = digits(14, 2), sec = digits(17, 2), ms = digits(20, 3);
  if (h > 23 || m > 59 || sec > 59) n.fail("the time of day is out of range");
  return std::chrono::sys_days(day) + std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec) +
         std::chrono::milliseconds(ms);
}

// ---- the model ----

json to_json(const PolicyOptions& o) { return {{"slack", o.slack}, {"lean", o.lean}, {"gap_target", o.gap_target}}; }
PolicyOptions options_from(const Node& n) {
  PolicyOptions o;
  const std::uint64_t slack = n.at("slack").count();
  if (slack > max_slack)  // also keeps the cast below from wrapping
    n.at("slack").fail("a slack of " + std::to_string(slack) + " is above the limit of " + std::to_string(max_slack));
  o.slack = static_cast<unsigned>(slack);
  o.lean = n.at("lean").number();
  o.gap_target = n.at("gap_target").number();
  return o;
}

json to_json(const Participant& p) {
  return {{"id", p.id},         {"name", p.name},     {"url", p.url},
          {"weight", p.weight}, {"tags", p.tags},     {"paused", p.paused},
          {"paused_until", date_json(p.paused_until)}, {"subwheel", p.subwheel}};
}
Participant participant_from(const Node& n) {
  Participant p;
  p.id = n.at("id").str();
  p.name = n.at("name").str();
  p.url = n.at("url").str();
  p.weight = n.at("weight").number();
  p.tags = n.at("tags").strings();
  p.paused = n.at("paused").boolean();
  p.paused_until = n.at("paused_until").optional_date();
  p.subwheel = n.at("subwheel").str();
  return p;
}

json to_json(const Pin& p) { return {{"id", p.id}, {"reason", p.reason}, {"actor", p.actor}}; }
Pin pin_from(const Node& n) { return {n.at("id").str(), n.at("reason").str(), n.at("actor").str()}; }

json to_json(const Skip& s) {
  return {{"id", s.id}, {"reason", s.reason}, {"replacement", s.replacement}, {"actor", s.actor}};
}
Skip skip_from(const Node& n) {
  return {n.at("id").str(), n.at("reason").str(), n.at("replacement").str(), n.at("actor").str()};
}

json to_json(const Delegation& d) { return {{"id", d.id}, {"wheel", d.wheel}, {"picks", d.picks}}; }
Delegation delegation_from(const Node& n) { return {n.at("id").str(), n.at("wheel").str(), n.at("picks").strings()}; }

template <class T>
json array_of(const std::vector<T>& items) {
  json a = json::array();
  for (const auto& item : items) a.push_back(to_json(item));
  return a;
}

json to_json(const Suggestion& s) {
  return {{"picks", s.picks},       {"pinned", array_of(s.pinned)}, {"skipped", array_of(s.skipped)},
          {"position", decimal(s.position)}, {"spin", decimal(s.spin)},  {"version", decimal(s.version)}};
}
Suggestion suggestion_from(const Node& n) {
  Suggestion s;
  s.picks = n.at("picks").strings();
  s.pinned = n.at("pinned").list(pin_from);
  s.skipped = n.at("skipped").list(skip_from);
  s.position = n.at("position").u64();
  s.spin = n.at("spin").u64();
  s.version = n.at("version").u64();
  return s;
}

json to_json(const Meeting& m) {
  return {{"number", m.number},
          {"date", date_json(m.date)},
          {"picks", m.picks},
          {"pinned", array_of(m.pinned)},
          {"skipped", array_of(m.skipped)},
          {"position", m.position ? json(decimal(*m.position)) : json(nullptr)},
          {"delegated", array_of(m.delegated)}};
}
Meeting meeting_from(const Node& n) {
  Meeting m;
  m.number = n.at("number").count();
  m.date = n.at("date").optional_date();
  m.picks = n.at("picks").strings();
  m.pinned = n.at("pinned").list(pin_from);
  m.skipped = n.at("skipped").list(skip_from);
  if (!n.at("position").value.is_null()) m.position = n.at("position").u64();
  m.delegated = n.at("delegated").list(delegation_from);
  return m;
}

// ---- events ----

struct PayloadToJson {
  json operator()(const events::Created& e) const {
    return {{"policy", e.policy}, {"options", to_json(e.options)}, {"seed", decimal(e.seed)}};
  }
  json operator()(const events::Added& e) const { return {{"participant", to_json(e.participant)}}; }
  json operator()(const events::Updated& e) const { return {{"participant", to_json(e.participant)}}; }
  json operator()(const events::Removed& e) const { return {{"id", e.id}}; }
  json operator()(const events::Paused& e) const { return {{"id", e.id}, {"until", date_json(e.until)}}; }
  json operator()(const events::Resumed& e) const { return {{"id", e.id}}; }
  json operator()(const events::WeightSet& e) const { return {{"id", e.id}, {"weight", e.weight}}; }
  json operator()(const events::Reset&) const { return json::object(); }
  json operator()(const events::Pinned& e) const { return {{"id", e.id}, {"reason", e.reason}}; }
  json operator()(const events::Unpinned& e) const { return {{"id", e.id}}; }
  json operator()(const events::Suggested& e) const { return {{"suggestion", to_json(e.suggestion)}}; }
  json operator()(const events::Skipped& e) const {
    return {{"from", to_json(e.from)}, {"suggestion", to_json(e.suggestion)}};
  }
  json operator()(const events::Accepted& e) const {
    return {{"meeting", to_json(e.meeting)}, {"from_suggestion", e.from_suggestion}};
  }
  json operator()(const events::Delegated& e) const {
    return {{"meeting", e.meeting}, {"delegation", to_json(e.delegation)}};
  }
  json operator()(const events::Undone& e) const { return {{"meeting", e.meeting}, {"reason", e.reason}}; }
  json operator()(const events::CadenceSet& e) const { return {{"cadence", cadence_json(e.cadence)}}; }
  json operator()(const events::ActionChanged& e) const { return {{"change", action_change_json(e.change)}}; }
};

EventPayload payload_from(const std::string& type, const Node& d) {
  if (type == "created") return events::Created{d.at("policy").str(), options_from(d.at("options")), d.at("seed").u64()};
  if (type == "added") return events::Added{participant_from(d.at("participant"))};
  if (type == "updated") return events::Updated{participant_from(d.at("participant"))};
  if (type == "removed") return events::Removed{d.at("id").str()};
  if (type == "paused") return events::Paused{d.at("id").str(), d.at("until").optional_date()};
  if (type == "resumed") return events::Resumed{d.at("id").str()};
  if (type == "weight_set") return events::WeightSet{d.at("id").str(), d.at("weight").number()};
  if (type == "reset") return events::Reset{};
  if (type == "pinned") return events::Pinned{d.at("id").str(), d.at("reason").str()};
  if (type == "unpinned") return events::Unpinned{d.at("id").str()};
  if (type == "suggested") return events::Suggested{suggestion_from(d.at("suggestion"))};
  if (type == "skipped") return events::Skipped{suggestion_from(d.at("from")), suggestion_from(d.at("suggestion"))};
  if (type == "accepted") return events::Accepted{meeting_from(d.at("meeting")), d.at("from_suggestion").boolean()};
  if (type == "delegated") return events::Delegated{d.at("meeting").count(), delegation_from(d.at("delegation"))};
  if (type == "undone") return events::Undone{d.at("meeting").count(), d.at("reason").str()};
  if (type == "cadence_set") return events::CadenceSet{cadence_from(d.at("cadence"))};
  if (type == "action_changed") return events::ActionChanged{action_change_from(d.at("change"))};
  d.fail("unknown event type \"" + detail::printable(type) + "\"");
}

json event_object(const Event& e) {
  return {{"seq", e.seq},
          {"at", format_timestamp(e.at)},
          {"actor", e.actor},
          {"type", std::string(event_type(e.payload))},
          {"data", std::visit(PayloadToJson{}, e.payload)}};
}

Event event_from(const Node& n) {
  Event e;
  e.seq = n.at("seq").count();
  e.at = parse_timestamp(n.at("at"));
  e.actor = n.at("actor").str();
  e.payload = payload_from(n.at("type").str(), n.at("data"));
  return e;
}

// Compact, keys sorted (nlohmann's objects are ordered maps), strict UTF-8: one text per event.
std::string canonical(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::strict); }

// Where a value sits, as Node paths are written: "events[3].data", or "the top".
std::string path_text(const std::string& path) { return path.empty() ? std::string("the top") : path; }

// A document that comes from outside (an import): a key that appears twice in one object is
// refused, naming it and where, rather than letting the last one win without a word. `depth`
// counts the open objects and arrays; each keeps the keys seen and where its current value is.
json::parser_callback_t refuse_duplicate_keys() {
  struct Open {
    bool object;
    std::vector<std::string> keys;  // sorted
    std::string key;                // of the value being read, in an object
    std::size_t index = 0;          // of the value being read, in an array
  };
  auto open = std::make_shared<std::vector<Open>>();
  return [open](int, json::parse_event_t event, json& parsed) {
    auto& stack = *open;
    const auto element_done = [&] {
      if (!stack.empty() && !stack.back().object) ++stack.back().index;
    };
    switch (event) {
      case json::parse_event_t::object_start: stack.push_back({true, {}, {}, 0}); break;
      case json::parse_event_t::array_start: stack.push_back({false, {}, {}, 0}); break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        stack.pop_back();
        element_done();
        break;
      case json::parse_event_t::value: element_done(); break;
      case json::parse_event_t::key: {
        Open& object = stack.back();
        std::string key = parsed.get<std::string>();
        const auto at = std::lower_bound(object.keys.begin(), object.keys.end(), key);
        if (at != object.keys.end() && *at == key) {
          std::string path;
          for (std::size_t i = 0; i + 1 < stack.size(); ++i)
            path += stack[i].object ? (path.empty() ? "" : ".") + stack[i].key : "[" + std::to_string(stack[i].index) + "]";
          throw InvalidArgument("invalid opswheel JSON at " + path_text(path) + ": the key \"" + detail::printable(key) +
                                "\" appears twice");
        }
        object.keys.insert(at, key);
        object.key = std::move(key);
        break;
      }
    }
    return true;
  };
}

// Refuses a key the writer does not write where `given` has it (`written` is what the writer makes
// of the same wheel): a typo or another tool's field, which the readers would otherwise pass over
// in silence.
void refuse_unknown_keys(const json& given, const json& written, const std::string& path) {
  if (given.is_object() && written.is_object()) {
    for (auto it = given.begin(); it != given.end(); ++it) {
      const auto known = written.find(it.key());
      if (known == written.end())
        throw InvalidArgument("invalid opswheel JSON at " + path_text(path) + ": unknown key \"" + detail::printable(it.key()) + "\"");
      refuse_unknown_keys(it.value(), *known, path.empty() ? it.key() : path + "." + it.key());
    }
  } else if (given.is_array() && written.is_array()) {
    for (std::size_t i = 0; i < given.size() && i < written.size(); ++i)
      refuse_unknown_keys(given[i], written[i], path + "[" + std::to_string(i) + "]");
  }
}

json parse(std::string_view text, json::parser_callback_t callback = nullptr) {
  try {
    return json::parse(text.begin(), text.end(), callback);
  } catch (const json::parse_error& e) {
    throw CorruptData(std::string("not valid JSON (truncated or damaged?): ") + e.what());
  } catch (const json::exception& e) {  // e.g. out_of_range.406: a number such as 1e400 that no double holds
    throw CorruptData(std::string("not valid opswheel JSON: ") + e.what());
  }
}

// ---- base64, for the state bytes ----

constexpr char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    out += base64_digits[(v >> 18) & 63];
    out += base64_digits[(v >> 12) & 63];
    out += n > 1 ? base64_digits[(v >> 6) & 63] : '=';
    out += n > 2 ? base64_digits[v & 63] : '=';
  }
  return out;
}

std::string unbase64(const Node& n) {
  const std::string text = n.str();
  if (text.size() % 4 != 0) n.fail("not base64: the length is not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t v = 0;
    int pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const char* at = std::strchr(base64_digits, c);
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      if (!at || c == '\0' || pad > 0) n.fail("not base64");
      v = (v << 6) | static_cast<std::uint32_t>(at - base64_digits);
    }
    out += static_cast<char>((v >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((v >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(v & 0xff);
  }
  return out;
}

}  // namespace

std::string event_json(const Event& event) { return canonical(event_object(event)); }

namespace {

json chained_event_object(const ChainedEvent& c) {
  json e = event_object(c.event);
  e["prev"] = c.prev;
  e["hash"] = c.hash;
  return e;
}

}  // namespace

std::string chained_event_json(const ChainedEvent& event) { return canonical(chained_event_object(event)); }

Event event_from_json(std::string_view text) { return event_from(Node{parse(text), ""}); }

std::string chain_hash(std::string_view prev, std::string_view event_json) {
  std::string input;
  input.reserve(prev.size() + 1 + event_json.size());
  input.append(prev).append("\n").append(event_json);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 || length != 32)
    throw StorageFailure("SHA-256 failed in libcrypto");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::vector<ChainedEvent> chain(std::span<const Event> log, std::string_view first_prev) {
  std::vector<ChainedEvent> out;
  out.reserve(log.size());
  std::string prev(first_prev);
  for (const Event& e : log) {
    std::string hash = chain_hash(prev, event_json(e));
    out.push_back({e, std::move(prev), hash});
    prev = std::move(hash);
  }
  return out;
}

Verification verify_chain(std::span<const ChainedEvent> log, std::string_view first_prev) {
  Verification v;
  std::string prev(first_prev);
  std::uint64_t expected_seq = log.empty() ? 0 : log.front().event.seq;
  for (const ChainedEvent& c : log) {
    ++v.events;
    auto bad = [&](std::string problem) {
      v.ok = false;
      v.first_bad = c.event.seq;
      v.problem = "event " + std::to_string(c.event.seq) + ": " + std::move(problem);
      return v;
    };
    if (c.event.seq != expected_seq)
      return bad("expected event " + std::to_string(expected_seq) + " here: an event is missing or out of order");
    if (c.prev != prev) return bad("its link to the previous event is broken (an event before it was changed, added or removed)");
    if (chain_hash(prev, event_json(c.event)) != c.hash) return bad("its content does not match its hash (it was changed)");
    prev = c.hash;
    ++expected_seq;
  }
  return v;
}

namespace {

// The wheel document of wheel_to_json, its events chained as `log`.
json wheel_document(const Wheel& wheel, std::string_view name, const std::vector<ChainedEvent>& log) {
  json doc;
  doc["format"] = std::string(json_format);
  doc["name"] = std::string(name);
  doc["policy"] = std::string(wheel.policy().name());
  doc["options"] = to_json(wheel.options());
  doc["seed"] = decimal(wheel.seed());
  doc["roster"] = json::array();
  for (const auto& p : wheel.roster()) doc["roster"].push_back(to_json(p));
  doc["events"] = json::array();
  for (const ChainedEvent& c : log) doc["events"].push_back(chained_event_object(c));
  doc["state"] = base64(wheel.save_state());
  return doc;
}

}  // namespace

std::string wheel_to_json(const Wheel& wheel, std::string_view name, int indent) {
  validate_id(name);
  if (wheel.log_base() != 0)
    throw InvalidArgument("this wheel holds only the events after its snapshot (from event " +
                          std::to_string(wheel.log_base() + 1) + "); export it from its store, which has them all");
  return wheel_document(wheel, name, chain(wheel.events())).dump(indent, ' ', false, json::error_handler_t::strict) +
         (indent >= 0 ? "\n" : "");
}

ImportedWheel wheel_from_json(std::string_view text) {
  const json doc = parse(text, refuse_duplicate_keys());
  const Node top{doc, ""};
  if (!doc.is_object()) top.fail("expected an object");
  const std::string format = top.at("format").str();
  if (format != json_format) {
    const std::string prefix = "opswheel/";
    int version = 0;
    if (format.rfind(prefix, 0) == 0) {
      const auto [end, ec] = std::from_chars(format.data() + prefix.size(), format.data() + format.size(), version);
      if (ec == std::errc{} && end == format.data() + format.size() && version > 1)
        throw UnsupportedVersion("the file's format is \"" + detail::printable(format) + "\", newer than this opswheel reads (\"" +
                                 std::string(json_format) + "\"); upgrade opswheel to read it");
    }
    top.at("format").fail("unknown format \"" + detail::printable(format) + "\"; expected \"" + std::string(json_format) + "\"");
  }
  const std::string name = top.at("name").str();
  try {
    validate_id(name);
  } catch (const InvalidId& e) {
    top.at("name").fail(e.what());
  }

  const Node events_node = top.at("events");
  std::vector<ChainedEvent> log = events_node.list([](const Node& n) {
    ChainedEvent c{event_from(n), n.at("prev").str(), n.at("hash").str()};
    if (!is_chain_hash(c.prev)) n.at("prev").fail("expected 64 lower-case hex digits");
    if (!is_chain_hash(c.hash)) n.at("hash").fail("expected 64 lower-case hex digits");
    return c;
  });
  if (log.empty()) events_node.fail("a wheel has at least its 'created' event");
  if (log.front().event.seq != 1) events_node.fail("the first event must be number 1");
  if (const Verification v = verify_chain(log); !v.ok) throw CorruptData("the audit chain is broken at " + v.problem);

  std::vector<Event> plain;
  plain.reserve(log.size());
  for (const auto& c : log) plain.push_back(c.event);
  Wheel wheel = Wheel::replay(plain);

  // The summary fields must be what the events give.
  if (top.at("policy").str() != wheel.policy().name() || options_from(top.at("options")) != wheel.options() ||
      top.at("seed").u64() != wheel.seed())
    top.fail("the policy, options or seed differ from the 'created' event");
  const auto roster = top.at("roster").list(participant_from);
  if (!std::equal(roster.begin(), roster.end(), wheel.roster().begin(), wheel.roster().end()))
    top.at("roster").fail("the roster differs from the one the events give");
  if (top.has("state") && unbase64(top.at("state")) != wheel.save_state())
    top.at("state").fail("the saved state differs from the one the events give");
  refuse_unknown_keys(doc, wheel_document(wheel, name, log), "");
  return ImportedWheel{name, std::move(wheel), std::move(log)};
}

OPSWHEEL_END_NAMESPACE
