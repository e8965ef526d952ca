# SPDX-License-Identifier: Apache-2.0
"""Parses opswheel's iCalendar export with the icalendar package (an RFC 5545 parser) and checks
the fields that matter against the values the fixture took from the book, for meetings in several
zones over a range that crosses both daylight-saving changes: each meeting, converted to UTC
through the export's own VTIMEZONE (not the parser's knowledge of the zone's name), must land on
the instant Python's zoneinfo (the system's time-zone database) gives for its wall-clock time.

Usage: check_ics.py FIXTURE_EXE WORK_DIR
"""
import datetime
import pathlib
import subprocess
import sys
import zoneinfo

import dateutil.rrule
import icalendar

ZONES = ["America/New_York", "America/Los_Angeles", "Europe/Berlin", "UTC"]
UTC = datetime.timezone.utc

STATUS = {"open": "NEEDS-ACTION", "in_progress": "IN-PROCESS", "done": "COMPLETED", "cancelled": "CANCELLED"}


def untsv(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def check_zone(exe, work, zone):
    stem = zone.replace("/", "_")
    ics_path, expected_path = work / f"{stem}.ics", work / f"{stem}.tsv"
    subprocess.run([exe, str(ics_path), str(expected_path), zone], check=True)
    raw = ics_path.read_bytes()
    cal = icalendar.Calendar.from_ical(raw)

    expected = {}
    for line in expected_path.read_text(encoding="utf-8").splitlines():
        uid, prop, value = line.split("\t")
        expected.setdefault(untsv(uid), {})[prop] = untsv(value)

    todos = {str(c["UID"]): c for c in cal.walk("VTODO")}
    events = list(cal.walk("VEVENT"))
    failures = []

    def check(what, got, want):
        if got != want:
            failures.append(f"{zone}: {what}: got {got!r}, want {want!r}")

    meeting_uid = next(uid for uid, props in expected.items() if "MEETINGS" in props)
    start, duration, skipped, moved, *until = expected.pop(meeting_uid)["MEETINGS"].split()
    start, duration, skipped, moved = map(int, (start, duration, skipped, moved))
    until = datetime.date.fromisoformat(until[0])
    check("VTODO count", len(todos), len(expected))
    for uid, want in expected.items():
        todo = todos.get(uid)
        if todo is None:
            failures.append(f"no VTODO with UID {uid!r}; have {sorted(todos)}")
            continue
        check(f"{uid} SUMMARY", str(todo["SUMMARY"]), want["SUMMARY"])
        check(f"{uid} DUE", todo["DUE"].dt, datetime.date.fromisoformat(want["DUE"]))
        check(f"{uid} STATUS", str(todo["STATUS"]), STATUS[want["STATUS"]])
        check(f"{uid} PERCENT-COMPLETE", str(todo.get("PERCENT-COMPLETE", "")), want["PERCENT"])
        check(f"{uid} URL", str(todo.get("URL", "")), want["URL"])
        check(f"{uid} DESCRIPTION starts with", str(todo["DESCRIPTION"])[: len(want["DESCRIPTION-START"])], want["DESCRIPTION-START"])
        for prop in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
            check(f"{uid} {prop} is UTC", todo[prop].dt.utcoffset(), datetime.timedelta(0))

    series = [e for e in events if "RRULE" in e]
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    check("one recurring series", len(series), 1)
    check("every meeting VEVENT shares the UID", {str(e["UID"]) for e in events}, {meeting_uid})
    first = series[0]["DTSTART"].dt
    check("series start time", first.hour * 60 + first.minute, start)
    check("series duration", series[0]["DURATION"].dt, datetime.timedelta(minutes=duration))
    check("series weekday", list(series[0]["RRULE"]["BYDAY"]), ["WE"])
    exdates = series[0].get("EXDATE")
    exdates = exdates if isinstance(exdates, list) else [exdates] if exdates else []
    check("EXDATE count", sum(len(x.dts) for x in exdates), skipped)
    check("override count (moves, plus the agenda's meeting which is the moved one)", len(overrides), moved)
    if overrides:
        check("override holds the agenda", "s3" in str(overrides[0].get("DESCRIPTION", "")), True)

    failures += check_times(zone, cal, series[0], overrides, until)

    lines = raw.split(b"\r\n")
    check("ends with CRLF", lines[-1], b"")
    check("longest line", max(len(line) for line in lines) <= 75, True)
    check("no bare LF", b"\n" in raw.replace(b"\r\n", b""), False)

    return failures, f"{zone}: {len(todos)} VTODO, {len(events)} VEVENT"


def check_times(zone, cal, series, overrides, until):
    """Every meeting's instant in UTC, through the export's VTIMEZONE, against zoneinfo's."""
    failures = []
    timezones = list(cal.walk("VTIMEZONE"))
    first = series["DTSTART"]
    if zone == "UTC":
        if timezones:
            failures.append("UTC: a VTIMEZONE was written for UTC times")
        if first.dt.utcoffset() != datetime.timedelta(0) or "TZID" in first.params:
            failures.append(f"UTC: DTSTART is not a UTC time: {first.to_ical()!r} {dict(first.params)}")
        return failures
    if [str(t["TZID"]) for t in timezones] != [zone] or first.params.get("TZID") != zone:
        return [f"{zone}: want one VTIMEZONE and DTSTART;TZID for the zone, got {[str(t['TZID']) for t in timezones]}, "
                f"{dict(first.params)}"]
    exported = timezones[0].to_tz(lookup_tzid=False)  # built from the component alone
    truth = zoneinfo.ZoneInfo(zone)

    def instant(wall, tz):
        return wall.replace(tzinfo=tz).astimezone(UTC)

    def wall(prop):
        return prop.dt.replace(tzinfo=None)

    # The occurrences the series' RRULE gives (its UNTIL is in UTC), as wall-clock times.
    rule = dateutil.rrule.rrulestr(series["RRULE"].to_ical().decode(), dtstart=wall(first).replace(tzinfo=exported))
    walls = [o.replace(tzinfo=None) for o in rule]
    expected_walls, day = [], wall(first)
    while day.date() <= until:
        expected_walls.append(day)
        day += datetime.timedelta(days=7)
    if walls != expected_walls:
        failures.append(f"{zone}: the RRULE gives {len(walls)} meetings from {walls[:1]} to {walls[-1:]}, "
                        f"want {len(expected_walls)} to {expected_walls[-1:]} (UNTIL {series['RRULE'].get('UNTIL')})")
    walls += [wall(o["DTSTART"]) for o in overrides] + [wall(o["RECURRENCE-ID"]) for o in overrides]
    offsets = set()
    for w in walls:
        got, want = instant(w, exported), instant(w, truth)
        offsets.add(w.replace(tzinfo=truth).utcoffset())
        if got != want:
            failures.append(f"{zone}: the meeting at {w} (wall clock) is {got} in UTC through the VTIMEZONE, want {want}")
    for o in overrides:  # as the parser itself resolves DTSTART;TZID
        if o["DTSTART"].dt.astimezone(UTC) != instant(wall(o["DTSTART"]), truth):
            failures.append(f"{zone}: icalendar reads the moved meeting's DTSTART as {o['DTSTART'].dt.astimezone(UTC)}")
    if len(offsets) != 2:
        failures.append(f"{zone}: the fixture's meetings should straddle a daylight-saving change, offsets {offsets}")
    return failures


def main():
    exe, work = sys.argv[1], pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    failures = []
    for zone in ZONES:
        found, summary = check_zone(exe, work, zone)
        failures += found
        print(summary)
    if failures:
        print("\n".join(failures))
        return 1
    print(f"ok: parsed by icalendar {icalendar.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
