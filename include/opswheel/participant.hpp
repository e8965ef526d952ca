// SPDX-License-Identifier: Apache-2.0
//
// Participant: one service team on the wheel, and the rules its fields must satisfy.
#pragma once

#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/text.hpp"
#include "errors.hpp"
#include "limits.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// One team on the wheel.
struct Participant {
  // Every member has a default initialiser, so `{.id = "x", .weight = 2}` is warning-free.
  std::string id{};                 ///< stable key, e.g. "ec2-api": non-empty, <= max_id_bytes of UTF-8
  std::string name{};               ///< display name; the id when empty; one line, <= max_name_bytes
  std::string url{};                ///< dashboard link: empty, or an http:// or https:// URL, <= max_url_bytes
  double weight = 1.0;              ///< the team's share of turns: from min_weight to max_weight
  std::vector<std::string> tags{};  ///< free-form labels, each one line of <= max_name_bytes
  /// A paused team (vacation, launch freeze) is not eligible; its fairness accounting does not
  /// count the pause against anyone. `paused_until` is informational: the day it is due back
  /// (nullopt: until resumed). See Wheel::resume_due.
  bool paused = false;
  std::optional<std::chrono::year_month_day> paused_until{};
  /// The wheel this participant stands for (a sub-wheel: e.g. an organisation whose teams form a
  /// wheel of their own, in the same store); empty for a plain team. Named like an id.
  std::string subwheel{};

  const std::string& display_name() const noexcept { return name.empty() ? id : name; }
  bool operator==(const Participant&) const = default;
};

namespace detail {

/// A weight as text for an error message: "NaN", "-inf", or the shortest decimal that reads back
/// as the same double ("-1e-09", not "-0.000000").
inline std::string weight_text(double weight) {
  if (std::isnan(weight)) return "NaN";
  if (std::isinf(weight)) return weight < 0 ? "-inf" : "inf";
  char text[32];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, weight);
    if (std::strtod(text, nullptr) == weight) break;
  }
  return text;
}

}  // namespace detail

/// Throws InvalidId unless `id` is non-empty, at most max_id_bytes, valid UTF-8 and free of control
/// characters (ids end up in file names, CSV cells and terminal tables).
inline void validate_id(std::string_view id) {
  if (id.empty()) throw InvalidId("invalid id: the id is empty");
  if (id.size() > max_id_bytes)
    throw InvalidId("invalid id: '" + detail::printable(id, 32) + "' is " + std::to_string(id.size()) +
                    " bytes long; the limit is " + std::to_string(max_id_bytes));
  if (!detail::is_valid_utf8(id))
    throw InvalidId("invalid id: '" + detail::printable(id) + "' is not valid UTF-8");
  for (const char c : id)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw InvalidId("invalid id: '" + detail::printable(id) + "' contains a control character");
}

/// Throws InvalidArgument unless `weight` is from min_weight to max_weight (so finite and > 0).
/// `who` names the team in the message.
inline void validate_weight(double weight, std::string_view who = {}) {
  if (weight >= min_weight && weight <= max_weight) return;  // false for NaN too
  throw InvalidArgument("invalid weight " + detail::weight_text(weight) +
                        (who.empty() ? "" : " for '" + detail::printable(who) + "'") + ": a weight must be from " +
                        detail::weight_text(min_weight) + " to " + detail::weight_text(max_weight));
}

/// Throws InvalidArgument unless `url` is empty or an http:// or https:// URL with a host, valid
/// UTF-8, at most max_url_bytes and without white space or control characters.
inline void validate_url(std::string_view url) {
  if (url.empty()) return;
  detail::validate_utf8("url", url);
  detail::validate_length("url", url, max_url_bytes);
  auto scheme_is = [url](std::string_view scheme) {  // schemes are case-insensitive
    if (url.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
    return true;
  };
  std::string_view rest;
  if (scheme_is("https://")) rest = url.substr(8);
  else if (scheme_is("http://")) rest = url.substr(7);
  else throw InvalidArgument("invalid url '" + detail::printable(url) + "': only http:// and https:// links are accepted");
  if (rest.empty() || rest.front() == '/')
    throw InvalidArgument("invalid url '" + detail::printable(url) + "': the host is missing");
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      throw InvalidArgument("invalid url '" + detail::printable(url) + "': white space or control character");
}

/// Validates every field of `p` (id, weight, url, name and tags, sub-wheel name; detail/text.hpp
/// says what text may hold); throws the first problem found.
inline void validate(const Participant& p) {
  validate_id(p.id);
  detail::validate_text("name", p.name, detail::TextKind::name);
  for (const auto& tag : p.tags) detail::validate_text("tag", tag, detail::TextKind::name);
  validate_weight(p.weight, p.id);
  validate_url(p.url);
  if (!p.subwheel.empty()) {
    try {
      validate_id(p.subwheel);
    } catch (const InvalidId& e) {
      throw InvalidId("'" + detail::printable(p.id) + "' stands for a wheel with an " + e.what());
    }
  }
}

OPSWHEEL_END_NAMESPACE
