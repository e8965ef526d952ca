# SPDX-License-Identifier: Apache-2.0
"""Parses opswheel's iCalendar export with the icalendar package (an RFC 5545 parser) and checks
the fields that matter against the values the fixture took from the book.

Usage: check_ics.py FIXTURE_EXE WORK_DIR
"""
import datetime
import pathlib
import subprocess
import sys

import icalendar

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


def main():
    exe, work = sys.argv[1], pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    ics_path, expected_path = work / "fixture.ics", work / "fixture.tsv"
    subprocess.run([exe, str(ics_path), str(expected_path)], check=True)
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
            failures.append(f"{what}: got {got!r}, want {want!r}")

    meeting_uid = next(uid for uid, props in expected.items() if "MEETINGS" in props)
    start, duration, skipped, moved = map(int, expected.pop(meeting_uid)["MEETINGS"].split())
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
    check("series start is floating", first.tzinfo, None)
    check("series start time", first.hour * 60 + first.minute, start)
    check("series duration", series[0]["DURATION"].dt, datetime.timedelta(minutes=duration))
    check("series weekday", list(series[0]["RRULE"]["BYDAY"]), ["WE"])
    exdates = series[0].get("EXDATE")
    exdates = exdates if isinstance(exdates, list) else [exdates] if exdates else []
    check("EXDATE count", sum(len(x.dts) for x in exdates), skipped)
    check("override count (moves, plus the agenda's meeting which is the moved one)", len(overrides), moved)
    if overrides:
        check("override holds the agenda", "s3" in str(overrides[0].get("DESCRIPTION", "")), True)

    lines = raw.split(b"\r\n")
    check("ends with CRLF", lines[-1], b"")
    check("longest line", max(len(line) for line in lines) <= 75, True)
    check("no bare LF", b"\n" in raw.replace(b"\r\n", b""), False)

    if failures:
        print("\n".join(failures))
        return 1
    print(f"ok: {len(todos)} VTODO, {len(events)} VEVENT parsed by icalendar {icalendar.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
