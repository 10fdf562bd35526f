#!/usr/bin/env python3
"""Time a terminal program from spawn to its first useful screen, in a real pty.

    first_frame.py --marker TEXT [--done TEXT] [--quit KEYS] -- CMD ARGS...

Prints JSON: ms until MARKER first appears in the output; with --done-file (zzread's
ZZREAD_TIMINGS file), the ms zzread reports for finishing its index; and the child's
peak RSS (VmHWM) and the anonymous and file-backed parts of the current RSS in kB,
read from /proc just before quitting, and the peak of the anonymous part alone
(sampled every 20 ms: VmHWM also counts mapped cache pages the kernel may drop); per typed key, zzread's own breakdown of its time. Answers cursor-position queries (ESC[6n) as a
narrow-ambiguous terminal would, so zzread's width probe does not time out.
"""
import argparse, fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

ap = argparse.ArgumentParser()
ap.add_argument("--marker", required=True)
ap.add_argument("--done-file", default=None, help="wait until this file holds a line with 'indexed'")
ap.add_argument("--quit", default="q")
ap.add_argument("--keys", default="", help="after --done-file reports indexed, type these one by one")
ap.add_argument("--key-gap", type=float, default=0.25)
ap.add_argument("--wait", type=float, default=0, help="seconds to wait after indexed before the first key (the loader's background checks end)")
ap.add_argument("--cols", type=int, default=120)
ap.add_argument("--rows", type=int, default=40)
ap.add_argument("--timeout", type=float, default=600)
ap.add_argument("cmd", nargs=argparse.REMAINDER)
a = ap.parse_args()
cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd

start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execvp(cmd[0], cmd)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", a.rows, a.cols, 0, 0))

peak_anon = 0


def sample_anon():
    """The child's own (anonymous) memory now, kept if it is the most so far."""
    global peak_anon
    try:
        with open(f"/proc/{pid}/status") as f:
            m = re.search(r"RssAnon:\s+(\d+) kB", f.read())
        if m:
            peak_anon = max(peak_anon, int(m.group(1)))
    except OSError:
        pass


marker = a.marker.encode()
CSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")
buf = b""
first_ms = None
done_ms = None
deadline = start + a.timeout
while time.perf_counter() < deadline:
    r, _, _ = select.select([fd], [], [], 0.02)
    sample_anon()
    if r:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            break
        if not data:
            break
        buf = (buf + data)[-8192:]
        # Every request gets its answer, as a terminal gives it.
        for _ in range(data.count(b"\x1b[6n")):
            os.write(fd, b"\x1b[1;2R")
        # Terminals get cursor moves between wide characters: match the text alone.
        if first_ms is None and marker in CSI.sub(b"", buf):
            first_ms = (time.perf_counter() - start) * 1000
    if first_ms is not None:
        if a.done_file is None:
            break
        try:
            with open(a.done_file) as f:
                for line in f:
                    ev = json.loads(line)
                    if ev.get("event") == "indexed":
                        done_ms = ev.get("ms")
        except (OSError, ValueError):
            pass
        if done_ms is not None:
            break

def drain(seconds):
    """Reads (and drops) the child's output for this long, sampling its memory."""
    t_end = time.perf_counter() + seconds
    while time.perf_counter() < t_end:
        r, _, _ = select.select([fd], [], [], 0.02)
        sample_anon()
        if r:
            try:
                os.read(fd, 1 << 16)
            except OSError:
                break


# Type keys one at a time; zzread logs each keystroke-to-frame time in the file.
if a.keys and done_ms is not None:
    drain(a.wait)
    for ch in a.keys:
        os.write(fd, ch.encode())
        drain(a.key_gap)
keys = []
if a.done_file:
    try:
        with open(a.done_file) as f:
            keys = [json.loads(l) for l in f if '"key"' in l]
    except (OSError, ValueError):
        pass
key_ms = [k["ms"] for k in keys]

# Peak resident memory, and now: how much of it is the process's own (anonymous) and
# how much is file pages (the mapped cache) the kernel can drop and re-read.
rss = {}
try:
    with open(f"/proc/{pid}/status") as f:
        status = f.read()
    for name in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
        m = re.search(name + r":\s+(\d+) kB", status)
        rss[name] = int(m.group(1)) if m else None
except OSError:
    pass
os.write(fd, a.quit.encode())


def drain_until_gone(seconds):
    """Reads what the child writes (a terminal always does: a reader whose output
    nobody reads blocks in write and never gets to its signal) until it is gone."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            return True
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                os.read(fd, 1 << 16)
            except OSError:
                pass
    return False


if not drain_until_gone(0.3):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    if not drain_until_gone(10):
        os.kill(pid, signal.SIGKILL)
        drain_until_gone(5)
print(json.dumps({
    "first_ms": first_ms, "done_ms": done_ms,
    "peak_rss_kb": rss.get("VmHWM"), "peak_anon_kb": max(peak_anon, rss.get("RssAnon") or 0),
    "rss_anon_kb": rss.get("RssAnon"), "rss_file_kb": rss.get("RssFile"),
    "key_ms": key_ms, "keys": keys,
}))
