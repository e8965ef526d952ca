// SPDX-License-Identifier: Apache-2.0
//
// detail::ZoneRules' compiled half: the TZif reader (RFC 8536) and the POSIX TZ footer. Compiled
// once by src/core/zoneinfo.cpp, or included by detail/zoneinfo.hpp in header-only mode.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "../calendar.hpp"
#include "../detail/zoneinfo.hpp"
#include "../errors.hpp"

OPSWHEEL_BEGIN_NAMESPACE
namespace detail {

namespace zoneinfo {

using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

// RFC 8536 §3.2 bounds a time type's offset to (-2^31, 2^31) seconds; real offsets stay within a
// day, and the iCalendar UTC-OFFSET form has two digits of hours, so anything past 25 hours is
// refused as corrupt rather than written.
constexpr long long max_offset = 25 * 3600;

class Reader {
 public:
  Reader(const std::string& name, std::string_view data) : name_(name), data_(data) {}
  [[noreturn]] void fail(const std::string& why) const {
    throw InvalidArgument("invalid time-zone data for '" + name_ + "': " + why);
  }
  std::string_view take(std::size_t n) {
    if (data_.size() - pos_ < n) fail("truncated");
    const std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t be(std::size_t bytes) {
    std::uint64_t v = 0;
    for (const char c : take(bytes)) v = v << 8 | static_cast<unsigned char>(c);
    return v;
  }
  std::int64_t signed_be(std::size_t bytes) {
    const std::uint64_t v = be(bytes);
    if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  const std::string& name_;
  std::string_view data_;
  std::size_t pos_ = 0;
};

// A POSIX TZ string (RFC 8536 §3.3, POSIX.1 TZ with the RFC's extensions to times of day).
class PosixParser {
 public:
  PosixParser(const Reader& reader, std::string_view text) : reader_(reader), text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  bool accept(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool next_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool at_name() const { return pos_ < text_.size() && (text_[pos_] == '<' || is_alpha(text_[pos_])); }
  std::string name() {
    std::string out;
    if (accept('<')) {
      while (pos_ < text_.size() && text_[pos_] != '>') out += text_[pos_++];
      if (!accept('>')) fail("an unterminated <abbreviation>");
    } else {
      while (pos_ < text_.size() && is_alpha(text_[pos_])) out += text_[pos_++];
    }
    if (out.size() < 3) fail("an abbreviation shorter than 3 characters");
    return out;
  }
  // [+-]hh[:mm[:ss]], hours up to `max_hours`.
  seconds time(long long max_hours) {
    long long sign = 1;
    if (accept('-')) sign = -1;
    else accept('+');
    long long total = number(0, max_hours) * 3600;
    if (accept(':')) {
      total += number(0, 59) * 60;
      if (accept(':')) total += number(0, 59);
    }
    return seconds{sign * total};
  }
  PosixDate date() {
    PosixDate d;
    if (accept('M')) {
      d.kind = PosixDate::Kind::month_week_day;
      d.month = static_cast<unsigned>(number(1, 12));
      if (!accept('.')) fail("a malformed Mm.w.d rule");
      d.week = static_cast<unsigned>(number(1, 5));
      if (!accept('.')) fail("a malformed Mm.w.d rule");
      d.weekday = static_cast<unsigned>(number(0, 6));
    } else if (accept('J')) {
      d.kind = PosixDate::Kind::julian_no_leap;
      d.day = static_cast<unsigned>(number(1, 365));
    } else {
      d.kind = PosixDate::Kind::zero_based;
      d.day = static_cast<unsigned>(number(0, 365));
    }
    if (accept('/')) d.time = time(167);
    return d;
  }
  [[noreturn]] void fail(const std::string& why) const {
    reader_.fail("footer '" + std::string(text_) + "': " + why);
  }

 private:
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
  long long number(long long lo, long long hi) {
    const std::size_t start = pos_;
    long long v = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && pos_ - start < 4)
      v = v * 10 + (text_[pos_++] - '0');
    if (pos_ == start || v < lo || v > hi) fail("a number out of range");
    return v;
  }
  const Reader& reader_;
  std::string_view text_;
  std::size_t pos_ = 0;
};

// The day a POSIX rule names in `year`.
inline sys_days posix_day(const PosixDate& d, int year) {
  using namespace std::chrono;
  const auto y = std::chrono::year{year};
  switch (d.kind) {
    case PosixDate::Kind::month_week_day: {
      const auto wd = weekday{d.weekday};
      if (d.week == 5) return sys_days{year_month_weekday_last{y, month{d.month}, weekday_last{wd}}};
      return sys_days{year_month_weekday{y, month{d.month}, weekday_indexed{wd, d.week}}};
    }
    case PosixDate::Kind::julian_no_leap: {  // day 60 is always 1 March
      const sys_days jan1{y / January / 1};
      const unsigned skip = y.is_leap() && d.day >= 60 ? 1u : 0u;
      return jan1 + days{d.day - 1 + skip};
    }
    case PosixDate::Kind::zero_based: return sys_days{y / January / 1} + days{d.day};
  }
  return sys_days{y / January / 1};
}

}  // namespace zoneinfo

OPSWHEEL_INLINE ZoneRules ZoneRules::load(const std::string& name) {
  const char* dir = std::getenv("TZDIR");
  const std::string root = dir && *dir ? dir : "/usr/share/zoneinfo";
  std::ifstream in(root + "/" + name, std::ios::binary);
  // A TZif file is a few kilobytes; a megabyte is no zone.
  std::string data;
  if (in) {
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad() || data.size() > (1u << 20)) data.clear();
  }
  if (data.empty())
    throw InvalidArgument("unknown time zone '" + name + "': it is not in the time-zone database (" + root + ")");
  return parse(name, data);
}

OPSWHEEL_INLINE ZoneRules ZoneRules::parse(const std::string& name, std::string_view tzif) {
  using namespace zoneinfo;
  Reader r(name, tzif);
  ZoneRules z;
  z.name_ = name;
  auto header = [&](std::uint64_t (&counts)[6]) {
    if (r.take(4) != "TZif") r.fail("not a TZif file");
    const char version = r.take(1)[0];
    if (version != 0 && (version < '2' || version > '4')) r.fail("an unknown TZif version");
    r.take(15);
    for (std::uint64_t& c : counts) c = r.be(4);
    return version;
  };
  std::uint64_t counts[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  const char version = header(counts);
  std::size_t time_size = 4;
  if (version != 0) {  // skip the 32-bit block: the 64-bit one follows with a header of its own
    r.take(counts[3] * 5 + counts[4] * 6 + counts[5] + counts[2] * 8 + counts[1] + counts[0]);
    header(counts);
    time_size = 8;
  }
  const auto [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts;
  if (typecnt == 0 || typecnt > 256 || charcnt == 0 || (isutcnt != 0 && isutcnt != typecnt) ||
      (isstdcnt != 0 && isstdcnt != typecnt))
    r.fail("inconsistent counts");
  if (timecnt > tzif.size() || leapcnt > tzif.size()) r.fail("truncated");
  std::vector<std::int64_t> times(timecnt);
  for (std::int64_t& t : times) t = r.signed_be(time_size);
  std::vector<std::size_t> indices(timecnt);
  for (std::size_t& i : indices) {
    i = r.be(1);
    if (i >= typecnt) r.fail("a transition to a time type that does not exist");
  }
  struct RawType {
    std::int64_t offset;
    bool dst;
    std::size_t abbreviation;
  };
  std::vector<RawType> raw(typecnt);
  for (RawType& t : raw) {
    t.offset = r.signed_be(4);
    t.dst = r.be(1) != 0;
    t.abbreviation = r.be(1);
    if (t.offset <= -max_offset || t.offset >= max_offset) r.fail("a UTC offset beyond 25 hours");
    if (t.abbreviation >= charcnt) r.fail("an abbreviation outside the table");
  }
  const std::string_view chars = r.take(charcnt);
  if (chars.back() != '\0') r.fail("an unterminated abbreviation");
  for (const RawType& t : raw) {
    const std::string_view rest = chars.substr(t.abbreviation);
    z.types_.push_back({seconds{t.offset}, t.dst, std::string(rest.substr(0, rest.find('\0')))});
  }
  r.take(leapcnt * (time_size + 4) + isstdcnt + isutcnt);
  for (std::size_t i = 0; i < timecnt; ++i) {
    if (i > 0 && times[i] <= times[i - 1]) r.fail("transitions out of order");
    // Within ±2^55 s (about a billion years) sys_seconds cannot overflow; far beyond any meeting.
    if (times[i] < -(std::int64_t{1} << 55) || times[i] > (std::int64_t{1} << 55)) continue;
    z.transitions_.push_back({sys_seconds{seconds{times[i]}}, indices[i]});
  }

  if (version != 0) {
    const std::string_view rest = r.rest();
    if (rest.size() < 2 || rest.front() != '\n') r.fail("no footer");
    const std::string_view text = rest.substr(1, rest.find('\n', 1) - 1);
    if (text.size() + 2 > rest.size()) r.fail("an unterminated footer");
    if (!text.empty()) {
      PosixParser p(r, text);
      Footer f;
      f.standard.abbreviation = p.name();
      f.standard.utc_offset = -p.time(24);  // POSIX offsets count west of Greenwich
      if (p.at_name()) {  // "dst [offset],start[/time],end[/time]"; the offset defaults to an hour ahead
        ZoneOffset d{f.standard.utc_offset + seconds{3600}, true, p.name()};
        if (!p.done() && !p.next_is(',')) d.utc_offset = -p.time(24);
        f.daylight = d;
        if (!p.accept(',')) p.fail("daylight saving time without its rules");
        f.start = p.date();
        if (!p.accept(',')) p.fail("expected ',end'");
        f.end = p.date();
      }
      if (!p.done()) p.fail("unexpected text");
      if (f.standard.utc_offset.count() <= -max_offset || f.standard.utc_offset.count() >= max_offset ||
          (f.daylight && (f.daylight->utc_offset.count() <= -max_offset || f.daylight->utc_offset.count() >= max_offset)))
        p.fail("a UTC offset beyond 25 hours");
      z.footer_ = std::move(f);
    }
  }
  return z;
}

OPSWHEEL_INLINE ZoneChange ZoneRules::change_at(std::size_t index) const {
  const ZoneOffset& before = index == 0 ? types_.front() : types_[transitions_[index - 1].type];
  return {transitions_[index].at, before, types_[transitions_[index].type]};
}

// The footer's changes in `year`, in time order: none when it has no daylight saving time.
OPSWHEEL_INLINE std::vector<ZoneChange> ZoneRules::footer_changes(int year) const {
  using std::chrono::sys_seconds;
  std::vector<ZoneChange> out;
  if (!footer_ || !footer_->daylight) return out;
  const ZoneOffset& std_ = footer_->standard;
  const ZoneOffset& dst = *footer_->daylight;
  // A rule's time is local time in the offset before the change.
  out.push_back({sys_seconds{zoneinfo::posix_day(footer_->start, year)} + footer_->start.time - std_.utc_offset, std_, dst});
  out.push_back({sys_seconds{zoneinfo::posix_day(footer_->end, year)} + footer_->end.time - dst.utc_offset, dst, std_});
  std::sort(out.begin(), out.end(), [](const ZoneChange& a, const ZoneChange& b) { return a.at < b.at; });
  return out;
}

OPSWHEEL_INLINE ZoneOffset ZoneRules::offset_at(std::chrono::sys_seconds t) const {
  using namespace std::chrono;
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), t,
                                      [](sys_seconds x, const Transition& tr) { return x < tr.at; });
  // Before the first transition, time type 0 (RFC 8536 §3.2); after the last, the footer.
  if (after == transitions_.begin() && (!transitions_.empty() || !footer_)) return types_.front();
  if (after != transitions_.end() || !footer_) return types_[std::prev(after)->type];
  if (!footer_->daylight) return footer_->standard;
  const int y = static_cast<int>(year_month_day{floor<days>(t)}.year());
  ZoneOffset current = transitions_.empty() ? footer_->standard : types_[transitions_.back().type];
  sys_seconds latest = transitions_.empty() ? sys_seconds::min() : transitions_.back().at;
  for (int year = y - 1; year <= y + 1; ++year)
    for (const ZoneChange& c : footer_changes(year))
      if (c.at <= t && c.at >= latest) latest = c.at, current = c.after;
  return current;
}

OPSWHEEL_INLINE std::chrono::sys_seconds ZoneRules::to_utc(std::chrono::sys_seconds local) const {
  using namespace std::chrono;
  // Read `local` in the offset in force a day earlier, then correct once with the offset at the
  // instant found: right everywhere but in a gap or an overlap, which resolve as documented.
  const seconds early = offset_at(local - days{1}).utc_offset;
  const seconds at = offset_at(local - early).utc_offset;
  const sys_seconds utc = local - at;
  return offset_at(utc).utc_offset == at ? std::min(utc, local - early) : local - early;
}

OPSWHEEL_INLINE ZoneObservances ZoneRules::observances(std::chrono::sys_seconds from,
                                                       std::optional<std::chrono::sys_seconds> until) const {
  using namespace std::chrono;
  ZoneObservances out;
  // Set before returning: whether a change at or before `from` is among those found.
  auto finish = [&]() -> ZoneObservances& {
    bool covered_from = !out.changes.empty() && out.changes.front().at <= from;
    for (const ZoneYearly& y : out.yearly) covered_from = covered_from || y.first.at <= from;
    if (!covered_from) out.initial = offset_at(from);
    return out;
  };
  const std::size_t n = transitions_.size();
  // The transitions from `covered` on are the footer's own (a "fat" file lists them for decades):
  // from there the yearly rule states them, once.
  std::size_t covered = n;
  if (footer_ && footer_->daylight) {
    auto from_footer = [&](std::size_t i) {
      const ZoneChange c = change_at(i);
      if (c.before == c.after) return true;  // a no-op entry (some files end their table with one)
      const int y = static_cast<int>(year_month_day{floor<days>(c.at)}.year());
      for (int year = y - 1; year <= y + 1; ++year)
        for (const ZoneChange& f : footer_changes(year))
          if (f.at == c.at && f.after == c.after) return true;
      return false;
    };
    while (covered > 0 && from_footer(covered - 1)) --covered;
  }
  // Explicit changes: the last one at or before `from` (it sets the offset there), then each one
  // up to `until`, until the footer takes over.
  std::size_t first = 0;
  while (first < n && transitions_[first].at <= from) ++first;
  if (first > 0) --first;
  for (std::size_t i = first; i < covered && (!until || transitions_[i].at <= *until); ++i) out.changes.push_back(change_at(i));

  if (!footer_ || !footer_->daylight) return finish();
  // The yearly rule: from the footer's first change, or a year before `from` (so that one of its
  // changes sets the offset at `from`), whichever is later.
  const sys_seconds start = std::max(covered < n ? transitions_[covered].at
                                                 : n > 0 ? transitions_[n - 1].at + seconds{1} : sys_seconds::min(),
                                     from - days{366});
  if (until && start > *until) return finish();
  const int y = static_cast<int>(year_month_day{floor<days>(start)}.year());
  for (const PosixDate* rule : {&footer_->start, &footer_->end}) {
    std::optional<ZoneChange> first_change;
    for (int year = y; year <= y + 1 && !first_change; ++year)
      for (const ZoneChange& c : footer_changes(year))
        if (c.at >= start && c.after.dst == (rule == &footer_->start)) {
          first_change = c;
          break;
        }
    // The seven month days the change falls in, as a weekday there: its Mm.w.d day moved by whole
    // days when its time of day is negative or past 24 hours.
    const long long shift = floor<days>(rule->time).count();
    int first_day = rule->week == 5 ? -7 : static_cast<int>(7 * (rule->week - 1) + 1);
    first_day += static_cast<int>(shift);
    // Those days must exist in every year's month (February has 28; the others at least 30).
    const int shortest = rule->month == 2 ? 28 : 30;
    const bool fits = rule->kind == PosixDate::Kind::month_week_day &&
                      (rule->week == 5 ? first_day >= -shortest && first_day + 6 <= -1
                                       : first_day >= 1 && first_day + 6 <= shortest);
    if (!fits || !first_change) {
      if (!until)
        throw InvalidArgument("the time zone '" + name_ + "' has a yearly rule that iCalendar cannot repeat; export a range with an end date");
      // A bounded range: each change written out instead.
      continue;
    }
    out.yearly.push_back({*first_change, rule->month, weekday{static_cast<unsigned>((rule->weekday + shift % 7 + 7) % 7)}, first_day});
  }
  if (out.yearly.size() != 2) {  // written out change by change up to `until`
    out.yearly.clear();
    const int last = static_cast<int>(year_month_day{floor<days>(*until)}.year());
    for (int year = y; year <= last; ++year)
      for (const ZoneChange& c : footer_changes(year))
        if (c.at >= start && c.at <= *until) out.changes.push_back(c);
  }
  return finish();
}

}  // namespace detail

OPSWHEEL_INLINE void validate_known_time_zone(std::string_view name) {
  validate_time_zone(name);
  if (name != "UTC") (void)detail::ZoneRules::load(std::string(name));
}

OPSWHEEL_END_NAMESPACE
