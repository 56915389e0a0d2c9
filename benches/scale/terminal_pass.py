"""The dashboard in a real (pseudo-)terminal: how long until the loading
screen's first frame, and until the loaded dashboard, on one file.

    python3 benches/scale/terminal_pass.py target/release/hemotrend FILE [RUNS]

Prints one line per run; 120x40 terminal; presses q at the end. Not run by
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


def one_run(binary, path):
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
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    return first, ready


def main():
    binary, path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    for _ in range(runs):
        first, ready = one_run(binary, path)
        if first is None or ready is None:
            sys.exit(f"{path}: the screens did not appear")
        print(f"{path}: loading screen {first * 1000:.1f} ms, dashboard {ready:.3f} s")


if __name__ == "__main__":
    main()
