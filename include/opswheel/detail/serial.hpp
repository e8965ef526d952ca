// SPDX-License-Identifier: Apache-2.0
//
// StateWriter / StateReader: the byte format of a wheel's saved state (a store's snapshot).
//
// A snapshot must restore a wheel so exactly that every later pick is the one the wheel would
// have drawn without it, so doubles are written as their bit patterns, integers at full width,
// all little-endian whatever the host. The format is private to opswheel and versioned as a
// whole by the writer of the snapshot (Wheel::save_state); the reader checks every length and
// value against what is left, so a truncated or corrupt snapshot throws CorruptData instead of
// reading past the end or building a broken object.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../errors.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

class StateWriter {
 public:
  void u64(std::uint64_t v) {
    for (int b = 0; b < 8; ++b) out_.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void boolean(bool v) { u64(v ? 1 : 0); }
  void size(std::size_t v) { u64(static_cast<std::uint64_t>(v)); }
  void str(std::string_view s) {
    size(s.size());
    out_.append(s);
  }
  template <class T, class Each>
  void list(const std::vector<T>& items, Each each) {
    size(items.size());
    for (const T& item : items) each(item);
  }
  void u64s(const std::vector<std::uint64_t>& v) { list(v, [this](std::uint64_t x) { u64(x); }); }
  void f64s(const std::vector<double>& v) { list(v, [this](double x) { f64(x); }); }

  const std::string& bytes() const noexcept { return out_; }
  std::string take() noexcept { return std::move(out_); }

 private:
  std::string out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view bytes) : in_(bytes) {}

  std::uint64_t u64() {
    need(8, "a number");
    std::uint64_t v = 0;
    for (int b = 0; b < 8; ++b) v |= std::uint64_t{static_cast<unsigned char>(in_[pos_ + b])} << (8 * b);
    pos_ += 8;
    return v;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  double f64() { return std::bit_cast<double>(u64()); }
  bool boolean() {
    const std::uint64_t v = u64();
    if (v > 1) fail("a flag is " + std::to_string(v));
    return v == 1;
  }
  /// A count of items that each take at least `min_item_bytes`: refused when the rest of the
  /// input could not hold them, so a corrupt count cannot make us allocate wildly.
  std::size_t size(std::size_t min_item_bytes = 1) {
    const std::uint64_t n = u64();
    if (min_item_bytes > 0 && n > (in_.size() - pos_) / min_item_bytes) fail("a count of " + std::to_string(n));
    return static_cast<std::size_t>(n);
  }
  /// An index that must be below `bound`.
  std::size_t index(std::size_t bound) {
    const std::uint64_t v = u64();
    if (v >= bound) fail("index " + std::to_string(v) + " (of " + std::to_string(bound) + ")");
    return static_cast<std::size_t>(v);
  }
  std::string str() {
    const std::size_t n = size(1);
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <class T, class Each>
  std::vector<T> list(std::size_t min_item_bytes, Each each) {
    std::vector<T> items(size(min_item_bytes));
    for (T& item : items) item = each();
    return items;
  }
  std::vector<std::uint64_t> u64s() { return list<std::uint64_t>(8, [this] { return u64(); }); }
  std::vector<double> f64s() { return list<double>(8, [this] { return f64(); }); }

  /// Throws CorruptData unless every byte was read.
  void finish() const {
    if (pos_ != in_.size()) fail(std::to_string(in_.size() - pos_) + " bytes left over");
  }
  /// Throws CorruptData naming what was wrong.
  [[noreturn]] void fail(const std::string& what) const {
    throw CorruptData("corrupt saved state at byte " + std::to_string(pos_) + ": " + what);
  }

 private:
  void need(std::size_t n, const char* what) const {
    if (in_.size() - pos_ < n) fail(std::string("truncated while reading ") + what);
  }

  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace detail
OPSWHEEL_END_NAMESPACE
