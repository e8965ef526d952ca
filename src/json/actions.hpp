// SPDX-License-Identifier: Apache-2.0
//
// JSON of the action-item changes and the meeting cadence, for the event log. Private to src/json.
#pragma once

#include <opswheel/action_changes.hpp>
#include <opswheel/calendar.hpp>

#include "node.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace json_detail {

json cadence_json(const Cadence& cadence);
Cadence cadence_from(const Node& node);

/// {"kind": "item_created", ...the change's fields}
json action_change_json(const ActionChange& change);
ActionChange action_change_from(const Node& node);

}  // namespace json_detail
OPSWHEEL_END_NAMESPACE
