// SPDX-License-Identifier: Apache-2.0
//
// Checks for the free text that people type into the meeting's records (titles, reasons, notes):
// it must be valid UTF-8, because it ends up in Markdown, iCalendar and JSON, and single-line
// fields must not hide a line break, because a title is one line in every export.
#pragma once

#include <string>
#include <string_view>

#include "../errors.hpp"
#include "../participant.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

enum class TextKind {
  line,       ///< one line: no control characters at all
  paragraphs  ///< free text: line feeds and tabs allowed, other control characters not
};

/// Throws InvalidArgument naming `field` unless `text` is valid UTF-8 without control characters
/// (line feeds and tabs are allowed in paragraphs). Empty text passes; see require_text.
inline void validate_text(std::string_view field, std::string_view text, TextKind kind) {
  if (!is_valid_utf8(text))
    throw InvalidArgument("invalid " + std::string(field) + " '" + printable(text) + "': not valid UTF-8");
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
