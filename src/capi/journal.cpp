// SPDX-License-Identifier: Apache-2.0
//
// The wheel's log through the C API: undo, the actor, the events one by one, and the whole wheel
// as a JSON document.
#include <string>

#include <opswheel/json.hpp>

#include "boundary.hpp"
#include "handles.hpp"

namespace capi = opswheel::capi;
using capi::need;
using capi::on_handle;
using capi::Owned;
using capi::owned;

extern "C" {

opswheel_status opswheel_wheel_undo(opswheel_wheel* wheel, const char* reason) {
  return on_handle(wheel, __func__,
                   [&](opswheel_wheel& w) { (void)w.wheel.undo(std::string(capi::text_or_empty(reason, "reason"))); });
}

opswheel_status opswheel_wheel_can_undo(const opswheel_wheel* wheel, int* possible) {
  return on_handle(wheel, __func__,
                   [&](const opswheel_wheel& w) { *need(possible, "possible") = w.wheel.can_undo() ? 1 : 0; });
}

opswheel_status opswheel_wheel_set_actor(opswheel_wheel* wheel, const char* actor) {
  return on_handle(wheel, __func__,
                   [&](opswheel_wheel& w) { w.wheel.set_actor(std::string(capi::text(actor, "actor"))); });
}

opswheel_status opswheel_wheel_actor(const opswheel_wheel* wheel, char** actor) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(actor, "actor");
    *actor = capi::copy_string(w.wheel.actor());
  });
}

opswheel_status opswheel_wheel_event_count(const opswheel_wheel* wheel, uint64_t* count) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) { *need(count, "count") = w.wheel.last_seq(); });
}

opswheel_status opswheel_wheel_event_json(const opswheel_wheel* wheel, uint64_t seq, char** json) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(json, "json");
    const opswheel::Wheel& wh = w.wheel;
    if (seq == 0 || seq > wh.last_seq())
      throw opswheel::InvalidArgument("event " + std::to_string(seq) + " does not exist; events are numbered 1.." +
                                      std::to_string(wh.last_seq()));
    if (seq <= wh.log_base())
      throw opswheel::NotFound("event " + std::to_string(seq) + " is before the snapshot this wheel was loaded from (it holds events " +
                               std::to_string(wh.log_base() + 1) + ".." + std::to_string(wh.last_seq()) +
                               "); opswheel_store_export_json has the whole log");
    *json = capi::copy_string(opswheel::event_json(wh.events()[seq - wh.log_base() - 1]));
  });
}

opswheel_status opswheel_wheel_to_json(const opswheel_wheel* wheel, const char* name, char** json) {
  return on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    need(json, "json");
    *json = capi::copy_string(opswheel::wheel_to_json(w.wheel, capi::id_text(name, "name")));
  });
}

opswheel_status opswheel_wheel_load_json(opswheel_wheel* wheel, const char* json, char** name) {
  return on_handle(wheel, __func__, [&](opswheel_wheel& w) {
    opswheel::ImportedWheel imported = opswheel::wheel_from_json(capi::text(json, "json"));
    Owned copy = owned(name ? capi::copy_string(imported.name) : nullptr);
    imported.wheel.set_actor(w.wheel.actor());  // the actor is the caller's, not the document's
    w.wheel = std::move(imported.wheel);
    if (name) *name = copy.release();
  });
}

}  // extern "C"
