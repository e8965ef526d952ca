// SPDX-License-Identifier: Apache-2.0
//
// Inline Markdown text (CommonMark): what agenda_markdown (markdown.hpp) writes for text people
// typed, so that it can neither break a table nor start emphasis, code or a link.
#pragma once

#include <string>
#include <string_view>

#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

/// `text` as inline Markdown: punctuation that would start emphasis, code, links, HTML or a table
/// cell is backslash-escaped; line breaks become spaces.
inline std::string md_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]<>|#!~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

/// `[title](<url>)`: the angle brackets let a URL hold parentheses; '<' and '>' are
/// percent-encoded so they cannot end it.
inline std::string md_link(std::string_view title, std::string_view url) {
  std::string dest;
  for (const char c : url) {
    if (c == '<') dest += "%3C";
    else if (c == '>') dest += "%3E";
    else dest += c;
  }
  return "[" + md_text(title) + "](<" + dest + ">)";
}

}  // namespace detail
OPSWHEEL_END_NAMESPACE
