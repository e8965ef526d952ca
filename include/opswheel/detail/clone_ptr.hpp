// SPDX-License-Identifier: Apache-2.0
//
// Small value-semantic wrappers, so that classes holding them copy by their members (a defaulted
// copy constructor) instead of by a hand-kept list that a new member can silently miss.
#pragma once

#include <memory>
#include <utility>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// An owning pointer that copies what it points to: through clone() for a polymorphic class
/// (Policy), copy() where that is the name (Policy::AcceptUndo), else T's copy constructor.
/// Copy assignment clones first, so a failed copy leaves the target as it was.
template <class T>
class clone_ptr {
 public:
  clone_ptr() noexcept = default;
  clone_ptr(std::unique_ptr<T> p) noexcept : p_(std::move(p)) {}  // NOLINT: converting on purpose
  clone_ptr(const clone_ptr& other) : p_(other.p_ ? clone_of(*other.p_) : nullptr) {}
  clone_ptr(clone_ptr&&) noexcept = default;
  clone_ptr& operator=(const clone_ptr& other) {
    if (this != &other) p_ = other.p_ ? clone_of(*other.p_) : nullptr;
    return *this;
  }
  clone_ptr& operator=(clone_ptr&&) noexcept = default;
  clone_ptr& operator=(std::unique_ptr<T> p) noexcept {
    p_ = std::move(p);
    return *this;
  }
  ~clone_ptr() = default;

  T* get() const noexcept { return p_.get(); }
  T* operator->() const noexcept { return p_.get(); }
  T& operator*() const noexcept { return *p_; }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  /// The owning pointer itself, for calls that take or replace ownership.
  std::unique_ptr<T>& owner() noexcept { return p_; }

 private:
  static std::unique_ptr<T> clone_of(const T& value) {
    if constexpr (requires { value.clone(); }) {
      return value.clone();
    } else if constexpr (requires { value.copy(); }) {
      return value.copy();
    } else {
      return std::make_unique<T>(value);
    }
  }

  std::unique_ptr<T> p_;
};

/// Storage kept only for reuse (warm buffers), not state: a copy starts empty, and assigning a
/// copy leaves this one's storage as it is. Moves move it.
template <class T>
struct scratch {
  T value{};
  scratch() = default;
  scratch(const scratch&) noexcept {}
  scratch(scratch&&) noexcept = default;
  scratch& operator=(const scratch&) noexcept { return *this; }
  scratch& operator=(scratch&&) noexcept = default;
  ~scratch() = default;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
