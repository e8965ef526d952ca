// opswheel — weighted fair selection for the weekly operations review.
// SPDX-License-Identifier: Apache-2.0
//
// Forward declarations of the public C++ types, for a header that only passes them by reference or
// pointer: it includes this instead of the headers that define them, and so compiles as fast as if
// it named no opswheel type at all. Each type is defined, and documented, in the header named
// beside it.
#pragma once

#include <chrono>

#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

// date.hpp, events.hpp
using Date = std::chrono::year_month_day;
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Selection: policy.hpp, rng.hpp
class Policy;
struct PolicyOptions;
struct Chances;
struct DrawConstraints;
class Rng;

// Rotation state: wheel.hpp, roster.hpp, participant.hpp, events.hpp
class Wheel;
struct TeamStats;
class Roster;
struct Participant;
struct Suggestion;
struct Meeting;
struct Pin;
struct Skip;
struct Delegation;
struct Event;

// Action items and the meeting: action_book.hpp, action_item.hpp, action_status.hpp,
// action_changes.hpp, calendar.hpp, agenda.hpp, ical.hpp
class ActionBook;
struct ActionItem;
enum class ActionStatus;
enum class Priority;
struct ChangeContext;
class Calendar;
struct Cadence;
struct Agenda;
struct AgendaOptions;
struct IcsOptions;

// Measurement: simulate.hpp, fairness.hpp, churn.hpp
struct SimulationSpec;
struct SimulationRun;
struct SimulationResult;
struct FairnessMetrics;
struct ChurnModel;

// Persistence (opswheel::persist): store.hpp, json.hpp
class Store;
struct StoreOptions;
struct ChainedEvent;
struct Verification;

// Errors: errors.hpp
enum class ErrorCode;
class Error;

OPSWHEEL_END_NAMESPACE
