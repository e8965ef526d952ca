#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Load on `opswheel serve`, on loopback only, bounded in time (it stops by itself).

    python3 benchmarks/serve_load.py --cli build/release/src/cli/opswheel            # short: 50 viewers, 10 s
    python3 benchmarks/serve_load.py --cli ... --viewers 200 --duration 60           # the targets' size

It makes a throwaway store (30 teams) in a temporary directory, starts `opswheel serve --port 0` on
127.0.0.1 and measures, against docs/serve.md's targets:
- V viewers hold the event stream (/api/events) for the whole run, while a host commits a change
  (a pin, then its unpin, ...) every --interval seconds: every viewer must receive every event, and
  the delay from sending the write to each viewer's receipt of its event (an upper bound on the
  delay after the commit) must be at most 1 s at the 99th percentile;
- during the middle of the run, a second process reads GET /api/state on --readers keep-alive
  connections as fast as it can: at least 500 requests/s, every one answered 200;
- the server's resident memory (VmRSS, sampled every 0.5 s) stays at most 50 MB.
Exit status 0 when every target is met, 1 otherwise."""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VIEW, HOST = "load-viewer-token-0123456789", "load-host-token-0123456789"


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


async def http(reader, writer, method, path, body=b"", token=HOST):
    """One request on a keep-alive connection; returns (status, body)."""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    writer.write(head + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length, close = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        key, _, value = line.decode().partition(":")
        if key.lower() == "content-length":
            length = int(value)
        if key.lower() == "connection" and "close" in value.lower():
            close = True
    data = await reader.readexactly(length) if length else b""
    return status, data, close


async def viewer(port, received, ready, stop):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {VIEW}\r\n\r\n".encode())
    await writer.drain()
    status = (await reader.readline()).split()[1]
    if status != b"200":
        raise RuntimeError(f"a viewer's stream answered {status}")
    ready.release()
    try:
        while not stop.is_set():
            line = await reader.readline()
            if not line:
                break
            # Chunked framing carries whole frames; only the "id: " lines matter here.
            if line.startswith(b"id: "):
                received[int(line[4:])] = time.monotonic()
    finally:
        writer.close()


def read_load(port, seconds, connections, out):
    """GET /api/state on `connections` keep-alive connections for `seconds` (a process of its own)."""
    async def one(deadline, counts):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.monotonic() < deadline:
            status, _, close = await http(reader, writer, "GET", "/api/state", token=VIEW)
            counts[status] = counts.get(status, 0) + 1
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()

    async def main():
        counts = {}
        start = time.monotonic()
        await asyncio.gather(*(one(start + seconds, counts) for _ in range(connections)))
        out.put((counts, time.monotonic() - start))

    asyncio.run(main())


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def run(args, port, pid):
    stop = asyncio.Event()
    ready = asyncio.Semaphore(0)
    receipts = [dict() for _ in range(args.viewers)]
    tasks = [asyncio.create_task(viewer(port, receipts[i], ready, stop)) for i in range(args.viewers)]
    for _ in range(args.viewers):
        await asyncio.wait_for(ready.acquire(), 30)
    print(f"{args.viewers} viewers connected; RSS {rss_mb(pid):.1f} MB", flush=True)

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent, rss, loader, queue = {}, [], None, multiprocessing.Queue()
    start = time.monotonic()
    n = 0
    read_from = start + args.duration / 4
    while time.monotonic() - start < args.duration:
        if loader is None and time.monotonic() >= read_from:
            loader = multiprocessing.Process(target=read_load, args=(port, args.read_seconds, args.readers, queue))
            loader.start()
        path, body = (("/api/pin", b'{"team":"team-00","reason":"load"}') if n % 2 == 0 else ("/api/unpin", b'{"team":"team-00"}'))
        t0 = time.monotonic()
        status, data, _ = await http(reader, writer, "POST", path, body)
        if status != 200:
            raise RuntimeError(f"write {n} answered {status}: {data[:200]}")
        sent[json.loads(data)["head"]] = t0
        n += 1
        rss.append(rss_mb(pid))
        await asyncio.sleep(args.interval)
    await asyncio.sleep(2)  # the last event's delivery
    stop.set()
    writer.close()
    counts, seconds = queue.get(timeout=args.read_seconds + 30)
    loader.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    delays = [(r[seq] - t0) * 1000 for r in receipts for seq, t0 in sent.items() if seq in r]
    missing = sum(1 for r in receipts for seq in sent if seq not in r)
    ok_reads = counts.get(200, 0)
    return {"viewers": args.viewers, "events": len(sent), "deliveries": len(delays), "missing": missing,
            "p50_ms": percentile(delays, 50), "p99_ms": percentile(delays, 99), "max_ms": max(delays or [float("nan")]),
            "reads_per_s": ok_reads / seconds, "read_errors": sum(v for k, v in counts.items() if k != 200),
            "rss_max_mb": max(rss), "rss_median_mb": statistics.median(rss)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=os.environ.get("OPSWHEEL_CLI", "opswheel"), help="the opswheel executable")
    parser.add_argument("--viewers", type=int, default=50, help="event-stream viewers (targets: 200)")
    parser.add_argument("--duration", type=float, default=10, help="seconds the viewers are held (targets: 60)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between writes")
    parser.add_argument("--readers", type=int, default=8, help="keep-alive connections reading the state")
    parser.add_argument("--read-seconds", type=float, default=None, help="seconds of reads (default: half the duration)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    args.read_seconds = args.read_seconds or args.duration / 2
    exe = shutil.which(args.cli) or args.cli
    work = Path(tempfile.mkdtemp(prefix="opswheel-serve-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSWHEEL_")}
    env.update({"OPSWHEEL_DB": str(work / "ops.db"), "OPSWHEEL_VIEW_TOKENS": VIEW, "OPSWHEEL_HOST_TOKENS": HOST})
    server = None
    try:
        subprocess.run([exe, "init"], env=env, check=True, capture_output=True)
        csv = "id,name,url,weight\n" + "".join(f"team-{i:02d},Team {i},https://dash.example.com/{i},1\n" for i in range(30))
        subprocess.run([exe, "import", "-"], env=env, input=csv, text=True, check=True, capture_output=True)
        server = subprocess.Popen([exe, "serve", "--port", "0", "--json", "--max-viewers", str(args.viewers + 10)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = json.loads(server.stdout.readline())["port"]
        figures = asyncio.run(run(args, port, server.pid))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
            server.stdout.close()
        shutil.rmtree(work, ignore_errors=True)
    met = {"every viewer gets every event": figures["missing"] == 0,
           "p99 delivery <= 1000 ms": figures["p99_ms"] <= 1000,
           "reads >= 500/s": figures["reads_per_s"] >= 500 and figures["read_errors"] == 0,
           "server RSS <= 50 MB": figures["rss_max_mb"] <= 50}
    if args.json:
        print(json.dumps({**figures, "targets": met}))
    else:
        for k, v in figures.items():
            print(f"{k:>15}: {v:.1f}" if isinstance(v, float) else f"{k:>15}: {v}")
        for k, v in met.items():
            print(f"{'met' if v else 'NOT MET':>8}  {k}")
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
