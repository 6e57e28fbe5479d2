#!/usr/bin/env python3
"""Time from starting `msoko` in a pseudo-terminal to its first `msoko> ` prompt.

    python3 Tests/REPL/time_to_prompt.py .build/release/msoko [RUNS] [-- ARGUMENTS…]

Each run forks msoko on a fresh pty (HOME and the history file in a scratch folder, no
~/.msokorc), waits for the prompt, sends Ctrl-D and reaps it. Prints the median, min and max.
"""
import os
import pty
import select
import statistics
import sys
import tempfile
import time

executable = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "--" else 20
extra = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
home = tempfile.mkdtemp(prefix="msoko-start-")
env = dict(os.environ, HOME=home, MSOKO_HISTORY=os.path.join(home, "history"), MSOKO_RC="")
times = []
for _ in range(runs):
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(executable, [executable] + extra, env)
    seen = b""
    while b"msoko> " not in seen:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            sys.exit("no prompt within 10 s; output so far: %r" % seen)
        seen += os.read(fd, 4096)
    times.append((time.perf_counter() - started) * 1000)
    os.write(fd, b"\x04")
    os.waitpid(pid, 0)
    os.close(fd)
print(f"time to prompt over {runs} runs: median {statistics.median(times):.1f} ms, "
      f"min {min(times):.1f} ms, max {max(times):.1f} ms")
