// SPDX-License-Identifier: Apache-2.0
//
// The store handle over opswheel::Store: wheels in one SQLite file, optimistic commits.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include <opswheel/json.hpp>
#include <opswheel/store.hpp>

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

// A new wheel handle around `make()`'s wheel. The handle is allocated first, so that a wheel the
// store has just written is never lost to a failed allocation afterwards.
template <class Make>
void give_wheel(opswheel_wheel** out, Make make) {
  need(out, "out");
  auto handle = std::make_unique<opswheel_wheel>(opswheel_options{});
  handle->wheel = make();
  *out = handle.release();
}

}  // namespace

extern "C" {

opswheel_status opswheel_store_new(opswheel_store** out) {
  return firewall(nullptr, __func__, [&] {
    need(out, "out");
    *out = new opswheel_store();
  });
}

void opswheel_store_free(opswheel_store* store) { delete store; }

const char* opswheel_store_last_error(const opswheel_store* store) {
  return store ? store->text() : "opswheel_store_last_error: the store is NULL";
}

opswheel_status opswheel_store_set(opswheel_store* store, opswheel_store_setting key, uint64_t value) {
  return on_handle(store, __func__, [&](opswheel_store& s) {
    auto flag = [&](const char* what) {
      if (value > 1) throw opswheel::InvalidArgument(std::string("invalid ") + what + " " + std::to_string(value) + ": 0 or 1");
      return value == 1;
    };
    switch (capi::as_int(key)) {
      case OPSWHEEL_STORE_BUSY_TIMEOUT_MS:
        if (value > static_cast<uint64_t>(std::numeric_limits<int>::max()))
          throw opswheel::InvalidArgument("invalid busy timeout " + std::to_string(value) + " ms: at most " +
                                          std::to_string(std::numeric_limits<int>::max()));
        s.options.busy_timeout = std::chrono::milliseconds(value);
        return;
      case OPSWHEEL_STORE_CREATE: s.options.create = flag("create flag"); return;
      case OPSWHEEL_STORE_DURABILITY:
        s.options.durability = flag("durability") ? opswheel::StoreOptions::Durability::normal
                                                  : opswheel::StoreOptions::Durability::full;
        return;
      case OPSWHEEL_STORE_SNAPSHOT_EVERY:
        if (value == 0) throw opswheel::InvalidArgument("invalid snapshot interval 0: at least 1 event");
        s.options.snapshot_every = value;
        return;
    }
    throw opswheel::InvalidArgument("unknown store setting " + std::to_string(capi::as_int(key)));
  });
}

opswheel_status opswheel_store_open(opswheel_store* store, const char* path) {
  return on_handle(store, __func__, [&](opswheel_store& s) {
    opswheel::Store opened(std::string(capi::text(path, "path")), s.options);
    s.store = std::move(opened);  // the old file closes only once the new one is open
  });
}

opswheel_status opswheel_store_backends(char*** names, size_t* count) {
  return firewall(nullptr, __func__, [&] {
    need(names, "names");
    need(count, "count");
    give_list(opswheel::Store::backends(), names, count);
  });
}

opswheel_status opswheel_store_wheels(const opswheel_store* store, char*** names, size_t* count) {
  return on_handle(store, __func__, [&](const opswheel_store& s) {
    need(names, "names");
    need(count, "count");
    give_list(s.file().wheels(), names, count);
  });
}

opswheel_status opswheel_store_create(opswheel_store* store, const char* name, const opswheel_options* options,
                                      const char* actor, opswheel_wheel** out) {
  return on_handle(store, __func__, [&](opswheel_store& s) {
    const opswheel_options o = options ? *options : opswheel_options();
    const std::string who(capi::text_or_empty(actor, "actor"));
    const std::string_view wheel_name = capi::id_text(name, "name");
    give_wheel(out, [&] {
      opswheel::Wheel created = s.file().create(wheel_name, o.policy, o.seed, o.settings, who);
      created.set_actor(who);
      return created;
    });
  });
}

opswheel_status opswheel_store_load(const opswheel_store* store, const char* name, opswheel_wheel** out) {
  return on_handle(store, __func__, [&](const opswheel_store& s) {
    const std::string_view wheel_name = capi::id_text(name, "name");
    give_wheel(out, [&] { return s.file().open(wheel_name); });
  });
}

opswheel_status opswheel_store_commit(opswheel_store* store, const char* name, const opswheel_wheel* wheel,
                                      size_t* written) {
  return on_handle(store, __func__, [&](opswheel_store& s) {
    const std::string_view wheel_name = capi::id_text(name, "name");
    need(wheel, "wheel");
    const std::size_t n = s.file().commit(wheel_name, wheel->wheel);
    if (written) *written = n;
  });
}

opswheel_status opswheel_store_commit_rebase(opswheel_store* store, const char* name, opswheel_wheel* wheel,
                                             size_t* written) {
  return on_handle(store, __func__, [&](opswheel_store& s) {
    const std::string_view wheel_name = capi::id_text(name, "name");
    need(wheel, "wheel");
    const std::size_t n = s.file().commit(wheel_name, wheel->wheel);  // the Wheel& overload: rebases
    if (written) *written = n;
  });
}

opswheel_status opswheel_store_verify(const opswheel_store* store, const char* name, int* ok, uint64_t* events,
                                      uint64_t* first_bad, char** problem) {
  return on_handle(store, __func__, [&](const opswheel_store& s) {
    need(ok, "ok");
    const opswheel::Verification v = s.file().verify(capi::id_text(name, "name"));
    Owned text = owned(problem ? capi::copy_string(v.problem) : nullptr);
    *ok = v.ok ? 1 : 0;
    if (events) *events = v.events;
    if (first_bad) *first_bad = v.first_bad.value_or(0);
    if (problem) *problem = text.release();
  });
}

opswheel_status opswheel_store_export_json(const opswheel_store* store, const char* name, char** json) {
  return on_handle(store, __func__, [&](const opswheel_store& s) {
    need(json, "json");
    *json = capi::copy_string(s.file().export_json(capi::id_text(name, "name")));
  });
}

opswheel_status opswheel_store_import_json(opswheel_store* store, const char* json, const char* name,
                                           char** stored_name) {
  return on_handle(store, __func__, [&](opswheel_store& s) {
    const std::string_view text = capi::text(json, "json");
    std::optional<std::string_view> as;
    if (name) as = name;
    // Room for the name's copy first: once the wheel is written, nothing may fail.
    // The name used is `name` or the document's, whose JSON text is at least as long as it.
    const std::size_t room = std::max(text.size(), as ? as->size() : 0) + 1;
    Owned copy = owned(stored_name ? static_cast<char*>(capi::allocate(room)) : nullptr);
    const std::string used = s.file().import_json(text, as);
    if (stored_name) {
      *stored_name = copy.release();
      std::memcpy(*stored_name, used.c_str(), used.size() + 1);
    }
  });
}

opswheel_status opswheel_store_events(const opswheel_store* store, const char* name, uint64_t from_seq, char*** events,
                                      size_t* count) {
  return on_handle(store, __func__, [&](const opswheel_store& s) {
    need(events, "events");
    need(count, "count");
    std::vector<std::string> lines;
    for (const opswheel::ChainedEvent& e : s.file().events(capi::id_text(name, "name"), from_seq))
      lines.push_back(opswheel::chained_event_json(e));
    give_list(lines, events, count);
  });
}

opswheel_status opswheel_store_wait(const opswheel_store* store, const char* name, uint64_t after_seq,
                                    uint64_t timeout_ms, uint64_t* head_seq) {
  return on_handle(store, __func__, [&](const opswheel_store& s) {
    need(head_seq, "head_seq");
    const auto longest = static_cast<uint64_t>(std::numeric_limits<std::chrono::milliseconds::rep>::max());
    const std::chrono::milliseconds timeout(static_cast<std::chrono::milliseconds::rep>(std::min(timeout_ms, longest)));
    *head_seq = s.file().wait_for_events(capi::id_text(name, "name"), after_seq, timeout);
  });
}

}  // extern "C"
