#!/usr/bin/env bash
# Mutation check of the visibility rules (issue 13): removes one visibility check at a time (each patch in
# bench/visibility-mutations/), runs the tests named in the patch's "tests:" line, records which test and which
# request caught the removal, and puts the check back. A removal that no test catches is a hole in the differential
# corpus: extend tests/Dangjian.Tests/Hardening/DifferentialData.cs (or the corpus) until it is caught.
#
#   bash bench/visibility-mutations.sh                  # every patch; a Markdown table on stdout, logs in $WORK
#   bash bench/visibility-mutations.sh 06 11            # only the patches whose names start with 06 or 11, in that order
#
# Run it from a clean worktree (it refuses otherwise): it edits src/ and restores it with `git apply -R`, also when
# interrupted. Exit code 1 when a removal was not caught or a patch did not build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "$(git status --porcelain -- src)" ]]; then
  echo "src/ has uncommitted changes; commit or stash them first." >&2
  exit 2
fi
WORK=${WORK:-$(mktemp -d /tmp/visibility-mutations.XXXXXX)}
mkdir -p "$WORK"
applied=""
restore() { if [[ -n "$applied" ]]; then git apply -R "$applied"; applied=""; fi; }
trap restore EXIT
trap 'restore; exit 130' INT TERM

patches=()
if [[ $# -eq 0 ]]; then
  patches=(bench/visibility-mutations/*.patch)
else
  # In the order given, so that the most telling ones come first when time is short.
  for prefix in "$@"; do patches+=(bench/visibility-mutations/"$prefix"*.patch); done
fi

status=0
echo "| check removed | caught by (test: first request that answered differently) | requests that differed |"
echo "| --- | --- | --- |"
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  check=$(sed -n 's/^check: //p' "$patch")
  filters=()
  for class in $(sed -n 's/^tests: //p' "$patch"); do filters+=(--filter-class "*$class"); done
  git apply "$patch"
  applied="$patch"
  log="$WORK/$name.log"
  if ! dotnet build tests/Dangjian.Tests -v quiet -nologo >"$log.build" 2>&1; then
    echo "| $check (\`$name\`) | **did not build** (see $log.build) | |"
    status=1
    restore
    continue
  fi
  dotnet test --project tests/Dangjian.Tests --no-build -- "${filters[@]}" >"$log" 2>&1 || true
  restore
  # Failed tests as the test platform lists them, and the differential test's own account of the difference.
  failed=$(grep -oE '^failed [A-Za-z0-9_.]+' "$log" | sed 's/^failed //; s/.*\.//' | sort -u | paste -sd ',' - | sed 's/,/, /g' || true)
  differed=$(grep -oE '[0-9]+ of [0-9]+ requests answered differently' "$log" | head -1 | sed 's/ requests answered differently//' || true)
  first=$(grep -A1 -E '[0-9]+ of [0-9]+ requests answered differently' "$log" | sed -n 2p | sed 's/^ *//; s/|/\\|/g' | cut -c1-90 || true)
  if [[ -z "$failed" ]]; then
    echo "| $check (\`$name\`) | **NOT CAUGHT** | |"
    status=1
  else
    echo "| $check (\`$name\`) | $failed${first:+: \`$first\`} | ${differed:-–} |"
  fi
done
echo
echo "Logs: $WORK"
exit $status
