// SPDX-License-Identifier: Apache-2.0
//
// The wheel page's JSON writer (impl/page-inl.hpp). Not a JSON library, because the header core
// needs none, and because the page's bytes are specified: they are those of web/wheel/assemble.py's
// render(), i.e. Python's json.dumps(data, ensure_ascii=False, separators=(",", ":")) followed by
// the <script> escapes of docs/page.md. So strings and numbers are written exactly as Python does.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../errors.hpp"
#include "../version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

namespace detail {

/// `text` as a JSON string the way json.dumps(ensure_ascii=False) writes it, then escaped for a
/// <script> element (docs/page.md, "What the renderer must do"): <, >, & and U+2028/U+2029 as \u
/// escapes, so no "</script>" or "<!--" can appear and the value is unchanged.
inline void page_json_string(std::string& out, std::string_view text) {
  constexpr char hex[] = "0123456789abcdef";
  auto unicode = [&](unsigned code) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(code >> shift) & 0xf];
  };
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '<': case '>': case '&': unicode(c); break;
      default:
        if (c < 0x20) {
          unicode(c);
        } else if (c == 0xe2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xa8 || static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
          unicode(0x2000u + static_cast<unsigned char>(text[i + 2]) - 0xa8u + 0x28u);  // U+2028, U+2029
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

/// A finite double as Python's repr() writes it (and so json.dumps): the shortest digits that read
/// back as the same value, in positional notation when 1e-4 <= |x| < 1e16 (with ".0" when whole),
/// else as d.ddde±XX.
inline void page_json_number(std::string& out, double x) {
  if (!std::isfinite(x)) throw InvalidArgument("the page's data cannot hold a NaN or an infinity");
  if (x == 0) {
    out += std::signbit(x) ? "-0.0" : "0.0";
    return;
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));  // [-]d[.ddd]e±XX
  const std::size_t e = sci.find('e');
  const bool negative = sci.front() == '-';
  std::string digits;
  for (const char c : sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
    if (c != '.') digits += c;
  const int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  if (negative) out += '-';
  if (exponent < -4 || exponent >= 16) {
    out += digits.front();
    if (digits.size() > 1) out += '.' + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  } else if (exponent < 0) {
    out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  } else {
    const auto whole = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= whole) out += digits + std::string(whole - digits.size(), '0') + ".0";
    else out += digits.substr(0, whole) + '.' + digits.substr(whole);
  }
}

// A compact JSON object or array under construction: the separators and the commas in one place.
class PageJson {
 public:
  explicit PageJson(std::string& out) : out_(out) {}
  void open(char bracket) { comma(); out_ += bracket; first_ = true; }
  void close(char bracket) { out_ += bracket; first_ = false; }
  PageJson& key(std::string_view name) { comma(); page_json_string(out_, name); out_ += ':'; first_ = true; return *this; }
  void text(std::string_view value) { comma(); page_json_string(out_, value); }
  void number(double value) { comma(); page_json_number(out_, value); }
  void integer(long long value) { comma(); out_ += std::to_string(value); }

 private:
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace detail

OPSWHEEL_END_NAMESPACE
