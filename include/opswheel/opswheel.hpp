// SPDX-License-Identifier: Apache-2.0
//
// The whole C++ API in one include. (The C API is opswheel.h.)
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
