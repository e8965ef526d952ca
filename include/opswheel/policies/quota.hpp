// SPDX-License-Identifier: Apache-2.0
//
// QuotaPolicy ("quota"): random picks that keep every team within quota. The flagship.
//
// Guarantee, with slack s (PolicyOptions::slack), x_i(t) the turns of team i after week t and
// E_i(t) its target — its share π_i = min(1, c·w_i) (Σπ_i = k) summed over the weeks it was
// eligible, as Wheel::stats() reports it (detail/targets.hpp):
//     ⌊E_i(t)⌋ − s <= x_i(t) <= ⌈E_i(t)⌉ + s          after every week,
// through adds, removes, pauses, resumes, weight changes and changes of k; so |x_i − E_i| < s + 1
// and no team waits longer than about (2s + 2) turns' worth of its share, with k distinct teams
// a week. Inside those bounds the draw is random, and it leans toward teams that are behind their
// share or have waited long, so the bounds rarely bind and a team is almost never certain to be
// safe or due (measured in docs/fairness.md, on a fixed roster and under weekly changes).
// Pins, skips of a team that was due, explicit picks and dead ends can take a team past its
// bound: the excess becomes the team's debt, paid back at half its share a week, and the bound
// reads |x_i − E_i| < s + 1 + |debt_i| (detail/targets.hpp; debt(), Wheel::stats().debt).
//
// How each week is drawn, on the effective targets E_i + debt_i (targets.hpp's epoch: within
// it, each target is (b_i + a_i·T)/scale at week T, b_i carrying the team's lag across changes):
// 1. A team may be picked if one more turn keeps it within its upper bound this week; a team whose
//    lower bound would be broken without a turn this week is in for certain.
// 2. Lower test (Still 1979; Balinski & Young, "Quotatone apportionment methods", 1979): for every
//    future week T, the turns teams still need by T to meet their lower bounds must fit in the
//    k·(T − t − 1) picks of the weeks after this one. A team's deadline D_i is the first week its
//    lower bound would pass it by; the week's set must contain enough teams with early deadlines.
// 3. Upper room test (as Pfair eligibility; Baruah, Cohen, Plaxton & Varvel, "Proportionate
//    progress", 1996): for every future week T, the teams that are not at their upper bounds must
//    be able to take k picks a week; teams whose room runs out before T (the set G_T) may take only
//    so many of this week's picks.
// 4. Candidates are drawn one at a time without replacement, with weight
//        f_i = w_i · exp(β_i·lag_i) / (1 − exp(−max(0.005, G − age_i))),
//    lag_i = E_i(t + 1) − x_i (how far behind its share), age_i = the share accrued since its
//    last turn (paused weeks accrue none), G = PolicyOptions::gap_target and β_i =
//    PolicyOptions::lean, times √(π_i / mean share) for a team whose share is below the mean (a
//    small share crosses its band slowly, and the full lean held its chance near 0 whenever it was
//    a little ahead); a candidate is kept if the week's set with it, completed with the most
//    urgent teams, passes both tests.
// All bounds and tests are exact integer arithmetic over the shares; the lean uses
// detail::portable_exp so the same seed draws the same teams on every platform.
//
// What is proven and what is not: both tests are necessary conditions (a set that fails one
// leaves a state no schedule can keep within the bounds), and for k = 1 the lower test is Still's,
// which never dead-ends on a fixed roster. For k >= 2 passing both is not proven sufficient; the
// pair survived an exhaustive search of small instances (every weight vector with N <= 6, weights
// 1..3, k <= 3, s <= 2, 200 weeks: tests/cpp/test_quota.cpp) and a stress run of 100,000 random
// instances with N <= 12 over 400 weeks (benchmarks/quota_stress.cpp). If no candidate can be
// kept, the week goes to the most urgent teams that pass both tests; if none do, an exact check
// decides (detail/quota_flow.hpp: a max-flow over the look-ahead window finds a week from which
// every bound can still be kept, if there is one). Only when that fails too is the week a dead
// end (dead_ends()), and the bound may then break (into debt, as above). A roster change can leave
// a state from which no schedule keeps every bound (more teams due at once than there are picks):
// with s >= 1 that was seen in 1 of 200 runs of small rosters changing in most weeks
// (tests/cpp/test_targets.cpp) and never on the standard roster under weekly changes; with s = 0
// it is common on small rosters.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "../detail/portable_math.hpp"
#include "../detail/quota_flow.hpp"
#include "../detail/shares.hpp"
#include "../detail/targets.hpp"
#include "../errors.hpp"
#define OPSWHEEL_DETAIL_IN_POLICY_HEADER  // the end of policy.hpp says why
#include "../policy.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// "quota", the flagship: random picks that keep every team within its quota plus slack (the
/// guarantee is at the top of this file).
class QuotaPolicy final : public Policy {
 public:
  /// Throws InvalidArgument for invalid options (see validate(const PolicyOptions&)).
  explicit QuotaPolicy(const PolicyOptions& options = {}) : options_(checked(options)), ledger_(options.slack) {}

  std::string_view name() const noexcept override { return "quota"; }
  std::unique_ptr<Policy> clone() const override { return std::make_unique<QuotaPolicy>(*this); }

  const PolicyOptions& options() const noexcept { return options_; }
  /// Weeks since the current epoch began (detail/targets.hpp).
  std::uint64_t epoch_week() const noexcept { return ledger_.current().week; }
  /// Team i's unpaid debt in turns (detail/targets.hpp): positive when it presented more than
  /// its share, through pins, explicit picks or dead ends; negative when it was skipped while due.
  double debt(std::size_t index) const override { return ledger_.debt(index); }
  /// Team i's lag after the last accepted week: its target plus debt, minus its turns.
  double lag(std::size_t index) const { return ledger_.lag(index); }
  /// Weeks in which a team ended outside its bound and had whole turns moved into its debt.
  std::uint64_t settlements() const noexcept { return ledger_.settled(); }
  /// Draws whose fast tests found no set and that asked the exact check (detail/quota_flow.hpp).
  std::uint64_t exact_checks() const noexcept { return exact_checks_; }
  /// Draws for which not even the exact check found a week that keeps every bound.
  std::uint64_t dead_ends() const noexcept override { return dead_ends_; }

 protected:
  // Roster changes reach the targets at the next accepted week (the ledger restarts its epoch
  // then), so a change undone before it leaves everything as it was.
  void on_add(std::size_t) override {
    ledger_.add_member();
    if (has_state()) append_member(state_);
  }
  void on_remove(std::size_t index) override {
    ledger_.remove_member(index);
    if (has_state()) erase_member(state_, index);
  }
  void on_set_weight(std::size_t, double) override { ledger_.touch(); }
  void on_pause(std::size_t) override { ledger_.touch(); }
  void on_resume(std::size_t) override { ledger_.touch(); }
  void on_reset() override { ledger_.reset(); }

  // The state after an accept is a function of the state before and the accept alone (a
  // snapshot taken between a spin and its accept must go on as the wheel would have): a new
  // epoch's state is built as of its start, the plan a draw made after the change, then moved on
  // by the week like any other.
  void do_accept(std::span<const std::size_t> picks) override {
    const Pending::Key key{members_version_, picks.size(), accepts_++};
    const bool planned = pending_ && pending_->key == key;
    if (ledger_.begin_week(picks.size(), members_, planned ? &pending_->epoch : nullptr))
      state_ = planned ? std::move(pending_->state) : build_state(ledger_.current(), picks.size());
    pending_.reset();
    const detail::Epoch& e = ledger_.current();
    advance(e, picks);  // before the ledger moves the week on: it reads the tracks of the week drawn
    if (ledger_.end_week(picks)) state_ = build_state(e, picks.size());
  }

  // The estimate draws from a copy, so that its 4,000 draws do not count in the diagnostics.
  Chances do_probabilities(std::size_t k) const override {
    const QuotaPolicy scratch(*this);
    return scratch.Policy::do_probabilities(k);
  }

  void do_save(detail::StateWriter& out) const override {
    ledger_.save(out);
    out.u64(exact_checks_);
    out.u64(dead_ends_);
    if (!has_state()) return;
    out.list(state_.tracks, [&](const Track& tr) {
      out.i64(tr.fl);
      for (const std::uint64_t v : {tr.rem, tr.dq, tr.dr, tr.step_q, tr.step_r}) out.u64(v);
      for (const double v : {tr.lean, tr.lean_step, tr.lean_turn, tr.age, tr.age_step}) out.f64(v);
    });
    const DueLedger& d = state_.due;
    out.i64(d.start);
    out.i64(d.window);
    out.list(d.ring, [&](std::int64_t v) { out.i64(v); });
    out.u64s(d.fq);
    out.u64s(d.fr);
    out.list(d.later, [&](const std::pair<std::int64_t, std::size_t>& e) {
      out.i64(e.first);
      out.size(e.second);
    });
  }

  void do_load(detail::StateReader& in) override {
    const std::size_t n = members_.size();
    ledger_.load(in, n);
    exact_checks_ = in.u64();
    dead_ends_ = in.u64();
    pending_.reset();
    if (!has_state()) return;
    State s;
    s.tracks = in.list<Track>(88, [&] {
      Track tr;
      tr.fl = in.i64();
      for (std::uint64_t* v : {&tr.rem, &tr.dq, &tr.dr, &tr.step_q, &tr.step_r}) *v = in.u64();
      for (double* v : {&tr.lean, &tr.lean_step, &tr.lean_turn, &tr.age, &tr.age_step}) *v = in.f64();
      return tr;
    });
    DueLedger& d = s.due;
    d.start = in.i64();
    d.window = in.i64();
    d.ring = in.list<std::int64_t>(8, [&] { return in.i64(); });
    d.fq = in.u64s();
    d.fr = in.u64s();
    d.later = in.list<std::pair<std::int64_t, std::size_t>>(16, [&] {
      const std::int64_t T = in.i64();
      return std::pair{T, in.index(n)};
    });
    if (s.tracks.size() != n || d.fq.size() != n || d.fr.size() != n || d.window < 0 ||
        d.ring.size() != static_cast<std::size_t>(d.window) + 1 || !std::is_heap(d.later.begin(), d.later.end(), DueLedger::sooner))
      in.fail("a quota state that does not fit " + std::to_string(n) + " members");
    state_ = std::move(s);
  }

  std::vector<std::size_t> do_draw(const Request& request, Rng& rng) const override {
    // A draw after a change (or with another k) plans the week the new epoch would start; that
    // plan is kept while nothing changes, since probabilities() draws thousands of times.
    const Pending::Key key{members_version_, request.k, accepts_};
    bool changed = pending_ && pending_->key == key;
    if (!changed) {
      const detail::Epoch& next = ledger_.epoch_for(request.k, members_);
      changed = &next != &ledger_.current();
      if (changed) pending_ = Pending{key, next, build_state(next, request.k)};
    }
    const detail::Epoch& epoch = changed ? pending_->epoch : ledger_.current();
    Week& week = week_;  // reused from draw to draw: its buffers keep their capacity
    plan_week(week, epoch, changed ? pending_->state : state_, request);
    std::vector<std::size_t> chosen = request.required;
    for (const std::size_t i : week.forced)
      if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) chosen.push_back(i);
    if (chosen.size() > request.k) {  // more teams due than picks: only a broken state gets here
      ++dead_ends_;
      chosen.resize(request.k);
      return chosen;
    }

    // Candidates and their lean weights.
    std::vector<std::size_t>& candidates = week.candidates;
    std::vector<double>& weight = week.weights;
    candidates.clear();
    weight.clear();
    for (const std::size_t i : week.pickable)
      if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) {
        candidates.push_back(i);
        weight.push_back(lean_weight(week, i));
      }
    double total = 0;
    for (const double w : weight) total += w;

    std::vector<std::size_t>& trial = week.trial;
    while (chosen.size() < request.k && !candidates.empty()) {
      // One candidate ∝ weight, without replacement.
      const double target = rng.uniform01() * total;
      std::size_t c = 0;
      for (double acc = weight[0]; !(target < acc) && c + 1 < candidates.size(); acc += weight[++c]) {}
      const std::size_t i = candidates[c];
      total -= weight[c];
      candidates[c] = candidates.back();  // without replacement: the last one takes its slot
      weight[c] = weight.back();
      candidates.pop_back();
      weight.pop_back();
      if (total < 0) total = 0;

      trial.assign(chosen.begin(), chosen.end());
      trial.push_back(i);
      complete(week, trial, request.k);
      if (trial.size() == request.k && passes(week, trial)) chosen.push_back(i);
    }
    if (chosen.size() < request.k) {
      // No candidate could be kept: the week goes to the most urgent teams that pass, and is a
      // dead end only when even they do not.
      complete(week, chosen, request.k);
      if (chosen.size() < request.k || !passes(week, chosen)) {
        // The fast tests found nothing: ask the exact check for a week that keeps every bound.
        ++exact_checks_;
        if (auto exact = exact_week(epoch, request)) chosen = std::move(*exact);
        else ++dead_ends_;
      }
      // Still short only when too few teams have upper room: take the least served of the rest.
      std::vector<std::size_t> rest;
      for (std::size_t i = 0; i < members_.size(); ++i)
        if (is_open(request, i) && std::find(chosen.begin(), chosen.end(), i) == chosen.end()) rest.push_back(i);
      std::stable_sort(rest.begin(), rest.end(),
                       [&](std::size_t a, std::size_t b) { return week.epoch->turns[a] < week.epoch->turns[b]; });
      for (auto it = rest.begin(); chosen.size() < request.k; ++it) chosen.push_back(*it);
    }
    return chosen;
  }

 private:
  using i128 = detail::int128;

  // Per member, the week-to-week quantities of the current epoch, kept as quotient and remainder
  // so that a week or a turn moves them on by additions alone (no 128-bit division in a draw).
  // With e(T) = (b + a·T)/scale the effective target at week T of the epoch (b the offset, a the
  // units; detail/targets.hpp) and x the turns in the epoch:
  struct Track {
    std::int64_t fl = 0;                    // b + a·(t+1) = fl·scale + rem: ⌊e(t+1)⌋ = fl, ⌈e(t+1)⌉ = fl + (rem > 0)
    std::uint64_t rem = 0;
    std::uint64_t dq = 0, dr = 0;           // (x + 1 + s)·scale − b = dq·a + dr: next deadline = dq + (dr > 0)
    std::uint64_t step_q = 0, step_r = 0;   // scale = step_q·a + step_r: one turn further
    // The lean's two factors, moved on by multiplication (a week multiplies the first by
    // e^{β_i·π} and the second by e^{π}; a turn divides the first by e^{β_i} and resets the second).
    double lean = 1, lean_step = 1, lean_turn = 1;  // e^{β_i·lag}, e^{β_i·π} and e^{−β_i}
    double age = 1, age_step = 1;           // e^{age} (age: the share accrued since the last turn) and e^{π}
  };

  static void step_deadline(const std::uint64_t a, const Track& tr, std::uint64_t& dq, std::uint64_t& dr) {
    dq += tr.step_q;
    dr += tr.step_r;
    if (dr >= a) {
      ++dq;
      dr -= a;
    }
  }

  // The lower test's count of turns due, week by week: due[T] = how many of the teams' future
  // turns y (y = x+1, x+2, …) must have happened by week T, i.e. have ⌈(y + s)/π⌉ = T (overdue
  // ones count at the first week). Kept for the weeks start..start+window in a ring, and moved on
  // as weeks and turns are accepted: a turn takes its deadline out, a new week at the far end
  // takes in the deadlines that fall on it (O(k) a week on average, as Σπ = k).
  struct DueLedger {
    std::int64_t start = 0;                           // the first week covered (t + 1)
    std::int64_t window = 0;                          // covered: start .. start + window
    std::vector<std::int64_t> ring;                   // due of week T at ring[T mod (window + 1)]
    std::vector<std::uint64_t> fq, fr;                // per member: its first deadline past the window,
                                                      // as dq, dr in Track
    std::vector<std::pair<std::int64_t, std::size_t>> later;  // (that deadline, member), a min-heap

    std::int64_t& at(std::int64_t T) { return ring[static_cast<std::size_t>(T % (window + 1))]; }
    std::int64_t at(std::int64_t T) const { return ring[static_cast<std::size_t>(T % (window + 1))]; }
    static bool sooner(const std::pair<std::int64_t, std::size_t>& a, const std::pair<std::int64_t, std::size_t>& b) {
      return a > b;  // std heaps keep the largest first; this puts the soonest first
    }
  };

  struct State {
    std::vector<Track> tracks;
    DueLedger due;
  };

  State build_state(const detail::Epoch& e, std::size_t k) const {
    State state{build_tracks(e), {}};
    DueLedger& d = state.due;
    std::size_t free_teams = 0;
    for (std::size_t i = 0; i < members_.size(); ++i) free_teams += e.units[i] > 0 && e.units[i] < e.scale;
    d.start = static_cast<std::int64_t>(e.week) + 1;
    d.window = lookahead(k, free_teams);
    d.ring.assign(static_cast<std::size_t>(d.window + 1), 0);
    d.fq.assign(members_.size(), 0);
    d.fr.assign(members_.size(), 0);
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const std::uint64_t a = e.units[i];
      if (a == 0 || a == e.scale) continue;
      const Track& tr = state.tracks[i];
      std::uint64_t dq = tr.dq, dr = tr.dr;
      for (auto T = static_cast<std::int64_t>(dq + (dr > 0)); T <= d.start + d.window;
           T = static_cast<std::int64_t>(dq + (dr > 0))) {
        ++d.at(std::max(d.start, T));
        step_deadline(a, tr, dq, dr);
      }
      d.fq[i] = dq;
      d.fr[i] = dr;
      d.later.emplace_back(static_cast<std::int64_t>(dq + (dr > 0)), i);
    }
    std::make_heap(d.later.begin(), d.later.end(), DueLedger::sooner);
    return state;
  }

  std::vector<Track> build_tracks(const detail::Epoch& e) const {
    std::vector<Track> tracks(members_.size());
    const i128 scale = e.scale;
    const i128 s = options_.slack;
    const auto eligible = static_cast<double>(std::count_if(e.units.begin(), e.units.end(), [](auto u) { return u > 0; }));
    const double mean_share = static_cast<double>(e.k) / eligible;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const i128 a = e.units[i];
      if (a == 0) continue;
      Track& tr = tracks[i];
      const i128 next = e.target(i, static_cast<i128>(e.week) + 1);
      const i128 fl = detail::floor_div(next, scale);
      tr.fl = static_cast<std::int64_t>(fl);
      tr.rem = static_cast<std::uint64_t>(next - fl * scale);
      // Positive while the lag is inside the band: (s + 1)·scale − lag·scale + a·t > 0.
      const i128 due = (static_cast<i128>(e.turns[i]) + 1 + s) * scale - e.offset[i];
      tr.dq = static_cast<std::uint64_t>(due / a);
      tr.dr = static_cast<std::uint64_t>(due % a);
      tr.step_q = static_cast<std::uint64_t>(scale / a);
      tr.step_r = static_cast<std::uint64_t>(scale % a);
      const double share = static_cast<double>(e.units[i]) / static_cast<double>(e.scale);
      const double lag = static_cast<double>(tr.fl) + static_cast<double>(tr.rem) / static_cast<double>(e.scale) -
                         static_cast<double>(e.turns[i]);
      const double age = e.lag_turns(i) - ledger_.turn_lag(i) + share;  // through the week drawn
      // A team with a small share moves through its band slowly, and a full lean would hold its
      // chance near 0 whenever it is a little ahead: the lean eases off as √(π_i / mean share).
      const bool small = a * static_cast<i128>(eligible) < static_cast<i128>(e.k) * scale;  // exactly: π_i < mean
      const double lean = small ? options_.lean * std::sqrt(share / mean_share) : options_.lean;
      tr.lean = detail::portable_exp(lean * lag);
      tr.lean_step = detail::portable_exp(lean * share);
      tr.lean_turn = detail::portable_exp(-lean);
      tr.age = detail::portable_exp(age);
      tr.age_step = detail::portable_exp(share);
    }
    return tracks;
  }

  // Keeps the state's per-member lists in step with the roster.
  static void erase_member(State& state, std::size_t index) {
    state.tracks.erase(state.tracks.begin() + static_cast<std::ptrdiff_t>(index));
    DueLedger& d = state.due;
    d.fq.erase(d.fq.begin() + static_cast<std::ptrdiff_t>(index));
    d.fr.erase(d.fr.begin() + static_cast<std::ptrdiff_t>(index));
    std::erase_if(d.later, [&](const auto& entry) { return entry.second == index; });
    for (auto& entry : d.later) entry.second -= entry.second > index;
    std::make_heap(d.later.begin(), d.later.end(), DueLedger::sooner);
  }
  static void append_member(State& state) {
    state.tracks.emplace_back();
    state.due.fq.push_back(0);
    state.due.fr.push_back(0);
  }

  bool has_state() const noexcept { return ledger_.current().k > 0; }

  static const PolicyOptions& checked(const PolicyOptions& options) {
    validate(options);
    return options;
  }

  // After an accepted week of the same epoch: one week on for everyone, one turn on for the picks.
  void advance(const detail::Epoch& e, std::span<const std::size_t> picks) {
    DueLedger& d = state_.due;
    for (const std::size_t i : picks) {  // each pick's turn is no longer due
      const std::uint64_t a = e.units[i];
      if (a == 0 || a == e.scale) continue;
      const Track& tr = state_.tracks[i];
      const auto T = static_cast<std::int64_t>(tr.dq + (tr.dr > 0));
      if (T <= d.start + d.window) {
        --d.at(std::max(d.start, T));
      } else {  // its next deadline was the one past the window: the one after takes its place
        step_deadline(a, tr, d.fq[i], d.fr[i]);
        d.later.emplace_back(static_cast<std::int64_t>(d.fq[i] + (d.fr[i] > 0)), i);
        std::push_heap(d.later.begin(), d.later.end(), DueLedger::sooner);
      }
    }
    // The week is over: anything still due in it stays overdue, and a new week joins the far end.
    const std::int64_t overdue = d.at(d.start);
    d.at(d.start) = 0;
    ++d.start;
    d.at(d.start) += overdue;
    const std::int64_t far = d.start + d.window;
    while (!d.later.empty() && d.later.front().first <= far) {
      std::pop_heap(d.later.begin(), d.later.end(), DueLedger::sooner);
      const auto [T, i] = d.later.back();
      d.later.pop_back();
      if (T != static_cast<std::int64_t>(d.fq[i] + (d.fr[i] > 0))) continue;  // replaced since
      ++d.at(std::max(d.start, T));
      step_deadline(e.units[i], state_.tracks[i], d.fq[i], d.fr[i]);
      d.later.emplace_back(static_cast<std::int64_t>(d.fq[i] + (d.fr[i] > 0)), i);
      std::push_heap(d.later.begin(), d.later.end(), DueLedger::sooner);
    }

    for (std::size_t i = 0; i < members_.size(); ++i) {
      const std::uint64_t a = e.units[i];
      if (!members_[i].eligible || a == 0) continue;
      Track& tr = state_.tracks[i];
      tr.rem += a;
      if (tr.rem >= e.scale) {
        ++tr.fl;
        tr.rem -= e.scale;
      }
      tr.lean *= tr.lean_step;
      tr.age *= tr.age_step;
    }
    for (const std::size_t i : picks)
      if (e.units[i] > 0) {
        Track& tr = state_.tracks[i];
        step_deadline(e.units[i], tr, tr.dq, tr.dr);
        tr.lean *= tr.lean_turn;
        tr.age = tr.age_step;
      }
  }

  // Everything one week's draw needs: O(N·span + horizon) additions, where span (the upper test's)
  // is about (2s + 3)/(1 − π_max) weeks and horizon (the lower test's) the latest deadline.
  struct Week {
    std::int64_t t = 0;                         // weeks done in the epoch; this draw is week t + 1
    std::vector<std::size_t> pickable;          // open members one more turn keeps within the upper bound
    std::vector<std::size_t> forced;            // open members that must present this week
    std::vector<std::int64_t> deadline;         // by member: the week its next turn is due by (never if none)
    std::vector<std::int64_t> joins_g;          // by member: first week with no room to spare (never if none)
    std::vector<std::int64_t> tau;              // tau[r-1]: the r-th earliest free deadline in the set must be <= it
    std::vector<std::int64_t> cap_min_from;     // cap_min_from[T − t − 2] = min cap(T') over T' >= T
    std::vector<std::size_t> urgency;           // the most urgent pickable members, first first
    // Scratch space, kept between draws.
    std::vector<std::int64_t> cap, keys, steady;
    std::vector<std::size_t> candidates;
    std::vector<double> weights;
    std::vector<std::size_t> trial;
    std::vector<std::tuple<std::int64_t, std::int64_t, std::size_t>> urgency_keys;
    const detail::Epoch* epoch = nullptr;
    const std::vector<Track>* tracks = nullptr;
  };
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

  void plan_week(Week& w, const detail::Epoch& e, const State& state, const Request& request) const {
    const std::vector<Track>& tracks = state.tracks;
    w.pickable.clear();
    w.forced.clear();
    w.epoch = &e;
    w.tracks = &tracks;
    w.t = static_cast<std::int64_t>(e.week);
    const std::size_t n = members_.size();
    const auto s = static_cast<std::int64_t>(options_.slack);
    const std::int64_t t1 = w.t + 1;
    w.deadline.assign(n, never);
    w.joins_g.assign(n, never);

    const bool plain = request.required.empty() && request.excluded.empty();
    // Per team: can it take a turn now, must it, and when is its next turn due. A team with a
    // share of 1 presents every week: skipping one would hand its turn to the others for good (it
    // can never take two in a week), so it gets no slack, and the tests below leave it and its
    // pick out (k_free picks for the free teams).
    std::int64_t horizon = t1;
    double share_max = 0;
    std::size_t free_teams = 0;
    auto k_free = static_cast<std::int64_t>(request.k);
    for (std::size_t i = 0; i < n; ++i) {
      if (!members_[i].eligible) continue;
      const std::uint64_t a = e.units[i];
      const auto x = static_cast<std::int64_t>(e.turns[i]);
      const Track& tr = tracks[i];
      const auto ceil_now = static_cast<std::int64_t>(tr.fl + (tr.rem > 0));
      const bool open = plain || is_open(request, i);
      const bool capped = a == e.scale;
      if (open && x + 1 <= ceil_now + s) w.pickable.push_back(i);
      if (open && (capped || x < static_cast<std::int64_t>(tr.fl) - s)) w.forced.push_back(i);
      if (capped) {
        --k_free;
        continue;
      }
      ++free_teams;
      share_max = std::max(share_max, static_cast<double>(a) / static_cast<double>(e.scale));
      if (a > 0) {
        w.deadline[i] = std::max(t1, static_cast<std::int64_t>(tr.dq + (tr.dr > 0)));
        horizon = std::max(horizon, w.deadline[i]);
      }
    }

    // Lower test: m(T) = (turns due by T) − k·(T − t − 1), and tau_r = min{T : m(T) >= r}, read
    // off the due ledger up to the latest deadline (or the end of its window).
    const DueLedger& due = state.due;
    horizon = std::min(horizon, due.start + due.window);
    const auto k_tau = static_cast<std::size_t>(k_free);
    w.tau.assign(k_tau + 1, never);
    std::int64_t running = 0;
    std::size_t r = 0;
    std::size_t slot = static_cast<std::size_t>(t1 % (due.window + 1));  // walks the ring without a division
    for (std::int64_t T = t1; T <= horizon && r <= k_tau; ++T) {
      running += due.ring[slot];
      if (++slot == due.ring.size()) slot = 0;
      const std::int64_t m = running - k_free * (T - w.t - 1);
      while (r <= k_tau && m >= static_cast<std::int64_t>(r) + 1) w.tau[r++] = T;
    }

    // Upper room test: room_j(T) = ⌈π_j·T⌉ + s − x_j turns j may still take by week T. The weeks
    // t+2..T need k_free·(T − t − 1) picks, and j can give at most min(T − t − 1, room_j(T)) of
    // them, one less for a pick now once room_j(T) <= T − t − 1 (j is then in G_T; it joins at
    // joins_g[j]). So cap(T) = Σ_j min(T − t − 1, room_j(T)) − k_free·(T − t − 1) bounds how
    // many of this week's picks may come from G_T. Within the bounds room_j(T) <= π_j·(T − t) +
    // 2s + 2, so every free team has joined by T − t = ⌈(2s + 3)/(1 − π_max)⌉, and from there on
    // cap(T) >= k: the test looks that many weeks ahead.
    const std::int64_t span = std::min<std::int64_t>(
        lookahead(request.k, free_teams),
        static_cast<std::int64_t>(std::ceil((2.0 * static_cast<double>(s) + 3.0) / (1.0 - share_max))));
    std::vector<std::int64_t>& cap = w.cap;  // cap[T − t − 2]
    cap.assign(static_cast<std::size_t>(span), 0);
    for (std::size_t u = 1; u <= cap.size(); ++u) cap[u - 1] = -k_free * static_cast<std::int64_t>(u);
    // A team whose ⌈π·T⌉ cannot step within the span (rem + span·a <= scale) has the same room
    // all through it; those teams are counted by room in `steady` and added in one pass.
    std::vector<std::int64_t>& steady = w.steady;
    steady.assign(cap.size() + 1, 0);
    for (std::size_t j = 0; j < n; ++j) {
      const std::uint64_t a = e.units[j];
      if (!members_[j].eligible || a == e.scale) continue;
      std::int64_t fl = tracks[j].fl;
      std::uint64_t rem = tracks[j].rem;
      const std::int64_t base = s - static_cast<std::int64_t>(e.turns[j]);
      if (a > 0 && rem + static_cast<std::uint64_t>(cap.size()) * a <= e.scale) {
        const std::int64_t room = static_cast<std::int64_t>(fl) + 1 + base;  // ⌈π·T⌉ = fl + 1 for T > t + 1
        const std::int64_t clamped = std::clamp<std::int64_t>(room, 0, static_cast<std::int64_t>(cap.size()));
        ++steady[static_cast<std::size_t>(clamped)];
        if (room <= static_cast<std::int64_t>(cap.size())) w.joins_g[j] = t1 + std::max<std::int64_t>(room, 1);
        if (room < 0)  // cannot happen within the bounds; kept exact all the same
          for (std::size_t u = 1; u <= cap.size(); ++u) cap[u - 1] += room;
        continue;
      }
      for (std::size_t u = 1; u <= cap.size(); ++u) {  // T = t + 1 + u
        rem += a;
        if (rem >= e.scale) {
          ++fl;
          rem -= e.scale;
        }
        const std::int64_t room = static_cast<std::int64_t>(fl + (rem > 0)) + base;
        const auto weeks = static_cast<std::int64_t>(u);
        if (room <= weeks && w.joins_g[j] == never) w.joins_g[j] = t1 + weeks;
        cap[u - 1] += std::min(weeks, room);
      }
    }
    for (std::size_t room = 1; room <= cap.size(); ++room)  // min(u, room) for the steady teams
      if (const std::int64_t count = steady[room])
        for (std::size_t u = 1; u <= cap.size(); ++u)
          cap[u - 1] += count * static_cast<std::int64_t>(std::min(u, room));
    w.cap_min_from.assign(cap.size(), 0);
    std::int64_t floor_cap = never;
    for (std::size_t u = cap.size(); u-- > 0;) w.cap_min_from[u] = floor_cap = std::min(floor_cap, cap[u]);

    // Completions take the most urgent teams: earliest deadline first; among equals, the team that
    // joins G last. A week's set has at most k members, so the 4k most urgent leave room to pass
    // over the teams the upper test turns away.
    auto& keys = w.urgency_keys;
    keys.clear();
    for (const std::size_t i : w.pickable) keys.push_back({w.deadline[i], -w.joins_g[i], i});
    const std::size_t keep = std::min(keys.size(), 4 * request.k);
    std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(keep), keys.end());
    keys.resize(keep);
    std::sort(keys.begin(), keys.end());
    w.urgency.clear();
    for (const auto& key : keys) w.urgency.push_back(std::get<2>(key));
  }

  // A week from detail::feasible_week over the look-ahead window, pinned teams first; nullopt if
  // there is none, or the flow would be too large to build (over about 4 million nodes).
  std::optional<std::vector<std::size_t>> exact_week(const detail::Epoch& e, const Request& request) const {
    std::size_t free_teams = 0;
    std::vector<char> eligible(members_.size()), allowed(members_.size());
    for (std::size_t i = 0; i < members_.size(); ++i) {
      eligible[i] = members_[i].eligible;
      allowed[i] = members_[i].eligible && std::find(request.excluded.begin(), request.excluded.end(), i) ==
                                               request.excluded.end();
      free_teams += members_[i].eligible && e.units[i] < e.scale;
    }
    const std::int64_t horizon = lookahead(request.k, free_teams);
    if (static_cast<std::uint64_t>(horizon) * members_.size() > (std::uint64_t{1} << 22)) return std::nullopt;
    auto week = detail::feasible_week(e, eligible, allowed, request.required, options_.slack, horizon);
    if (!week) return std::nullopt;
    std::vector<std::size_t> picks = request.required;
    for (const std::size_t i : *week)
      if (std::find(picks.begin(), picks.end(), i) == picks.end()) picks.push_back(i);
    return picks;
  }

  // How many weeks ahead the tests look: at least 8·(s + 2) average periods (N/k weeks each),
  // which covers every deadline and upper-room horizon unless shares differ by a factor of about
  // four or more; a team whose next deadline is further out is checked as it comes nearer.
  std::int64_t lookahead(std::size_t k, std::size_t teams) const {
    const auto period = static_cast<std::int64_t>((teams + k - 1) / k);
    return std::max<std::int64_t>(64, 8 * (static_cast<std::int64_t>(options_.slack) + 2) * period);
  }

  // Fills `set` up to k with the most urgent pickable teams not yet in it.
  // Fills `set` up to k with the most urgent pickable teams not yet in it, passing over a team
  // that would break the upper room test (which only gets stricter as a set grows); if that
  // leaves the set short, the most urgent of the rest fill it.
  static void complete(Week& w, std::vector<std::size_t>& set, std::size_t k) {
    // The set's joining weeks, sorted, so that each addition is checked in O(k) against the ranks
    // it shifts (the r-th earliest joiner needs cap_min_from >= r).
    std::vector<std::int64_t>& joins = w.keys;
    joins.clear();
    for (const std::size_t i : set)
      if (w.joins_g[i] != never) joins.push_back(w.joins_g[i]);
    std::sort(joins.begin(), joins.end());
    auto cap_at = [&](std::int64_t week) { return w.cap_min_from[static_cast<std::size_t>(week - w.t - 2)]; };
    for (const bool strict : {true, false})
      for (auto it = w.urgency.begin(); it != w.urgency.end() && set.size() < k; ++it) {
        if (std::find(set.begin(), set.end(), *it) != set.end()) continue;
        const std::int64_t g = w.joins_g[*it];
        if (g != never) {
          const auto pos = std::upper_bound(joins.begin(), joins.end(), g);
          if (strict) {
            auto r = static_cast<std::int64_t>(pos - joins.begin()) + 1;  // g's rank
            bool fits = r <= cap_at(g);
            for (auto later = pos; fits && later != joins.end(); ++later) fits = ++r <= cap_at(*later);
            if (!fits) continue;
          }
          joins.insert(pos, g);
        }
        set.push_back(*it);
      }
  }

  // Both tests for a full week's set.
  static bool passes(Week& w, const std::vector<std::size_t>& set) { return lower_ok(w, set) && upper_ok(w, set); }

  // Lower: the r-th earliest deadline among the set's free teams must be <= tau_r.
  static bool lower_ok(Week& w, const std::vector<std::size_t>& set) {
    std::vector<std::int64_t>& keys = w.keys;
    keys.clear();
    for (const std::size_t i : set)
      if (w.epoch->units[i] < w.epoch->scale) keys.push_back(w.deadline[i]);
    std::sort(keys.begin(), keys.end());
    for (std::size_t r = 0; r < keys.size() && r < w.tau.size(); ++r)
      if (keys[r] > w.tau[r]) return false;
    return w.tau.back() == never;  // otherwise more is due than the weeks can hold
  }

  // Upper: at most cap(T) of the set may come from G_T, for every T.
  static bool upper_ok(Week& w, const std::vector<std::size_t>& set) {
    std::vector<std::int64_t>& keys = w.keys;
    keys.clear();
    for (const std::size_t i : set)
      if (w.joins_g[i] != never) keys.push_back(w.joins_g[i]);
    std::sort(keys.begin(), keys.end());
    for (std::size_t r = 0; r < keys.size(); ++r)
      if (static_cast<std::int64_t>(r + 1) > w.cap_min_from[static_cast<std::size_t>(keys[r] - w.t - 2)]) return false;
    return true;
  }

  // f_i = w_i · e^{β·lag_i} / (1 − e^{−max(0.005, G − age_i)}), with e^{−(G − age)} = e^{−G}·e^{age}.
  double lean_weight(const Week& w, std::size_t i) const {
    const Track& tr = (*w.tracks)[i];
    const double near_due = std::min(gap_factor_ * tr.age, floor_factor_);
    return members_[i].weight * tr.lean / (1.0 - near_due);
  }

  PolicyOptions options_;
  double gap_factor_ = detail::portable_exp(-options_.gap_target);  // e^{−G}
  double floor_factor_ = detail::portable_exp(-0.005);              // the hazard's cap near G
  detail::TargetLedger ledger_;
  State state_;  // the current epoch's week-to-week state, once it has a week
  // The plan of a draw after a change: the epoch it would start, and its state.
  struct Pending {
    struct Key {
      std::uint64_t members_version;
      std::size_t k;
      std::uint64_t accepts;
      bool operator==(const Key&) const = default;
    } key;
    detail::Epoch epoch;
    State state;
  };
  mutable std::optional<Pending> pending_;
  std::uint64_t accepts_ = 0;  // with members_version_, what pending_ was planned for
  mutable Week week_;          // the last draw's plan (its buffers are reused)
  mutable std::uint64_t exact_checks_ = 0;  // diagnostics: counted by draws, which change no state
  mutable std::uint64_t dead_ends_ = 0;
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "../impl/policy_factory-inl.hpp"
#endif
