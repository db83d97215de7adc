#!/usr/bin/env bash
# The sales forecast against the baselines a planner would otherwise use (seasonal naive, the last four weeks'
# mean, the same date last year), scored by MASE on generated years of sales whose demand is known
# (wasm/engine/sales_generator.h): five seeds, 4 categories of 4 established and 4 new products at 2 sites each,
# a rolling-origin backtest of 12 weekly origins, 28 days ahead. Figures from generated data: a merchant runs
# `relais-forecast backtest --history their_sales.csv` for theirs. Usage: bench/forecast_bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/native}
bin=$build/edge/relais-forecast
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-6s %-28s %10s %16s %19s %11s\n' seed series comparable seasonal_naive moving_average_4w last_year
for seed in 1 2 3 4 5; do
  "$bin" generate --seed "$seed" --launches 4 >"$work/sales.csv"
  "$bin" backtest --history "$work/sales.csv" >"$work/out.txt"
  for label in "all series" "new products"; do
    awk -v seed="$seed" -v label="$label" 'index($0, label) == 1 {
        n = split(substr($0, 27), f, " ");
        printf "%-6s %-28s %10.3f %9.3f (%.2fx) %12.3f (%.2fx) %5.3f (%.2fx)\n", seed, label, f[1], f[3], f[3] / f[1],
               f[5], f[5] / f[1], f[7], f[7] / f[1] }' "$work/out.txt"
  done
done
echo "MASE (lower is better); (Nx): the baseline's MASE over the comparable-period method's, in the same run."
