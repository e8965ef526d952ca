// SPDX-License-Identifier: Apache-2.0
//
// Roster: the wheel's participants in a stable order (the order they were added), with O(1)
// lookup by id. The position of a team in the roster is its index everywhere else (policies,
// chances, stats), which is why removal is the one O(N) operation: it shifts later indices down.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "errors.hpp"
#include "participant.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// The wheel's participants in the order they were added, with O(1) lookup by id; a team's
/// position is its index everywhere else.
class OPSWHEEL_CXX_API Roster {
 public:
  using const_iterator = std::vector<Participant>::const_iterator;

  std::size_t size() const noexcept { return teams_.size(); }
  bool empty() const noexcept { return teams_.empty(); }
  const_iterator begin() const noexcept { return teams_.begin(); }
  const_iterator end() const noexcept { return teams_.end(); }
  const Participant& operator[](std::size_t index) const { return teams_[index]; }

  bool contains(std::string_view id) const { return index_.find(id) != index_.end(); }

  /// The index of `id`; throws UnknownId.
  std::size_t index_of(std::string_view id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) throw UnknownId(std::string(id));
    return it->second;
  }

  /// The participant with `id`; throws UnknownId.
  const Participant& at(std::string_view id) const { return teams_[index_of(id)]; }

  /// Validates `p`, appends it and returns its index. Throws InvalidId, InvalidArgument or
  /// DuplicateId and leaves the roster unchanged.
  std::size_t add(Participant p);

  /// Removes the team at `index`; later teams move down by one.
  void remove(std::size_t index);

  /// Mutable access for the Wheel, which validates before it writes.
  Participant& mutable_at(std::size_t index) { return teams_[index]; }

  bool operator==(const Roster& other) const { return teams_ == other.teams_; }

 private:
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::vector<Participant> teams_;
  std::unordered_map<std::string, std::size_t, IdHash, std::equal_to<>> index_;
};

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/roster-inl.hpp"
#endif
