// SPDX-License-Identifier: Apache-2.0
//
// Wheel's compiled half: the facade's calls, each handed to detail::WheelCore (wheel_core.hpp).
// Compiled by src/core/wheel.cpp, or included by wheel.hpp in header-only mode.
#pragma once

#include <memory>
#include <utility>

#include "../wheel.hpp"
#include "wheel_core.hpp"

OPSWHEEL_BEGIN_NAMESPACE

OPSWHEEL_INLINE Wheel::Wheel(std::string_view policy, std::uint64_t seed, const PolicyOptions& options)
    : core_(std::make_unique<detail::WheelCore>(policy, seed, options)) {}
OPSWHEEL_INLINE Wheel::Wheel(detail::WheelCore core) : core_(std::make_unique<detail::WheelCore>(std::move(core))) {}

OPSWHEEL_INLINE Wheel::Wheel(const Wheel&) = default;
OPSWHEEL_INLINE Wheel& Wheel::operator=(const Wheel&) = default;
OPSWHEEL_INLINE Wheel::Wheel(Wheel&&) noexcept = default;
OPSWHEEL_INLINE Wheel& Wheel::operator=(Wheel&&) noexcept = default;
OPSWHEEL_INLINE Wheel::~Wheel() = default;

OPSWHEEL_INLINE const Roster& Wheel::roster() const noexcept {
  return core_->roster();
}

OPSWHEEL_INLINE const Policy& Wheel::policy() const noexcept {
  return core_->policy();
}

OPSWHEEL_INLINE const PolicyOptions& Wheel::options() const noexcept {
  return core_->options();
}

OPSWHEEL_INLINE std::uint64_t Wheel::seed() const noexcept {
  return core_->seed();
}

OPSWHEEL_INLINE std::uint64_t Wheel::stream_position() const noexcept {
  return core_->stream_position();
}

OPSWHEEL_INLINE std::uint64_t Wheel::spins() const noexcept {
  return core_->spins();
}

OPSWHEEL_INLINE std::uint64_t Wheel::version() const noexcept {
  return core_->version();
}

OPSWHEEL_INLINE const std::vector<Meeting>& Wheel::history() const noexcept {
  return core_->history();
}

OPSWHEEL_INLINE const std::vector<Pin>& Wheel::pins() const noexcept {
  return core_->pins();
}

OPSWHEEL_INLINE std::optional<Suggestion> Wheel::last_suggestion() const {
  return core_->last_suggestion();
}

OPSWHEEL_INLINE const ActionBook& Wheel::actions() const noexcept {
  return core_->actions();
}

OPSWHEEL_INLINE void Wheel::set_cadence(Cadence cadence) {
  validate_known_time_zone(cadence.time_zone);  // here and not in replay: see validate_known_time_zone
  core_->set_cadence(std::move(cadence));
}

OPSWHEEL_INLINE void Wheel::change_actions(ActionChange change) {
  core_->change_actions(std::move(change));
}

OPSWHEEL_INLINE const std::vector<Event>& Wheel::action_events() const noexcept {
  return core_->action_events();
}

OPSWHEEL_INLINE void Wheel::set_actor(std::string actor) {
  core_->set_actor(std::move(actor));
}

OPSWHEEL_INLINE const std::string& Wheel::actor() const noexcept {
  return core_->actor();
}

OPSWHEEL_INLINE void Wheel::set_clock(std::function<Timestamp()> clock) {
  core_->set_clock(std::move(clock));
}

OPSWHEEL_INLINE const std::vector<Event>& Wheel::events() const noexcept {
  return core_->events();
}

OPSWHEEL_INLINE std::uint64_t Wheel::log_base() const noexcept {
  return core_->log_base();
}

OPSWHEEL_INLINE std::uint64_t Wheel::last_seq() const noexcept {
  return core_->last_seq();
}

OPSWHEEL_INLINE Wheel Wheel::replay(std::span<const Event> log) {
  return Wheel(detail::WheelCore::replay(log));
}

OPSWHEEL_INLINE void Wheel::apply(const Event& event) {
  core_->apply(event);
}

OPSWHEEL_INLINE void Wheel::add(Participant participant) {
  core_->add(std::move(participant));
}

OPSWHEEL_INLINE void Wheel::update(Participant participant) {
  core_->update(std::move(participant));
}

OPSWHEEL_INLINE void Wheel::remove(std::string_view id) {
  core_->remove(id);
}

OPSWHEEL_INLINE void Wheel::pause(std::string_view id, std::optional<Date> until) {
  core_->pause(id, until);
}

OPSWHEEL_INLINE void Wheel::resume(std::string_view id) {
  core_->resume(id);
}

OPSWHEEL_INLINE std::vector<std::string> Wheel::resume_due(Date date) {
  return core_->resume_due(date);
}

OPSWHEEL_INLINE void Wheel::set_weight(std::string_view id, double weight) {
  core_->set_weight(id, weight);
}

OPSWHEEL_INLINE void Wheel::reset() {
  core_->reset();
}

OPSWHEEL_INLINE void Wheel::pin(std::string_view id, std::string reason) {
  core_->pin(id, std::move(reason));
}

OPSWHEEL_INLINE void Wheel::unpin(std::string_view id) {
  core_->unpin(id);
}

OPSWHEEL_INLINE Suggestion Wheel::suggest(std::size_t k) {
  return core_->suggest(k);
}

OPSWHEEL_INLINE Suggestion Wheel::skip(const Suggestion& suggestion, std::string_view id, std::string reason) {
  return core_->skip(suggestion, id, std::move(reason));
}

OPSWHEEL_INLINE const Meeting& Wheel::accept(const Suggestion& suggestion, std::optional<Date> date) {
  return core_->accept(suggestion, date);
}

OPSWHEEL_INLINE const Meeting& Wheel::accept(std::vector<std::string> ids, std::optional<Date> date) {
  return core_->accept(std::move(ids), date);
}

OPSWHEEL_INLINE void Wheel::delegate(std::string_view id, std::vector<std::string> picks) {
  core_->delegate(id, std::move(picks));
}

OPSWHEEL_INLINE bool Wheel::can_undo() const noexcept {
  return core_->can_undo();
}

OPSWHEEL_INLINE Meeting Wheel::undo(std::string reason) {
  return core_->undo(std::move(reason));
}

OPSWHEEL_INLINE Chances Wheel::probabilities(std::size_t k) const {
  return core_->probabilities(k);
}

OPSWHEEL_INLINE std::vector<TeamStats> Wheel::stats() const {
  return core_->stats();
}

OPSWHEEL_INLINE std::string Wheel::save_state() const {
  return core_->save_state();
}

OPSWHEEL_INLINE Wheel Wheel::load_state(std::string_view bytes, std::span<const Event> action_events) {
  return Wheel(detail::WheelCore::load_state(bytes, action_events));
}

OPSWHEEL_END_NAMESPACE
