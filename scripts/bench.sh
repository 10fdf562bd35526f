#!/usr/bin/env bash
# zzread at archive scale, side by side with the tools people already use, on one
# generated archive, in one run:
#   - first frame: zzread vs `less` opening the same issue files (in a real pty);
#   - time until zzread has parsed and indexed everything, and its peak RSS then;
#   - one-shot search: `zzread search` vs `rg` over the same files.
# Usage: scripts/bench.sh [ISSUES]   (default 10000, ~180 MB)
# Prints a Markdown table (the README's performance table comes from here).
set -euo pipefail
cd "$(dirname "$0")/.."
issues=${1:-10000}
dir=${ZZREAD_BENCH_DIR:-${TMPDIR:-/tmp}/zzread-bench-$issues}
runs=${RUNS:-5}
# A private state and config: measure a first start, and leave the user's alone.
XDG_STATE_HOME=$(mktemp -d)
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_STATE_HOME XDG_CONFIG_HOME

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
need less less
need hyperfine hyperfine
need python3 python3

cargo build --release --quiet
cargo build --release --quiet --example gen_archive
if [ ! -d "$dir" ]; then
  target/release/examples/gen_archive "$dir" --issues "$issues"
fi
bytes=$(du -cb "$dir"/*.txt | tail -n 1 | cut -f1)
mb=$(python3 -c "print(f'{$bytes/1e6:.0f}')")
files=("$dir"/*.txt)
first=${files[0]}
first_line=$(python3 -c "import sys; print(next(l.strip() for l in open(sys.argv[1], encoding='utf-8') if l.strip())[:4])" "$first")

median() { python3 -c "import sys,statistics; v=[float(x) for x in sys.stdin.read().split()]; print(f'{statistics.median(v):.0f}')"; }
field() { python3 -c "import sys,json; print(json.loads(sys.stdin.read())['$1'])"; }

# First frame: zzread's status bar vs the first line of the first issue in less.
zz_first=$(for _ in $(seq "$runs"); do
  python3 scripts/first_frame.py --marker "株洲日报" -- target/release/zzread "$dir" | field first_ms
done | median)
less_first=$(for _ in $(seq "$runs"); do
  python3 scripts/first_frame.py --marker "$first_line" -- less "$dir"/*.txt | field first_ms
done | median)

# Everything parsed and indexed, a search typed, and the memory it took.
timings=$(mktemp)
full=$(ZZREAD_TIMINGS=$timings python3 scripts/first_frame.py --marker "株洲日报" --done-file "$timings" --keys "/株洲市" -- target/release/zzread "$dir")
rm -f "$timings"
indexed_ms=$(echo "$full" | field done_ms)
# Keystroke to finished frame while typing /株洲市 (the worst case: each prefix is in
# nearly every article); the first key only opens the prompt.
keys_ms=$(echo "$full" | python3 -c "import sys,json; k=json.load(sys.stdin)['key_ms'][1:]; print(' / '.join(f'{x:.1f}' for x in k))")
rss_kb=$(echo "$full" | field peak_rss_kb)
rss_per_byte=$(python3 -c "print(f'{$rss_kb*1024/$bytes:.2f}')")

# One-shot search from the command line (zzread parses the archive first).
search_json=$(mktemp)
hyperfine --runs 3 --warmup 1 --export-json "$search_json" \
  "target/release/zzread search 医保 $dir --limit 20" \
  "rg -c 医保 $dir" >/dev/null 2>&1
zz_search=$(python3 -c "import json; r=json.load(open('$search_json'))['results']; print(f\"{r[0]['median']*1000:.0f}\")")
rg_search=$(python3 -c "import json; r=json.load(open('$search_json'))['results']; print(f\"{r[1]['median']*1000:.0f}\")")
rm -f "$search_json"

echo
echo "| $issues issues, $mb MB, $(nproc) cores | zzread | other tool |"
echo "|---|---|---|"
echo "| first frame (pty, median of $runs) | $zz_first ms | less: $less_first ms |"
echo "| all issues parsed and indexed (reader usable throughout) | $indexed_ms ms | — |"
echo "| keystroke → finished frame, typing 株 / 株洲 / 株洲市 (indexed) | $keys_ms ms | — |"
echo "| peak RSS, reader after indexing | $((rss_kb / 1024)) MB ($rss_per_byte B per byte of text) | — |"
echo "| one-shot \`search 医保\` from the shell | $zz_search ms | rg -c: $rg_search ms |"
