// SPDX-License-Identifier: Apache-2.0
//
// The C API's wheel and suggestion handles over opswheel::Wheel.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <opswheel/date.hpp>
#include <opswheel/wheel.hpp>

#include "boundary.hpp"
#include "handles.hpp"

namespace capi = opswheel::capi;
using capi::firewall;
using capi::give_list;
using capi::need;
using capi::on_handle;
using capi::Owned;
using capi::owned;

namespace {

// The one list reader for suggestions and meetings, which hold the same lists.
template <class Record>
std::vector<std::string> list_of(const Record& r, int list) {
  std::vector<std::string> out;
  switch (list) {
    case OPSWHEEL_LIST_PICKS: return r.picks;
    case OPSWHEEL_LIST_PINNED: for (const auto& p : r.pinned) out.push_back(p.id); return out;
    case OPSWHEEL_LIST_PIN_REASONS: for (const auto& p : r.pinned) out.push_back(p.reason); return out;
    case OPSWHEEL_LIST_SKIPPED: for (const auto& s : r.skipped) out.push_back(s.id); return out;
    case OPSWHEEL_LIST_SKIP_REASONS: for (const auto& s : r.skipped) out.push_back(s.reason); return out;
    case OPSWHEEL_LIST_REPLACEMENTS: for (const auto& s : r.skipped) out.push_back(s.replacement); return out;
  }
  throw opswheel::InvalidArgument("unknown list " + std::to_string(list));
}

const opswheel::Meeting& meeting_at(const opswheel::Wheel& wheel, size_t number) {
  const auto& history = wheel.history();
  if (number == 0 || number > history.size())
    throw opswheel::InvalidArgument("meeting " + std::to_string(number) + " does not exist; meetings are numbered 1.." +
                                    std::to_string(history.size()));
  return history[number - 1];
}

const opswheel::Participant& team_at(const opswheel::Wheel& wheel, const char* id) {
  return wheel.roster().at(capi::id_text(id, "id"));
}

double stat_of(const opswheel::TeamStats& s, int stat) {
  switch (stat) {
    case OPSWHEEL_STAT_TURNS: return static_cast<double>(s.turns);
    case OPSWHEEL_STAT_LAST_MEETING: return s.last_meeting ? static_cast<double>(*s.last_meeting) : 0.0;
    case OPSWHEEL_STAT_CURRENT_GAP: return static_cast<double>(s.current_gap);
    case OPSWHEEL_STAT_LONGEST_GAP: return static_cast<double>(s.longest_gap);
    case OPSWHEEL_STAT_EXPECTED: return s.expected;
    case OPSWHEEL_STAT_DEVIATION: return s.deviation;
    case OPSWHEEL_STAT_DEBT: return s.debt;
  }
  throw opswheel::InvalidArgument("unknown statistic " + std::to_string(stat));
}

}  // namespace

extern "C" {

opswheel_status opswheel_wheel_new(const opswheel_options* options, opswheel_wheel** out) {
  return firewall(nullptr, __func__, [&] {
    need(out, "out");
    *out = new opswheel_wheel(options ? *options : opswheel_options());
  });
}

void opswheel_wheel_free(opswheel_wheel* wheel) { delete wheel; }

const char* opswheel_wheel_last_error(const opswheel_wheel* wheel) {
  return wheel ? wheel->text() : "opswheel_wheel_last_error: the wheel is NULL";
}

opswheel_status opswheel_wheel_policy(const opswheel_wheel* wheel, char** name) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(name, "name");
    *name = capi::copy_string(w.wheel.policy().name());
  });
}

opswheel_status opswheel_wheel_seed(const opswheel_wheel* wheel, uint64_t* seed) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) { *need(seed, "seed") = w.wheel.seed(); });
}

// ---- roster ----

opswheel_status opswheel_wheel_add(opswheel_wheel* wheel, const char* id, const char* name, const char* url,
                                   double weight) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    opswheel::Participant p;
    p.id = capi::id_text(id, "id");
    p.name = capi::text_or_empty(name, "name");
    p.url = capi::text_or_empty(url, "url");
    p.weight = weight;
    w.wheel.add(std::move(p));
  });
}

opswheel_status opswheel_wheel_remove(opswheel_wheel* wheel, const char* id) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) { w.wheel.remove(capi::id_text(id, "id")); });
}

opswheel_status opswheel_wheel_pause(opswheel_wheel* wheel, const char* id, const char* until) {
  return on_handle(wheel, __func__,
                   [&](opswheel_wheel& w) { w.wheel.pause(capi::id_text(id, "id"), capi::date_or_none(until)); });
}

opswheel_status opswheel_wheel_resume(opswheel_wheel* wheel, const char* id) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) { w.wheel.resume(capi::id_text(id, "id")); });
}

opswheel_status opswheel_wheel_resume_due(opswheel_wheel* wheel, const char* date, char*** ids, size_t* count) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    need(ids, "ids");
    need(count, "count");
    const opswheel::Date day = opswheel::parse_date(capi::text(date, "date"));
    // The resumed teams are some of the paused ones: room for all of those first, so that once
    // the teams are resumed nothing can fail and the change is always reported.
    std::vector<std::string> paused;
    for (const auto& p : w.wheel.roster())
      if (p.paused) paused.push_back(p.id);
    Owned block(static_cast<char*>(capi::allocate(capi::list_bytes(paused))), &std::free);
    const std::vector<std::string> due = w.wheel.resume_due(day);
    *ids = capi::fill_list(block.release(), due);
    *count = due.size();
  });
}

opswheel_status opswheel_wheel_set_weight(opswheel_wheel* wheel, const char* id, double weight) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) { w.wheel.set_weight(capi::id_text(id, "id"), weight); });
}

opswheel_status opswheel_wheel_reset(opswheel_wheel* wheel) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) { w.wheel.reset(); });
}

opswheel_status opswheel_wheel_teams(const opswheel_wheel* wheel, char*** ids, size_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(ids, "ids");
    need(count, "count");
    std::vector<std::string> all;
    all.reserve(w.wheel.roster().size());
    for (const auto& p : w.wheel.roster()) all.push_back(p.id);
    give_list(all, ids, count);
  });
}

opswheel_status opswheel_wheel_team_text(const opswheel_wheel* wheel, const char* id, char** name, char** url) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    if (!name && !url) throw capi::BoundaryError(OPSWHEEL_ERROR_NULL_ARGUMENT, "name and url are both NULL");
    const opswheel::Participant& p = team_at(w.wheel, id);
    Owned n = owned(name ? capi::copy_string(p.display_name()) : nullptr);
    Owned u = owned(url ? capi::copy_string(p.url) : nullptr);
    if (name) *name = n.release();
    if (url) *url = u.release();
  });
}

opswheel_status opswheel_wheel_team_state(const opswheel_wheel* wheel, const char* id, double* weight, int* paused,
                                          char** paused_until) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    if (!weight && !paused && !paused_until)
      throw capi::BoundaryError(OPSWHEEL_ERROR_NULL_ARGUMENT, "weight, paused and paused_until are all NULL");
    const opswheel::Participant& p = team_at(w.wheel, id);
    Owned until = owned(paused_until && p.paused_until ? capi::copy_string(opswheel::format_date(*p.paused_until))
                                                       : nullptr);
    if (weight) *weight = p.weight;
    if (paused) *paused = p.paused ? 1 : 0;
    if (paused_until) *paused_until = until.release();
  });
}

// ---- the meeting ----

opswheel_status opswheel_wheel_suggest(opswheel_wheel* wheel, size_t k, opswheel_suggestion** out) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    need(out, "out");
    // Room for the handle first: a spin moves the spin counter, so it must not be wasted.
    auto handle = std::make_unique<opswheel_suggestion>(opswheel::Suggestion{});
    handle->value = w.wheel.suggest(k);
    *out = handle.release();
  });
}

opswheel_status opswheel_wheel_skip(opswheel_wheel* wheel, opswheel_suggestion* suggestion, const char* id,
                                    const char* reason) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    need(suggestion, "suggestion");
    suggestion->value = w.wheel.skip(suggestion->value, capi::id_text(id, "id"), std::string(capi::text_or_empty(reason, "reason")));
  });
}

opswheel_status opswheel_wheel_accept(opswheel_wheel* wheel, const opswheel_suggestion* suggestion,
                                      const char* date) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    need(suggestion, "suggestion");
    w.wheel.accept(suggestion->value, capi::date_or_none(date));
  });
}

opswheel_status opswheel_wheel_accept_ids(opswheel_wheel* wheel, const char* const* ids, size_t count,
                                          const char* date) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    if (count > 0) need(ids, "ids");
    std::vector<std::string> picks;
    picks.reserve(count);
    for (size_t i = 0; i < count; ++i) picks.emplace_back(capi::text(ids[i], "an entry of ids"));
    w.wheel.accept(std::move(picks), capi::date_or_none(date));
  });
}

opswheel_status opswheel_wheel_pin(opswheel_wheel* wheel, const char* id, const char* reason) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    w.wheel.pin(capi::id_text(id, "id"), std::string(capi::text_or_empty(reason, "reason")));
  });
}

opswheel_status opswheel_wheel_unpin(opswheel_wheel* wheel, const char* id) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) { w.wheel.unpin(capi::id_text(id, "id")); });
}

opswheel_status opswheel_wheel_pins(const opswheel_wheel* wheel, char*** ids, size_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(ids, "ids");
    need(count, "count");
    std::vector<std::string> pinned;
    for (const auto& p : w.wheel.pins()) pinned.push_back(p.id);
    give_list(pinned, ids, count);
  });
}

// ---- chances and statistics ----

opswheel_status opswheel_wheel_chances(const opswheel_wheel* wheel, size_t k, double* chances, size_t capacity,
                                       int* exact) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(chances, "chances");
    need(exact, "exact");
    capi::need_capacity(capacity, w.wheel.roster().size(), "chances");
    const opswheel::Chances c = w.wheel.probabilities(k);
    std::copy(c.values.begin(), c.values.end(), chances);
    *exact = c.exact ? 1 : 0;
  });
}

opswheel_status opswheel_wheel_stats(const opswheel_wheel* wheel, opswheel_stat stat, double* values,
                                     size_t capacity) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(values, "values");
    capi::need_capacity(capacity, w.wheel.roster().size(), "values");
    const auto stats = w.wheel.stats();
    std::vector<double> column;
    column.reserve(stats.size());
    for (const auto& s : stats) column.push_back(stat_of(s, capi::as_int(stat)));  // an unknown stat throws before any write
    std::copy(column.begin(), column.end(), values);
  });
}

// ---- history ----

opswheel_status opswheel_wheel_meeting_count(const opswheel_wheel* wheel, size_t* count) {
  return on_handle(wheel, __func__,
                   [&](const opswheel_wheel& w) { *need(count, "count") = w.wheel.history().size(); });
}

opswheel_status opswheel_wheel_meeting_list(const opswheel_wheel* wheel, size_t number, opswheel_list list,
                                            char*** entries, size_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(entries, "entries");
    need(count, "count");
    give_list(list_of(meeting_at(w.wheel, number), capi::as_int(list)), entries, count);
  });
}

opswheel_status opswheel_wheel_meeting_info(const opswheel_wheel* wheel, size_t number, char** date,
                                            int* has_position, uint64_t* position) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    if (!date && !has_position && !position)
      throw capi::BoundaryError(OPSWHEEL_ERROR_NULL_ARGUMENT, "date, has_position and position are all NULL");
    const opswheel::Meeting& m = meeting_at(w.wheel, number);
    Owned day = owned(date && m.date ? capi::copy_string(opswheel::format_date(*m.date)) : nullptr);
    if (date) *date = day.release();
    if (has_position) *has_position = m.position ? 1 : 0;
    if (position) *position = m.position.value_or(0);
  });
}

// ---- suggestions ----

void opswheel_suggestion_free(opswheel_suggestion* suggestion) { delete suggestion; }

const char* opswheel_suggestion_last_error(const opswheel_suggestion* suggestion) {
  return suggestion ? suggestion->text() : "opswheel_suggestion_last_error: the suggestion is NULL";
}

opswheel_status opswheel_suggestion_list(const opswheel_suggestion* suggestion, opswheel_list list, char*** entries,
                                         size_t* count) {
  return on_handle(suggestion, __func__, [&](const opswheel_suggestion& s) {
    need(entries, "entries");
    need(count, "count");
    give_list(list_of(s.value, capi::as_int(list)), entries, count);
  });
}

opswheel_status opswheel_suggestion_position(const opswheel_suggestion* suggestion, uint64_t* position) {
  return on_handle(suggestion, __func__,
                   [&](const opswheel_suggestion& s) { *need(position, "position") = s.value.position; });
}

}  // extern "C"
