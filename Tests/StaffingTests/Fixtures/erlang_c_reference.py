#!/usr/bin/env python3
"""Reference values for Rota's Erlang C tests, computed independently of Rota.

Erlang C is evaluated from its textbook definition with factorials and powers in exact
rational arithmetic (Python's fractions), then service level and ASA with mpmath at 50
digits. Least agents: the smallest N > A whose exact service level meets the target and
whose occupancy A/N is at most the cap.

Run:  python3 Tests/StaffingTests/Fixtures/erlang_c_reference.py > Tests/StaffingTests/Fixtures/erlang_c.csv
Needs: mpmath (pip install mpmath).
"""
from fractions import Fraction
from math import factorial

import mpmath

mpmath.mp.dps = 50


def erlang_c(n, a):
    """P(wait) for n agents and load a (a Fraction), exactly."""
    top = a**n / factorial(n) * Fraction(n, 1) / (n - a)
    bottom = sum(a**k / factorial(k) for k in range(n)) + top
    return top / bottom


def service_level(n, a, aht, t):
    c = erlang_c(n, a)
    return 1 - mpmath.mpf(c.numerator) / c.denominator * mpmath.exp(-(n - mpmath.mpf(a.numerator) / a.denominator) * t / aht)


def asa(n, a, aht):
    c = erlang_c(n, a)
    return mpmath.mpf(c.numerator) / c.denominator * aht / (n - mpmath.mpf(a.numerator) / a.denominator)


def least_agents(a, aht, t, target, cap):
    n = int(a) + 1
    while Fraction(a) / n > cap or service_level(n, a, aht, t) < target:
        n += 1
    return n


# (calls per 30 minutes, handling seconds, answer seconds, target, occupancy cap)
CASES = [
    (1, 180, 20, 0.8, 1), (5, 240, 20, 0.8, 1), (20, 300, 20, 0.8, 1), (100, 180, 20, 0.8, 1),
    (100, 180, 20, 0.9, 0.85), (250, 300, 30, 0.8, 0.85), (120, 240, 15, 0.8, 1), (60, 600, 60, 0.8, 0.85),
    (300, 200, 10, 0.95, 1), (400, 360, 20, 0.8, 0.9), (37, 270, 0, 0.5, 1), (180, 100, 20, 0.8, 1),
    (90, 300, 20, 0.8, 1), (600, 240, 20, 0.8, 0.85), (1000, 180, 20, 0.8, 1), (45, 1200, 120, 0.9, 0.85),
]

print("calls,aht_seconds,answer_seconds,target,max_occupancy,agents,p_wait,service_level,asa_seconds,least_agents")
for calls, aht, t, target, cap in CASES:
    a = Fraction(calls * aht, 1800)
    n = least_agents(a, aht, t, target, Fraction(cap).limit_denominator(1000))
    for agents in (n, n + 1):
        c = erlang_c(agents, a)
        print(
            f"{calls},{aht},{t},{target},{cap},{agents},"
            f"{mpmath.nstr(mpmath.mpf(c.numerator) / c.denominator, 17)},"
            f"{mpmath.nstr(service_level(agents, a, aht, t), 17)},"
            f"{mpmath.nstr(asa(agents, a, aht), 17)},{n}"
        )
