"""The store's change feed from Python: ``Store.wait`` wakes when another process commits and lets
other threads run meanwhile; ``Store.follow`` yields every new event once, in order."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

import opswheel as ow

# A second process that opens the store, waits `delay` seconds, then adds `count` teams to wheel
# "ops", one commit each, and prints when its last commit returned (time.monotonic, which every
# process of the machine shares).
WRITER = """
import sys, time
import opswheel as ow
path, delay, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
store = ow.Store(path)
time.sleep(delay)
for i in range(count):
    w = store.open("ops")
    w.add(f"from-writer-{i}")
    w.commit()
print(time.monotonic(), flush=True)
"""


def writer(path, delay: float, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(delay), str(count)],
                            stdout=subprocess.PIPE, text=True)


def finished(proc: subprocess.Popen) -> float:
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    return float(out)


@pytest.fixture
def store(tmp_path) -> ow.Store:
    s = ow.Store(tmp_path / "ops.db")
    w = s.create("ops", "rotation", actor="py-test")
    w.add("a")
    w.commit()
    return s


def test_wait_returns_within_a_second_of_another_process_commit(store):
    before = store.wait("ops", 0, timeout=0)
    proc = writer(store.path, 0.5, 1)
    head = store.wait("ops", before, timeout=30)
    woke = time.monotonic()
    committed = finished(proc)
    assert head == before + 1
    assert woke - committed < 1.0
    assert store.events("ops", head)[0].data["participant"]["id"] == "from-writer-0"


def test_wait_times_out_with_the_old_head(store):
    before = store.wait("ops", 0, timeout=0)
    start = time.monotonic()
    assert store.wait("ops", before, timeout=0.3) == before
    assert 0.3 <= time.monotonic() - start < 1.0


def test_wait_lets_other_threads_run(store):
    before = store.wait("ops", 0, timeout=0)
    ticks = []

    def ticker():
        end = time.monotonic() + 0.5
        while time.monotonic() < end:
            ticks.append(1)
            time.sleep(0.01)

    t = threading.Thread(target=ticker)
    t.start()
    store.wait("ops", before, timeout=0.6)
    t.join()
    assert len(ticks) > 10  # the ticker ran while this thread waited


def test_follow_yields_every_new_event_once_in_order(store):
    first = store.wait("ops", 0, timeout=0)
    feed = store.follow("ops", timeout=60)  # from now: the head is read here, not at the first event
    proc = writer(store.path, 0.2, 30)
    seqs = []
    for event in feed:
        assert isinstance(event, ow.ChainedEvent)
        seqs.append(event.seq)
        if len(seqs) == 30:
            break
    finished(proc)
    assert seqs == list(range(first + 1, first + 31))


def test_follow_from_a_number_gives_the_stored_events_first_and_ends_at_its_timeout(store):
    head = store.wait("ops", 0, timeout=0)
    start = time.monotonic()
    got = [e.seq for e in store.follow("ops", from_seq=1, timeout=0.3)]
    assert got == list(range(1, head + 1))
    assert 0.3 <= time.monotonic() - start < 1.5
    assert [e.hash for e in store.follow("ops", from_seq=head, timeout=0)] == [store.events("ops", head)[0].hash]


def test_bad_input(store):
    with pytest.raises(ow.NotFoundError):
        store.wait("nope", 0, timeout=1)
    with pytest.raises(ow.NotFoundError):
        store.follow("nope")  # at the call, not at the first event
    with pytest.raises(ow.InvalidArgumentError):
        store.wait("ops", 0, timeout=-1)
    with pytest.raises(ow.InvalidArgumentError):
        store.follow("ops", timeout="soon")
    with pytest.raises(ow.InvalidArgumentError):
        store.wait("ops", -1)
    with pytest.raises(TypeError):
        store.wait("ops", 1.5)
