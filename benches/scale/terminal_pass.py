"""The dashboard in a real (pseudo-)terminal: how long until the loading
screen's first frame, and until the loaded dashboard, on one file; with
--keys, then how long each of a round of key presses takes to be drawn.

    python3 benches/scale/terminal_pass.py target/release/hemotrend FILE [RUNS] [--keys]

Prints one line per run; 120x40 terminal; presses q at the end. A key's
time runs from writing it to the last byte of the frame it brings (the
frame is over when nothing more comes for 15 ms, not counted). Not run by
`cargo bench` (it needs a terminal of its own); BENCHMARKS.md gives figures.
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

LOADING = b"Loading"
DASHBOARD = b"Patients"
QUIET = 0.015
# Next patient, a page of patients, the cursor along the draws and back,
# last and first patient, the next pane, the read-outs popup and closing it.
KEYS = (
    [("j", b"j")] * 10
    + [("PageDown", b"\x1b[6~")] * 3
    + [("l", b"l")] * 5
    + [("h", b"h")] * 5
    + [("G", b"G"), ("g", b"g"), ("Tab", b"\t"), ("i", b"i"), ("i", b"i")]
)


def drain(fd, first_wait):
    """Reads until nothing comes for QUIET seconds (waiting up to
    `first_wait` for the first byte); the time of the last byte read."""
    last, wait = None, first_wait
    while True:
        readable, _, _ = select.select([fd], [], [], wait)
        if not readable:
            return last
        try:
            if not os.read(fd, 1 << 16):
                return last
        except OSError:
            return last
        last, wait = time.monotonic(), QUIET


def press_keys(fd):
    """Each key's time to its frame, in seconds, by key."""
    drain(fd, QUIET)
    times = {}
    for name, key in KEYS:
        start = time.monotonic()
        os.write(fd, key)
        last = drain(fd, 2.0)
        if last is not None:
            times.setdefault(name, []).append(last - start)
    return times


def one_run(binary, path, keys=False):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, path])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.monotonic()
    seen, first, ready = b"", None, None
    while ready is None and time.monotonic() - start < 60:
        readable, _, _ = select.select([fd], [], [], 0.05)
        if not readable:
            continue
        try:
            seen += os.read(fd, 1 << 16)
        except OSError:
            break
        now = time.monotonic() - start
        if first is None and LOADING in seen:
            first = now
        if DASHBOARD in seen:
            ready = now
    times = press_keys(fd) if keys and ready is not None else {}
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    return first, ready, times


def main():
    keys = "--keys" in sys.argv
    args = [arg for arg in sys.argv[1:] if arg != "--keys"]
    binary, path = args[0], args[1]
    runs = int(args[2]) if len(args) > 2 else 5
    for _ in range(runs):
        first, ready, times = one_run(binary, path, keys)
        if first is None or ready is None:
            sys.exit(f"{path}: the screens did not appear")
        print(f"{path}: loading screen {first * 1000:.1f} ms, dashboard {ready:.3f} s")
        for name, spent in times.items():
            spent = sorted(spent)
            print(
                f"  key {name}: {len(spent)} presses, median {spent[len(spent) // 2] * 1000:.1f} ms,"
                f" slowest {spent[-1] * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
