#!/usr/bin/env python3
"""Interleaved timing of `tpo locate` processes, one bin/tpo.js against another (e.g. a copy of an older build):
   python3 bench/locate-cli.py 20 <corpus> "<question>" <old/bin/tpo.js> <new/bin/tpo.js>
uses /work/corpora/<corpus> and the store /tmp/locate-latency-<corpus>.db (scanned, model cached by a first tpo locate).
Prints the median wall (spawn to exit) and CPU (user + system of the child, from wait4) of each, and the load average."""
import os, sys, time, statistics, subprocess
n = int(sys.argv[1]); corpus = sys.argv[2]; q = sys.argv[3]; bins = sys.argv[4:]
db = f'/tmp/locate-latency-{corpus}.db'; repo = f'/work/corpora/{corpus}'
res = {b: ([], []) for b in bins}
loads = [os.getloadavg()[0]]
for i in range(n):
    for b in (bins if i % 2 == 0 else bins[::-1]):
        t0 = time.perf_counter()
        p = subprocess.Popen(['node', b, 'locate', q, '--repo', repo, '--db', db, '--json'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if status != 0: print('FAIL', b, p.stderr.read().decode()[:500]); sys.exit(1)
        res[b][0].append(wall * 1000); res[b][1].append((ru.ru_utime + ru.ru_stime) * 1000)
loads.append(os.getloadavg()[0])
for b in bins:
    w, c = res[b]
    print(f'{b}: wall median {statistics.median(w):.0f} ms, CPU median {statistics.median(c):.0f} ms (n={n})')
print('load avg', ' -> '.join(f'{l:.2f}' for l in loads))
