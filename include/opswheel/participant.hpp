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

#include "errors.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// Longest id accepted, in bytes of UTF-8.
inline constexpr std::size_t max_id_bytes = 256;

/// One team on the wheel.
struct Participant {
  // Every member has a default initialiser, so `{.id = "x", .weight = 2}` is warning-free.
  std::string id{};                 ///< stable key, e.g. "ec2-api": non-empty, <= 256 bytes of UTF-8
  std::string name{};               ///< display name; the id when empty
  std::string url{};                ///< dashboard link: empty, or an http:// or https:// URL
  double weight = 1.0;              ///< the team's share of turns: finite and > 0
  std::vector<std::string> tags{};  ///< free-form labels
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

inline bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c >> 5) == 0x6) { len = 2; cp = c & 0x1f; }
    else if ((c >> 4) == 0xe) { len = 3; cp = c & 0x0f; }
    else if ((c >> 3) == 0x1e) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > s.size()) return false;
    for (std::size_t j = 1; j < len; ++j) {
      const auto cc = static_cast<unsigned char>(s[i + j]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Reject overlong encodings, surrogates and code points past U+10FFFF.
    constexpr char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

/// `text` cut to at most `limit` bytes (on a character boundary, "..." marking the cut), with
/// control characters, and every non-ASCII byte when `text` is not valid UTF-8, written as \xNN:
/// an error message can quote any input and stay valid UTF-8.
inline std::string printable(std::string_view text, std::size_t limit = 300) {
  const bool utf8 = is_valid_utf8(text);
  std::size_t end = std::min(limit, text.size());
  if (utf8)  // never cut inside a character
    while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x20 || u == 0x7f || (!utf8 && u >= 0x80)) {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += text[i];
    }
  }
  if (end < text.size()) out += "...";
  return out;
}

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

/// Throws InvalidId unless `id` is non-empty, at most 256 bytes, valid UTF-8 and free of control
/// characters (ids end up in file names, CSV cells and terminal tables).
inline void validate_id(std::string_view id) {
  if (id.empty()) throw InvalidId("invalid id: the id is empty");
  if (id.size() > max_id_bytes)
    throw InvalidId("invalid id: '" + detail::printable(id, 32) + "' is " + std::to_string(id.size()) +
                    " bytes long; the limit is 256");
  if (!detail::is_valid_utf8(id))
    throw InvalidId("invalid id: '" + detail::printable(id) + "' is not valid UTF-8");
  for (const char c : id)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw InvalidId("invalid id: '" + detail::printable(id) + "' contains a control character");
}

/// Throws InvalidArgument unless `weight` is finite and > 0. `who` names the team in the message.
inline void validate_weight(double weight, std::string_view who = {}) {
  if (std::isfinite(weight) && weight > 0) return;
  throw InvalidArgument("invalid weight " + detail::weight_text(weight) +
                        (who.empty() ? "" : " for '" + detail::printable(who) + "'") +
                        ": a weight must be finite and > 0");
}

/// Throws InvalidArgument unless `url` is empty or an http:// or https:// URL with a host and no
/// white space or control characters.
inline void validate_url(std::string_view url) {
  if (url.empty()) return;
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

/// Throws InvalidArgument unless free text (a name, a reason, an actor) is valid UTF-8: it goes
/// into JSON files and the audit chain, which hold text only. `what` names the field.
inline void validate_text(std::string_view text, std::string_view what) {
  if (!detail::is_valid_utf8(text))
    throw InvalidArgument("invalid " + std::string(what) + " '" + detail::printable(text) + "': not valid UTF-8");
}

/// Validates every field of `p` (id, weight, url, name and tags, sub-wheel name); throws the
/// first problem found.
inline void validate(const Participant& p) {
  validate_id(p.id);
  validate_text(p.name, "name");
  for (const auto& tag : p.tags) validate_text(tag, "tag");
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
