#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A seven-prefecture joint procurement for docs and screenshots: the
# 自治体情報セキュリティクラウド of 東北 6 県 and 新潟県 (report 3(1)イ,
# footnote 15), with every municipality of the seven prefectures, taken from the national registry. Populations,
# terminals, estimates and amounts are illustrative (a fixed seed), not
# the prefectures' figures.
#
#   build-aux/procurement-demo.sh BUILDDIR DATABASE
set -eu
build=$1
db=$2
ctl="$build/src/ctl/bansouctl --database $db"
registry=$(dirname "$0")/../data/registry.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$ctl init --prefecture 宮城県 >/dev/null

# The bodies: the municipalities of the seven prefectures (not wards)
awk -F'\t' '!/^#/ && $6 == 1 && substr($1, 1, 2) ~ /^(02|03|04|05|06|07|15)$/ &&
            ($3 == "city" || $3 == "designated-city" || $3 == "town" || $3 == "village") {
              print $1 "\t" $3 }' "$registry" > "$tmp/bodies"

# Illustrative populations (a seeded spread: designated cities large, villages small)
awk -F'\t' 'BEGIN { srand(15); print "code,population" }
            { base = ($2 == "prefecture") ? 0 : ($2 == "designated-city") ? 800000 : ($2 == "city") ? 30000 : ($2 == "town") ? 9000 : 2500;
              if (base > 0) printf "%s,%d\n", $1, base * (0.5 + rand ()) }' "$tmp/bodies" > "$tmp/populations.csv"
$ctl procurements populations "$tmp/populations.csv" >/dev/null

id=$($ctl procurements add --title "東北・新潟 自治体情報セキュリティクラウド（第3期）" --type security_cloud \
       --lead 宮城県 --council "東北・新潟セキュリティクラウド共同調達協議会")
$ctl procurements set "$id" contract-start 2026-04-01 >/dev/null
$ctl procurements set "$id" contract-end 2031-03-31 >/dev/null
$ctl procurements set "$id" phase notice --date 2025-11-04 >/dev/null
$ctl procurements set "$id" vendor "東北情報システム株式会社" >/dev/null
$ctl procurements set "$id" criteria yes >/dev/null
$ctl procurements set "$id" declaration-date 2026-02-20 >/dev/null
$ctl procurements set "$id" declaration-ref "東情第2026-014号" >/dev/null
$ctl procurements set "$id" penalty yes >/dev/null
$ctl procurements set "$id" desk-required yes >/dev/null
$ctl procurements set "$id" desk-consulted 2026-02-27 >/dev/null
$ctl procurements set "$id" phase contract --date 2026-03-10 >/dev/null

# Every body joins with terminals in proportion to its size; one joins late
awk -F'\t' 'BEGIN { srand(7) } { t = ($2 == "prefecture") ? 6000 : ($2 == "designated-city") ? 9000 : ($2 == "city") ? 700 : ($2 == "town") ? 220 : 80;
                                 printf "%s %d\n", $1, t * (0.6 + rand () * 0.8) }' "$tmp/bodies" |
while read -r code terminals; do
  $ctl procurements join "$id" "$code" --terminals "$terminals" >/dev/null
done
$ctl procurements join "$id" 072133 --from 2026-10-01 >/dev/null

# The stand-alone model: what a body would pay alone (fixed + per terminal)
$ctl procurements set "$id" standalone-fixed 4000000 >/dev/null
$ctl procurements set "$id" standalone-per-unit 15000 >/dev/null
$ctl procurements set "$id" standalone-basis terminals >/dev/null
$ctl procurements split "$id" --total 4200000000 --subsidy 1/2 --method 均等割30%+人口割50%+端末数割20% >/dev/null

# Two smaller projects of the same desk
id2=$($ctl procurements add --title "宮城県 ファイル無害化サービス" --type file_sanitization --lead 宮城県)
$ctl procurements set "$id2" contract-start 2026-04-01 >/dev/null
$ctl procurements set "$id2" contract-end 2029-03-31 >/dev/null
for code in 041009 042021 042030 042056 042064 042072; do
  $ctl procurements join "$id2" "$code" --terminals 300 --standalone 6000000 >/dev/null
done
$ctl procurements split "$id2" --total 24000000 --method 均等割30%+人口割70% >/dev/null
$ctl procurements set "$id2" override "既存契約の延長（令和8年度限り）のため宣誓書は次回更新時に取得" >/dev/null
$ctl procurements set "$id2" phase contract --date 2026-03-18 >/dev/null

id3=$($ctl procurements add --title "標的型攻撃メール訓練（県・市町村合同）" --type training --lead 宮城県)
for code in 041009 042021 042030; do
  $ctl procurements join "$id3" "$code" >/dev/null
done
$ctl procurements split "$id3" --total 3300000 --method 均等割100% >/dev/null
echo "$id"
