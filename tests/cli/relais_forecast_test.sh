#!/usr/bin/env bash
# relais-forecast through its command line: generated years of sales, the backtest's table (the method ahead
# of each baseline, for all series and for the new products), a forecast by sku and site with the method it
# used, and bad input: refused rows named by their line, the rest used; unknown sku, a horizon over a year and
# a header without quantity refused.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" generate --seed 7 --truth >"$work/truth.csv"
head -1 "$work/truth.csv" | grep -qx 'date,sku,site,quantity,in_stock,category,demand' || fail "header: $(head -1 "$work/truth.csv")"
"$bin" generate --seed 7 >"$work/sales.csv"
# 4 categories x 5 products x 2 sites; stock-out days are in the file, marked 0.
[ "$(cut -d, -f2,3 "$work/sales.csv" | sort -u | wc -l)" -eq 41 ] || fail "series: $(cut -d, -f2,3 "$work/sales.csv" | sort -u | wc -l)"
grep -q ',0,[a-z]*/[a-z]*$' "$work/sales.csv" || fail "no stock-out day in the generated sales"

"$bin" backtest --history "$work/sales.csv" >"$work/backtest.txt"
cat "$work/backtest.txt"
grep -q '^backtest: 40 series, 12 origins' "$work/backtest.txt" || fail "backtest header"
# Each row: label, then MASE and sMAPE for comparable_period, seasonal_naive, moving_average_4w, last_year.
beats() {  # $1: the row's label; the comparable-period MASE below each baseline's
  awk -v label="$1" 'index($0, label) == 1 {
      n = split(substr($0, 27), f, " ");
      if (n != 8) exit 2;
      for (i = 3; i <= 7; i += 2) if (!(f[1] < f[i])) exit 1;
      found = 1 }
    END { exit found ? 0 : 3 }' "$work/backtest.txt"
}
beats "all series" || fail "the method does not beat every baseline on all series"
beats "new products (8)" || fail "the category fallback does not beat every baseline on new products"
grep -q '^ratio to comparable_period (MASE): seasonal_naive [0-9.]*x moving_average_4w [0-9.]*x last_year [0-9.]*x$' \
  "$work/backtest.txt" || fail "ratio line"

# A forecast: an old product on its own history, a new one on its category.
"$bin" forecast --history "$work/sales.csv" --sku MUG1 --site site-1 --days 14 >"$work/mug.txt"
grep -q '^# MUG1 at site-1 from 2026-03-02: own_history' "$work/mug.txt" || fail "own history: $(head -1 "$work/mug.txt")"
[ "$(grep -c '^2026-03-[0-9][0-9],[0-9.]*$' "$work/mug.txt")" -eq 14 ] || fail "14 days"
"$bin" forecast --history "$work/sales.csv" --sku MUG5 --site site-1 >"$work/new.txt"
grep -Eq '^# MUG5 at site-1 .*: category_(share|launch), .*category kitchen/mugs$' "$work/new.txt" || fail "fallback: $(head -1 "$work/new.txt")"

# Bad rows: each named by its line, the others read.
lines=$(wc -l <"$work/sales.csv")
{ cat "$work/sales.csv"; echo '2026-02-30,MUG1,site-1,1'; echo '2026-02-01,MUG1,site-1,beaucoup'; echo '2026-02-01,,site-1,1';
  echo '2026-02-01,MUG1,site-1,1,maybe'; } >"$work/bad.csv"
"$bin" backtest --history "$work/bad.csv" >"$work/bad.out" 2>"$work/bad.err" || fail "bad rows stopped the backtest"
grep -q "bad.csv:$((lines + 1)): date \"2026-02-30\" is not a YYYY-MM-DD calendar date" "$work/bad.err" || fail "date: $(cat "$work/bad.err")"
grep -q "bad.csv:$((lines + 2)): quantity \"beaucoup\" is not a number" "$work/bad.err" || fail "quantity"
grep -q "bad.csv:$((lines + 3)): sku is empty" "$work/bad.err" || fail "sku"
grep -q "bad.csv:$((lines + 4)): in_stock \"maybe\" is neither 1 nor 0" "$work/bad.err" || fail "in_stock"
grep -q "^4 row(s) refused, $((lines - 1)) read$" "$work/bad.err" || fail "summary: $(tail -1 "$work/bad.err")"
grep -q '^all series' "$work/bad.out" || fail "no table after bad rows"

# Refusals.
status=0; "$bin" forecast --history "$work/sales.csv" --sku NOPE --site site-1 2>"$work/err" || status=$?
[ $status -eq 2 ] && grep -q 'no sales of NOPE at site-1' "$work/err" || fail "unknown sku: $status $(cat "$work/err")"
status=0; "$bin" forecast --history "$work/sales.csv" --sku MUG1 --site site-1 --days 400 2>"$work/err" || status=$?
[ $status -eq 2 ] && grep -q 'a year at most' "$work/err" || fail "horizon: $status"
printf 'date,sku,site,qty\n2026-01-01,A,s,1\n' >"$work/header.csv"
status=0; "$bin" backtest --history "$work/header.csv" 2>"$work/err" || status=$?
[ $status -eq 1 ] && grep -q 'the header has no "quantity" column' "$work/err" || fail "header: $status $(cat "$work/err")"
echo "relais-forecast CLI: ok"
