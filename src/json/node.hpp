// SPDX-License-Identifier: Apache-2.0
//
// Reading JSON with context: a value and its path in the document, so that every reader of the
// opswheel format can say exactly where a file is broken. Private to src/json.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <opswheel/date.hpp>
#include <opswheel/errors.hpp>

OPSWHEEL_BEGIN_NAMESPACE
namespace json_detail {

using json = nlohmann::json;

// A JSON value and where it sits in the document ("events[3].data.picks[0]"), for messages.
struct Node {
  const json& value;
  std::string path;

  [[noreturn]] void fail(const std::string& what) const {
    throw CorruptData("invalid opswheel JSON at " + (path.empty() ? std::string("the top") : path) + ": " + what);
  }
  Node at(const char* key) const {
    if (!value.is_object()) fail("expected an object");
    const auto it = value.find(key);
    const std::string where = path.empty() ? key : path + "." + key;
    if (it == value.end()) Node{value, path}.fail("the field \"" + std::string(key) + "\" is missing");
    return Node{*it, where};
  }
  bool has(const char* key) const { return value.is_object() && value.contains(key); }
  std::string str() const {
    if (!value.is_string()) fail("expected a string");
    return value.get<std::string>();
  }
  bool boolean() const {
    if (!value.is_boolean()) fail("expected true or false");
    return value.get<bool>();
  }
  double number() const {
    if (!value.is_number()) fail("expected a number");
    return value.get<double>();
  }
  std::uint64_t count() const {
    if (!value.is_number_unsigned()) fail("expected a non-negative integer");
    return value.get<std::uint64_t>();
  }
  // 64-bit values are written as decimal strings: JSON readers in other languages keep them exact.
  std::uint64_t u64() const {
    const std::string s = str();
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) fail("expected a decimal number as a string");
    return v;
  }
  template <class Each>
  auto list(Each each) const {
    if (!value.is_array()) fail("expected an array");
    std::vector<decltype(each(std::declval<Node>()))> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(each(Node{value[i], path + "[" + std::to_string(i) + "]"}));
    return out;
  }
  std::vector<std::string> strings() const {
    return list([](const Node& n) { return n.str(); });
  }
  Date date() const {
    try {
      return parse_date(str());
    } catch (const InvalidArgument& e) {
      fail(e.what());
    }
  }
  std::optional<Date> optional_date() const {
    if (value.is_null()) return std::nullopt;
    return date();
  }
};

json date_json(const std::optional<Date>& d);

}  // namespace json_detail
OPSWHEEL_END_NAMESPACE
