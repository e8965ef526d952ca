// SPDX-License-Identifier: Apache-2.0
//
// The one check for text that enters opswheel: names, titles, reasons, notes, and every string at
// an entry point (a CSV cell, a command-line argument, a C string). Text must be valid UTF-8,
// because it ends up in JSON, Markdown, HTML and iCalendar, which hold text only; it must hold no
// control characters, because a name printed to a terminal must not be able to send it escape
// sequences (ESC, BEL) and RFC 5545 forbids them in iCalendar; and it has a length limit
// (limits.hpp). Free text (descriptions, comments, notes) may hold line feeds and tabs, which
// people use to write paragraphs and lists; a carriage return may not (it can overwrite a
// terminal line, and every export writes its own line endings).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "../errors.hpp"
#include "../limits.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
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

enum class TextKind {
  name,       ///< a display name, tag or actor: one line, at most max_name_bytes
  line,       ///< one line (a title, a pin reason): no control characters, at most max_line_bytes
  paragraphs  ///< free text: line feeds and tabs allowed, other control characters not; at most max_text_bytes
};

/// The length limit of `kind` (limits.hpp).
constexpr std::size_t max_bytes(TextKind kind) noexcept {
  switch (kind) {
    case TextKind::name: return max_name_bytes;
    case TextKind::line: return max_line_bytes;
    case TextKind::paragraphs: break;
  }
  return max_text_bytes;
}

/// Throws InvalidArgument naming `field` unless `text` is valid UTF-8: the check every entry point
/// (CSV reader, command line, C API) makes before anything else looks at a string.
inline void validate_utf8(std::string_view field, std::string_view text) {
  if (!is_valid_utf8(text))
    throw InvalidArgument("invalid " + std::string(field) + " '" + printable(text) + "': not valid UTF-8");
}

/// Throws InvalidArgument naming `field` unless `text` is at most `limit` bytes.
inline void validate_length(std::string_view field, std::string_view text, std::size_t limit) {
  if (text.size() > limit)
    throw InvalidArgument("invalid " + std::string(field) + " '" + printable(text, 32) + "': it is " +
                          std::to_string(text.size()) + " bytes long; the limit is " + std::to_string(limit));
}

/// Throws InvalidArgument naming `field` unless `text` is valid UTF-8 without control characters
/// (line feeds and tabs are allowed in paragraphs) and within the length limit of `kind`. Empty
/// text passes; see require_text.
inline void validate_text(std::string_view field, std::string_view text, TextKind kind) {
  validate_utf8(field, text);
  validate_length(field, text, max_bytes(kind));
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool allowed = kind == TextKind::paragraphs && (c == '\n' || c == '\t');
    if ((u < 0x20 || u == 0x7f) && !allowed)
      throw InvalidArgument("invalid " + std::string(field) + " '" + printable(text) + "': contains a control character");
  }
}

/// validate_text, and the text must hold more than white space.
inline void require_text(std::string_view field, std::string_view text, TextKind kind) {
  if (text.find_first_not_of(" \t\n") == std::string_view::npos)
    throw InvalidArgument("missing " + std::string(field) + ": it must not be empty");
  validate_text(field, text, kind);
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
