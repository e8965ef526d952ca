// SPDX-License-Identifier: Apache-2.0
//
// The hub: follows the wheel's change feed (Store::wait_for_events, on a Store of its own) on one
// thread and hands each new event, as a Server-Sent Events frame, to every viewer waiting for it.
// It keeps the frames of the last `keep` events, so a viewer that reconnects with Last-Event-ID
// catches up from memory; older ones are read from the store by the caller.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <opswheel/json.hpp>

namespace opswheel_serve {

/// The SSE frame of one stored event: `id: SEQ`, `event: TYPE` (events.hpp's event_type) and
/// `data:` the event as chained_event_json writes it (one line), then a blank line.
std::string sse_frame(const opswheel::ChainedEvent& event);

class Hub {
 public:
  struct Frame {
    std::uint64_t seq;
    std::string text;
  };
  using Frames = std::vector<std::shared_ptr<const Frame>>;

  /// Follows wheel `wheel` of the store at `where` from event `head` on (events up to it are not
  /// kept: viewers start from the state document).
  Hub(std::string where, std::string wheel, std::uint64_t head, std::size_t keep = 4096);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  /// Starts the thread that follows the feed.
  void start();
  /// Ends the thread and wakes every waiting viewer (their streams then end).
  void stop();
  bool stopped() const;

  /// The number of the last event the hub has seen.
  std::uint64_t head() const;
  /// The number of the oldest event whose frame is kept, or head() + 1 when none is.
  std::uint64_t oldest_kept() const;

  /// Waits up to `timeout` for events after `after` and returns their frames, in order (empty on
  /// a time-out or once stopped). Only events from oldest_kept() on are returned.
  Frames wait(std::uint64_t after, std::chrono::milliseconds timeout) const;

 private:
  void follow();

  std::string where_;
  std::string wheel_;
  std::size_t keep_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<std::shared_ptr<const Frame>> frames_;
  std::uint64_t head_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace opswheel_serve
