// SPDX-License-Identifier: Apache-2.0
//
// A random but reproducible "life" of a wheel: roster changes, pins, spins, skips, accepts and
// undos in the proportions a real wheel sees them, for the tests of the event log, snapshots and
// persistence. Every call the session makes is a valid one, so every step adds events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <opswheel/opswheel.hpp>

namespace opswheel_test {

class Session {
 public:
  /// `prefix` starts the ids of the teams it adds: sessions taking turns on one wheel need their own.
  explicit Session(std::uint64_t seed, std::string prefix = "team-") : rng_(seed), prefix_(std::move(prefix)) {}

  /// Adds `teams` teams with weights 1..3 (some with names and urls).
  void populate(opswheel::Wheel& w, int teams) {
    for (int i = 0; i < teams; ++i) add_one(w);
    opswheel::Cadence cadence;
    cadence.weekday = std::chrono::Tuesday;
    cadence.time_zone = "Europe/Dublin";
    w.set_cadence(cadence);
  }

  /// One random valid operation on `w`.
  void step(opswheel::Wheel& w) {
    const auto& roster = w.roster();
    const std::size_t active = w.policy().eligible_count();
    switch (rng_.below(20)) {
      case 0: add_one(w); return;
      case 1:
        if (roster.size() > 8 && w.pins().empty()) {
          w.remove(pick_id(w));
          suggestion_.reset();
          return;
        }
        break;
      case 2:
        if (active > 8) {
          const std::string id = pick_id(w);
          if (!roster.at(id).paused && !pinned(w, id)) {
            w.pause(id, rng_.below(2) ? std::optional(opswheel::Date{std::chrono::year{2027}, std::chrono::month{3}, std::chrono::day{1}}) : std::nullopt);
            suggestion_.reset();
            return;
          }
        }
        break;
      case 3:
        for (const auto& p : roster)
          if (p.paused) {
            w.resume(p.id);
            suggestion_.reset();
            return;
          }
        break;
      case 4: {
        // Another weight than the team has: setting the same one records nothing.
        const std::string id = pick_id(w);
        const double now = w.roster().at(id).weight;
        const double weight = 1.0 + static_cast<double>(rng_.below(3)) * 0.5;
        w.set_weight(id, weight < now ? weight : weight + 0.5);
        suggestion_.reset();
        return;
      }
      case 5: {
        const std::string id = pick_id(w);
        if (!roster.at(id).paused && !pinned(w, id) && w.pins().size() < 2) {
          w.pin(id, "incident " + std::to_string(rng_.below(100)));
          suggestion_.reset();
          return;
        }
        break;
      }
      case 6:
        if (!w.pins().empty()) {
          w.unpin(w.pins().front().id);
          suggestion_.reset();
          return;
        }
        break;
      case 7:
        if (w.can_undo()) {
          w.undo("entered by mistake");
          suggestion_.reset();
          return;
        }
        break;
      case 8:
        if (rng_.below(4) == 0) {
          w.reset();
          suggestion_.reset();
          return;
        }
        break;
      case 9:
        if (suggestion_ && active > suggestion_->picks.size() + suggestion_->skipped.size()) {
          suggestion_ = w.skip(*suggestion_, suggestion_->picks.back(), "on call");
          return;
        }
        break;
      case 10:
        if (active >= 3) {  // explicit picks: the first eligible teams, pinned ones included
          std::vector<std::string> ids;
          for (const auto& p : w.pins()) ids.push_back(p.id);
          for (const auto& p : roster)
            if (!p.paused && ids.size() < 3 && std::find(ids.begin(), ids.end(), p.id) == ids.end()) ids.push_back(p.id);
          w.accept(ids, std::nullopt);
          suggestion_.reset();
          return;
        }
        break;
      case 11: {  // an action item, raised at a meeting and due two weeks later
        const auto raised = w.actions().calendar().next_meeting(day(2026, 11, 1));
        opswheel::ItemCreated item;
        item.title = "Alarm on p99 latency " + std::to_string(rng_.below(1000));
        item.owner = pick_id(w);
        item.raised_at = raised;
        item.due = opswheel::Date{std::chrono::sys_days(raised) + std::chrono::days{14}};
        if (rng_.below(3) == 0) item.targets = {w.roster()[0].id, w.roster()[w.roster().size() - 1].id};
        if (item.targets.size() == 2 && item.targets[0] == item.targets[1]) item.targets.pop_back();
        w.change_actions(item);
        suggestion_.reset();
        return;
      }
      case 12:
        if (!w.actions().items().empty()) {
          const auto& item = w.actions().items()[rng_.below(w.actions().items().size())];
          if (opswheel::is_active(item.status)) {
            if (rng_.below(2)) w.change_actions(opswheel::DueMoved{item.id, opswheel::Date{std::chrono::sys_days(item.due) + std::chrono::days{7}}, "waiting on a vendor"});
            else w.change_actions(opswheel::CommentAdded{item.id, "reported back"});
            suggestion_.reset();
            return;
          }
        }
        break;
      default: break;
    }
    // Most steps: a meeting, spun and accepted (sometimes after a second spin).
    const std::size_t k = std::min<std::size_t>(active, 3);
    if (k == 0 || k < w.pins().size()) {
      add_one(w);
      return;
    }
    suggestion_ = w.suggest(k);
    if (rng_.below(3) == 0) {
      w.accept(*suggestion_);
      suggestion_.reset();
    }
  }

 private:
  void add_one(opswheel::Wheel& w) {
    opswheel::Participant p;
    p.id = prefix_ + std::to_string(next_++);
    p.weight = 1.0 + static_cast<double>(rng_.below(3));
    if (rng_.below(2)) p.name = "Team " + std::to_string(next_);
    if (rng_.below(3) == 0) p.url = "https://dash.example/" + p.id;
    w.add(std::move(p));
    suggestion_.reset();
  }
  static opswheel::Date day(int y, unsigned m, unsigned d) {
    return opswheel::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  }
  std::string pick_id(const opswheel::Wheel& w) { return w.roster()[rng_.below(w.roster().size())].id; }
  static bool pinned(const opswheel::Wheel& w, const std::string& id) {
    return std::any_of(w.pins().begin(), w.pins().end(), [&](const opswheel::Pin& p) { return p.id == id; });
  }

  opswheel::Rng rng_;
  std::string prefix_;
  int next_ = 0;
  std::optional<opswheel::Suggestion> suggestion_;
};

}  // namespace opswheel_test
