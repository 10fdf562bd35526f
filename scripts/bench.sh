#!/usr/bin/env bash
# zzread at archive scale, side by side with the tools people already use, in one run.
#
#   scripts/bench.sh [ISSUES...]        default: 10000
#
# For each size (a generated archive, made once under $ZZREAD_BENCH_DIR or /tmp):
#   cold  — no cache: first frame with the newest issue's headline, everything indexed,
#           memory; then the cache is built as the reader's background writer builds it;
#   warm  — the same start with the cache: first frame, searchable, keystrokes typing
#           /株洲市 (each prefix is in nearly every article), memory (anonymous = zzread's
#           own, file = mapped cache pages the kernel may drop), and the cache's size;
#   shell — `zzread search 医保` (warm, and cold with --no-cache) beside `rg -c 医保`,
#           `zzread dump` of the whole archive, and `less` opening the newest issue.
# Prints the goal table for the first size and a growth table over all sizes (the README's
# performance section comes from here). ZZREAD_BIN=path measures another build (e.g. an
# older release) with the same script; RUNS=n sets the repeats (median is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000)
runs=${RUNS:-5}
root=${ZZREAD_BENCH_DIR:-${TMPDIR:-/tmp}}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
need less less
need python3 python3

if [ -z "${ZZREAD_BIN:-}" ]; then
  cargo build --release --quiet
  ZZREAD_BIN=target/release/zzread
fi
cargo build --release --quiet --example gen_archive
zz=$ZZREAD_BIN

# Private state, config and cache: measure a first start, leave the user's alone.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_STATE_HOME=$scratch/state XDG_CONFIG_HOME=$scratch/config
cache=$scratch/cache

median() { python3 -c "import sys,statistics; v=[float(x) for x in sys.stdin.read().split()]; print(f'{statistics.median(v):.0f}')"; }
field() { python3 -c "import sys,json; v=json.loads(sys.stdin.read())['$1']; print(v if v is not None else 'nan')"; }
# Median wall time in ms of a command over $runs runs (after one warm-up), output dropped.
wall() {
  python3 - "$runs" "$@" <<'EOF'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = []
for _ in range(runs):
    s = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.append((time.perf_counter() - s) * 1000)
print(f"{statistics.median(t):.0f}")
EOF
}
# One reader start in a pty: JSON with first_ms, done_ms, key_ms, memory.
start() {
  local marker=$1 dir=$2 keys=${3:-}
  local log
  log=$(mktemp)
  XDG_CACHE_HOME=$cache ZZREAD_TIMINGS=$log python3 scripts/first_frame.py \
    --marker "$marker" --done-file "$log" --keys "$keys" -- "$zz" "$dir"
  rm -f "$log"
}

growth=()
for issues in "${sizes[@]}"; do
  dir=$root/zzread-bench-$issues
  [ -d "$dir" ] || target/release/examples/gen_archive "$dir" --issues "$issues" >/dev/null
  # (find, not a glob: 100,000 names overflow an argument list)
  bytes=$(find -L "$dir" -maxdepth 1 -name '*.txt' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)
  mb=$(python3 -c "print(f'{$bytes/1e6:.0f}')")
  # The newest issue's first headline (four Chinese chars at least: a headless jump
  # half's made-up title, 上接34版, is not one): what the first frame must show.
  # (zzread reads years 1900-2100 in a file name as dates: gen_archive's 100,000 issues
  # run to 2273, and the later ones are undated, listed after the dated)
  newest=$(find -L "$dir" -maxdepth 1 -name '*.txt' | sort |
    awk -F/ '{ y = substr($NF, 1, 4) + 0; if (y >= 1900 && y <= 2100) n = $0 } END { print n }')
  headline=$(XDG_CACHE_HOME=$cache "$zz" --no-cache dump "$newest" |
    python3 -c "import sys,json,re; d=json.load(sys.stdin); print(next(r[0][:4] for a in d['issues'][0]['articles'] for r in [re.findall(r'[\u4e00-\u9fff]{4,}', a['title'])] if r))")

  # Cold: no cache at all.
  rm -rf "$cache"
  cold=$(start "$headline" "$dir")
  cold_first=$(echo "$cold" | field first_ms | cut -d. -f1)
  cold_indexed=$(echo "$cold" | field done_ms)
  cold_hwm=$(( $(echo "$cold" | field peak_rss_kb) / 1024 ))
  cold_own=$(( $(echo "$cold" | field peak_anon_kb) / 1024 ))
  # The cache as the reader's background writer leaves it (waits for one under way).
  build_s=$(python3 -c "
import subprocess,time,os,sys
s=time.perf_counter(); subprocess.run(['$zz','cache','build','$dir'],env=dict(os.environ,XDG_CACHE_HOME='$cache'),stdout=subprocess.DEVNULL); print(f'{time.perf_counter()-s:.1f}')")
  cache_mb=$(( $(du -sb "$cache" | cut -f1) / 1000000 ))

  # Warm: median first frame over $runs starts, then one start that types a search.
  warm_first=$(for _ in $(seq "$runs"); do start "$headline" "$dir" | field first_ms; done | median)
  # Typing: $runs starts each type /株洲市 once (after everything is searchable); per
  # key the median over the starts, and the median and slowest of every key typed.
  typed=$(mktemp)
  for _ in $(seq "$runs"); do start "$headline" "$dir" "/株洲市" >>"$typed"; done
  warm=$(head -n 1 "$typed")
  read -r warm_indexed keys key_median key_max < <(python3 scripts/keystroke_stats.py "$typed")
  keys=${keys//,/ / }
  rm -f "$typed"
  anon=$(( $(echo "$warm" | field rss_anon_kb) / 1024 ))
  file=$(( $(echo "$warm" | field rss_file_kb) / 1024 ))
  anon_b=$(python3 -c "print(f'{$anon*1048576/$bytes:.2f}')")

  # From the shell.
  export XDG_CACHE_HOME=$cache
  zz_search=$(wall "$zz" search 医保 "$dir" --limit 20)
  zz_search_cold=$(RUNS=1 wall "$zz" --no-cache search 医保 "$dir" --limit 20)
  rg_search=$(wall rg -c 医保 "$dir")
  zz_dump=$(wall "$zz" dump "$dir")
  unset XDG_CACHE_HOME
  # less shows the file's first line (it knows nothing of headlines).
  first_line=$(python3 -c "import sys; print(next(l.strip() for l in open(sys.argv[1], encoding='utf-8') if l.strip())[:4])" "$newest")
  less_first=$(for _ in $(seq "$runs"); do
    python3 scripts/first_frame.py --timeout 20 --marker "$first_line" -- less "$newest" | field first_ms
  done | median)

  if [ ${#growth[@]} -eq 0 ]; then
    echo
    echo "| $issues issues, $mb MB, $(nproc) cores | zzread, cache warm | zzread, no cache | other tool |"
    echo "|---|---|---|---|"
    echo "| first frame with the newest issue's headlines (pty, median of $runs) | $warm_first ms | $cold_first ms | less (one issue): $less_first ms |"
    echo "| whole archive searchable | $warm_indexed ms | $cold_indexed ms | — |"
    echo "| keystroke → settled frame, typing 株 / 株洲 / 株洲市 (per key: median of $runs starts; every key: median, slowest) | $keys ms; $key_median, $key_max ms | — | — |"
    echo "| reader memory | $anon MB own ($anon_b B/B) + $file MB mapped cache | peak $cold_own MB own ($cold_hwm MB with mapped pages) | — |"
    echo "| one-shot \`search 医保\` from the shell | $zz_search ms | $zz_search_cold ms | rg -c: $rg_search ms |"
    echo "| \`dump\` of the whole archive (JSON) | $zz_dump ms | — | — |"
    echo "| cache on disk | $cache_mb MB ($(python3 -c "print(f'{$cache_mb*1e6/$bytes:.1f}')")× the text), built in $build_s s | — | — |"
  fi
  growth+=("| $issues | $mb MB | $cold_first / $warm_first ms | $cold_indexed / $warm_indexed ms | $key_max ms | $anon MB + $file MB | $zz_search / $rg_search ms | $cache_mb MB |")
  rm -rf "$cache"
done

echo
echo "| issues | text | first frame cold / warm | searchable cold / warm | slowest keystroke (warm) | memory warm: own + mapped | search 医保 warm / rg | cache |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${growth[@]}"
