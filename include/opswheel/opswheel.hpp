// SPDX-License-Identifier: Apache-2.0
//
// The wheel, its roster, events and action items in one include: what a tool that runs the
// meeting needs. Included on their own, so that a program compiles only what it uses: the
// policies' classes (policies.hpp), simulation and fairness metrics (simulate.hpp, fairness.hpp),
// JSON and the audit chain (json.hpp) and the store (store.hpp, both in opswheel::persist).
// The C API is opswheel.h. docs/cpp.md lists the API by task.
#pragma once

#include "action_book.hpp"
#include "action_changes.hpp"
#include "action_item.hpp"
#include "action_status.hpp"
#include "agenda.hpp"
#include "board.hpp"
#include "calendar.hpp"
#include "date.hpp"
#include "errors.hpp"
#include "events.hpp"
#include "history.hpp"
#include "ical.hpp"
#include "markdown.hpp"
#include "page.hpp"
#include "participant.hpp"
#include "policy.hpp"
#include "review.hpp"
#include "rng.hpp"
#include "roster.hpp"
#include "version.hpp"
#include "wheel.hpp"
