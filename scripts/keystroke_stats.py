"""Keystroke figures for scripts/bench.sh from first_frame.py's JSON lines (one per
start): the median time to searchable, per key the median over the starts, and the
median and the slowest of every key typed. Prints them space-separated, the per-key
medians joined by commas; `nan` where nothing was measured."""
import json
import statistics
import sys

starts = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
done = [s["done_ms"] for s in starts if s.get("done_ms") is not None]
# The first key is the `/` that opens the prompt: not a search.
rows = [s["key_ms"][1:] for s in starts if len(s.get("key_ms", [])) > 1]
every = [x for r in rows for x in r]
per_key = [
    statistics.median(r[k] for r in rows if k < len(r)) for k in range(max(map(len, rows), default=0))
]
print(
    f"{statistics.median(done):.0f}" if done else "nan",
    ",".join(f"{x:.1f}" for x in per_key) or "nan",
    f"{statistics.median(every):.1f}" if every else "nan",
    f"{max(every):.1f}" if every else "nan",
)
