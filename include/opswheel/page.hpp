// SPDX-License-Identifier: Apache-2.0
//
// The wheel on screen: one self-contained HTML page (inline SVG, CSS and JS, no network, a
// Content-Security-Policy that allows nothing from outside) that animates a spin the library drew.
// The page never chooses: it is given each team's chance, the picks in order (pins and skip
// replacements marked), the teams off the wheel and the meeting's time boxes, all as the
// "opswheel-page/1" JSON document that docs/page.md specifies, and it shows them.
//
// The page's HTML, CSS and JS live once, in web/wheel/; detail/wheel_page.hpp is generated from
// them by web/wheel/assemble.py, and the rendering rules (compact JSON, escaped for <script>,
// spliced into the one placeholder) are those of assemble.py's render(), byte for byte.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "agenda.hpp"
#include "date.hpp"
#include "events.hpp"
#include "version.hpp"
#include "wheel.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// How the page looks and what it says beside the library's data.
struct PageOptions {
  std::string title{};         ///< the page's heading and title, e.g. the wheel's name; "opswheel" when empty
  std::optional<Date> date{};  ///< a suggestion's meeting date (a recorded meeting has its own); none: undated
  /// The meeting's time boxes: each presenter gets `agenda.review`, and when the date is one of the
  /// calendar's meetings, the slots start where make_agenda() puts the service reviews.
  AgendaOptions agenda{};
  double spin_seconds = 4;      ///< animation per pick, in [0, 60]; 0 shows the result at once
  std::string theme = "auto";   ///< "auto" (the system's), "light" or "dark"
  bool operator==(const PageOptions&) const = default;
};

/// Throws InvalidArgument naming the field unless every field of `options` is in its domain
/// (title valid UTF-8, spin_seconds finite in [0, 60], a known theme, valid agenda lengths).
OPSWHEEL_CXX_API void validate(const PageOptions& options);

/// The page for `suggestion`, a current spin of `wheel` (from suggest or skip): each team's chance
/// is wheel.probabilities(k) for the suggestion's k, paused teams and teams with no chance are
/// listed beside the wheel, and the picks are shown in order with pins and skip replacements
/// marked. The meeting is numbered history().size() + 1. Throws StaleSuggestion when the wheel
/// changed since the spin (its chances are gone: an accepted spin is shown by meeting_page),
/// InvalidArgument for invalid options, UnknownId for a suggestion of another wheel.
OPSWHEEL_CXX_API std::string wheel_page(const Wheel& wheel, const Suggestion& suggestion,
                                        const PageOptions& options = {});

/// The page for meeting `number` (1 = the first) of the wheel whose whole log is `log` (it starts
/// with the Created event): the log is replayed up to that meeting's Accepted event, so the chances,
/// the roster, the pauses and the calendar are those of the week the meeting was drawn. A meeting
/// taken back by undo and accepted again is shown as last accepted. Throws InvalidArgument when no
/// meeting has that number or the log does not start at event 1, CorruptData when it does not
/// replay, and as wheel_page does.
OPSWHEEL_CXX_API std::string meeting_page(std::span<const Event> log, std::size_t number,
                                          const PageOptions& options = {});

/// meeting_page over `wheel.events()`, which must be its whole log: a wheel made in memory or
/// replayed (not one restored from a snapshot, whose log_base() is not 0; pass the store's log to
/// the overload above instead, e.g. Store::events).
OPSWHEEL_CXX_API std::string meeting_page(const Wheel& wheel, std::size_t number, const PageOptions& options = {});

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/page-inl.hpp"
#endif
