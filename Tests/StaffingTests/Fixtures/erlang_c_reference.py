#!/usr/bin/env python3
"""Reference values for Rota's Erlang C tests, computed independently of Rota.

Erlang B is evaluated from its closed form with the incomplete gamma function,
B(N, A) = A^N e^-A / Gamma(N+1, A), in mpmath at 40 significant digits (Rota uses a
double-precision recurrence instead); Erlang C, service level and ASA follow from their
textbook formulas. The least number of agents is the smallest N > A whose service level
meets the target, whose ASA meets the ASA target (when given) and whose occupancy A/N is at
most the cap, judged in exact rational arithmetic for the occupancy.

Run:  python3 Tests/StaffingTests/Fixtures/erlang_c_reference.py > Tests/StaffingTests/Fixtures/erlang_c.csv
Needs: mpmath (pip install mpmath).
"""
from fractions import Fraction

import mpmath

mpmath.mp.dps = 40


def erlang_c(n, a):
    log_b = n * mpmath.log(a) - a - mpmath.log(mpmath.gammainc(n + 1, a))
    b = mpmath.exp(log_b)
    return n * b / (n - a * (1 - b))


def metrics(n, a, aht, t):
    c = erlang_c(n, a)
    return c, 1 - c * mpmath.exp(-(n - a) * t / aht), c * aht / (n - a)


def least_agents(a_exact, aht, t, target, cap, asa_max):
    a = mpmath.mpf(a_exact.numerator) / a_exact.denominator
    n = int(a_exact) + 1
    while True:
        if a_exact / n <= cap:
            _, sl, asa = metrics(n, a, aht, t)
            if sl >= target and (asa_max is None or asa <= asa_max):
                return n
        n += 1


CALLS = [0.5, 1, 2, 3, 5, 8, 13, 20, 35, 50, 80, 120, 200, 350, 500, 800, 1200, 2000, 3500, 5000, 8000, 12000, 20000]
AHTS = [45, 180, 300, 600]
# (target, answer seconds, occupancy cap, ASA limit)
TARGETS = [(0.8, 20, Fraction(1), None), (0.9, 15, Fraction(85, 100), None), (0.7, 60, Fraction(1), 30),
           (0.95, 0, Fraction(1), None)]

print("calls,aht_seconds,answer_seconds,target,max_occupancy,max_asa,agents,p_wait,service_level,asa_seconds,least_agents")
rows = 0
for i, calls in enumerate(CALLS):
    for j, aht in enumerate(AHTS):
        for k in ((i + j) % 4, (i + j + 2) % 4):
            target, t, cap, asa_max = TARGETS[k]
            a_exact = Fraction(calls).limit_denominator(10) * aht / 1800
            a = mpmath.mpf(a_exact.numerator) / a_exact.denominator
            n = least_agents(a_exact, aht, t, target, cap, asa_max)
            c, sl, asa = metrics(n, a, aht, t)
            print(f"{calls},{aht},{t},{target},{float(cap)},{'' if asa_max is None else asa_max},{n},"
                  f"{mpmath.nstr(c, 17)},{mpmath.nstr(sl, 17)},{mpmath.nstr(asa, 17)},{n}")
            rows += 1
# Very large loads: 50,000 Erlangs.
for aht, t in ((3000, 20), (4500, 60)):
    calls = 50000 * 1800 / aht
    a_exact = Fraction(50000)
    n = least_agents(a_exact, aht, t, 0.8, Fraction(1), None)
    c, sl, asa = metrics(n, mpmath.mpf(50000), aht, t)
    print(f"{calls:g},{aht},{t},0.8,1.0,,{n},{mpmath.nstr(c, 17)},{mpmath.nstr(sl, 17)},{mpmath.nstr(asa, 17)},{n}")
