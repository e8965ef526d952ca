// SPDX-License-Identifier: Apache-2.0
#include "hub.hpp"

#include "log.hpp"


#include <opswheel/events.hpp>
#include <opswheel/store.hpp>

namespace opswheel_serve {

std::string sse_frame(const opswheel::ChainedEvent& event) {
  // chained_event_json is one line with no raw newline (JSON escapes it), so one data: line holds it.
  return "id: " + std::to_string(event.event.seq) + "\nevent: " + std::string(opswheel::event_type(event.event.payload)) +
         "\ndata: " + opswheel::chained_event_json(event) + "\n\n";
}

Hub::Hub(std::string where, std::string wheel, std::uint64_t head, std::size_t keep)
    : where_(std::move(where)), wheel_(std::move(wheel)), keep_(keep), head_(head) {}

Hub::~Hub() { stop(); }

void Hub::start() { thread_ = std::thread([this] { follow(); }); }

void Hub::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Hub::stopped() const {
  std::lock_guard lock(mutex_);
  return stop_;
}

std::uint64_t Hub::head() const {
  std::lock_guard lock(mutex_);
  return head_;
}

std::uint64_t Hub::oldest_kept() const {
  std::lock_guard lock(mutex_);
  return frames_.empty() ? head_ + 1 : frames_.front()->seq;
}

Hub::Frames Hub::wait(std::uint64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return stop_ || head_ > after; });
  Frames out;
  if (stop_) return out;
  for (const auto& f : frames_)
    if (f->seq > after) out.push_back(f);
  return out;
}

void Hub::follow() {
  // The feed's own connection, read-only: it never holds a write lock the API would wait for.
  opswheel::StoreOptions options;
  options.read_only = true;
  options.create = false;
  std::unique_ptr<opswheel::Store> store;
  std::uint64_t seen = head();
  while (!stopped()) {
    try {
      if (!store) store = std::make_unique<opswheel::Store>(where_, options);
      // A short wait, so that stop() is noticed soon; a commit ends it at once (SQLite: ~50 ms).
      store->wait_for_events(wheel_, seen, std::chrono::milliseconds(250));
      std::vector<std::shared_ptr<const Frame>> fresh;
      for (const opswheel::ChainedEvent& e : store->events(wheel_, seen + 1)) {
        fresh.push_back(std::make_shared<const Frame>(Frame{e.event.seq, sse_frame(e)}));
        seen = e.event.seq;
      }
      if (fresh.empty()) continue;
      {
        std::lock_guard lock(mutex_);
        for (auto& f : fresh) frames_.push_back(std::move(f));
        while (frames_.size() > keep_) frames_.pop_front();
        head_ = seen;
      }
      changed_.notify_all();
    } catch (const std::exception& e) {
      // The database failed (e.g. a PostgreSQL restart the backend could not ride out): say so,
      // reconnect after a pause; viewers keep their streams and get the events once it is back.
      log_json({{"log", "feed"}, {"error", e.what()}, {"note", "the change feed failed; retrying in 1 s"}});
      store.reset();
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_; });
    }
  }
}

}  // namespace opswheel_serve
