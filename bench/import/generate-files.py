#!/usr/bin/env python3
# Usage: generate-files.py SOURCE.txt OUT_FOLDER N   (see docs/performance.md, "Import in batches")
# Generates N distinct directive texts from the founding notice: each gets its own number in its first sentence, so
# every file is a new directive (its own SHA-256 and fingerprint) with the notice's parsing cost.
import sys, os
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src, encoding='utf-8').read()
marker = '当前是新型冠状病毒感染的肺炎疫情防控关键时期。'
assert marker in text
os.makedirs(out, exist_ok=True)
for i in range(1, n + 1):
    with open(os.path.join(out, f'notice-{i:05d}.txt'), 'w', encoding='utf-8') as f:
        f.write(text.replace(marker, f'当前是新型冠状病毒感染的肺炎疫情防控关键时期（第{i}号）。', 1))
