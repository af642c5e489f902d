#!/usr/bin/env python3
"""Reference values for Rota's Erlang A (M/M/N+M) tests, computed independently of Rota.

The number in system is solved as a truncated birth-death chain (birth rate lam, death rate
min(k, N) mu + max(k - N, 0) theta) in mpmath at 40 digits. The fate of an arrival that finds
j waiting is then followed by a second continuous-time Markov chain -- its position in the
queue, absorbed when it is answered or abandons -- whose transient law at time t comes from
scipy's matrix exponential. Rota instead uses closed forms (a telescoping product and a
negative-binomial sum); the two must agree to 1e-6.

Service level over offered = P(answered within t); over answered = that / P(answered).
ASA is the mean wait of answered contacts.

Run:  python3 Tests/StaffingTests/Fixtures/erlang_a_reference.py
(writes erlang_a.csv and erlang_a_least.csv beside itself)
Needs: mpmath, numpy, scipy.
"""
import mpmath
import numpy as np
from scipy.linalg import expm

mpmath.mp.dps = 40


def stationary(lam, mu, theta, n, tol=mpmath.mpf(10) ** -30):
    weights = [mpmath.mpf(1)]
    k = 0
    while True:
        death = min(k + 1, n) * mu + max(k + 1 - n, 0) * theta
        weights.append(weights[-1] * lam / death)
        k += 1
        if k > n and weights[-1] < tol * sum(weights):
            break
    total = sum(weights)
    return [w / total for w in weights]


def performance(lam, aht, patience, n, t):
    mu, theta = mpmath.mpf(1) / aht, mpmath.mpf(1) / patience
    pi = stationary(lam, mu, theta, n)
    queue = [float(p) for p in pi[n:]]  # an arrival finds j = 0, 1, ... waiting
    p_wait = float(sum(pi[n:]))
    jmax = len(queue)
    # Tagged-customer chain: states 0..jmax-1 = customers ahead, then answered, abandoned.
    size = jmax + 2
    answered, abandoned = jmax, jmax + 1
    q = np.zeros((size, size))
    nmu, th = n / aht, 1.0 / patience
    for i in range(jmax):
        q[i, answered if i == 0 else i - 1] += nmu + (i * th if i > 0 else 0.0)
        q[i, abandoned] += th
        q[i, i] = -(nmu + i * th + th)
    start = np.array(queue + [0.0, 0.0])
    at_t = start @ expm(q * t)
    p_answered_wait_within = at_t[answered]
    transient = q[:jmax, :jmax]
    p_abandon = float(np.dot(queue, np.linalg.solve(-transient, q[:jmax, abandoned])))
    sl_offered = (1 - p_wait) + p_answered_wait_within
    # Mean wait of answered: E[time to absorption; answered] from the fundamental matrix.
    to_answered = q[:jmax, answered]
    # w_i = E[T 1{answered} | start i] solves -transient w = h, with h_i = P(answered | i).
    h = np.linalg.solve(-transient, to_answered)
    w = np.linalg.solve(-transient, h)
    asa = float(np.dot(queue, w)) / (1 - p_abandon)
    return p_wait, p_abandon, sl_offered, sl_offered / (1 - p_abandon), asa


# (calls per 30 minutes, handling seconds, mean patience seconds, agents, answer seconds)
CASES = [
    (100, 180, 90, 10, 20), (100, 180, 90, 12, 20), (100, 180, 90, 14, 20), (20, 300, 60, 3, 20),
    (60, 240, 30, 6, 15), (250, 300, 120, 35, 30), (400, 360, 45, 70, 20), (5, 600, 300, 1, 60),
    (120, 300, 600, 18, 20), (90, 240, 90, 8, 20), (900, 200, 180, 95, 10), (30, 180, 20, 4, 0),
    (1500, 240, 100, 190, 20),
]

here = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
with open(f"{here}/erlang_a.csv", "w") as out:
    out.write("calls,aht_seconds,patience_seconds,agents,answer_seconds,p_wait,abandon_rate,sl_offered,sl_answered,asa_seconds\n")
    for calls, aht, patience, n, t in CASES:
        values = performance(mpmath.mpf(calls) / 1800, aht, patience, n, t)
        out.write(f"{calls},{aht},{patience},{n},{t}," + ",".join(f"{v:.15g}" for v in values) + "\n")

# Least agents, found by scanning N upwards with the evaluator above.
# (calls per 30 minutes, handling, patience, target, answer seconds, basis, max abandonment, max ASA)
LEAST = [
    (100, 180, 90, 0.8, 20, "offered", None, None), (100, 180, 90, 0.8, 20, "answered", None, None),
    (300, 240, 60, 0.8, 20, "offered", 0.03, None), (40, 300, 30, 0.9, 10, "offered", None, None),
    (40, 300, 30, 0.9, 10, "answered", None, None), (700, 300, 120, 0.8, 30, "offered", None, 10),
    (8, 600, 240, 0.8, 60, "offered", 0.05, None), (150, 120, 15, 0.5, 0, "answered", None, None),
]
with open(f"{here}/erlang_a_least.csv", "w") as out:
    out.write("calls,aht_seconds,patience_seconds,target,answer_seconds,basis,max_abandon,max_asa,least_agents\n")
    for calls, aht, patience, target, t, basis, abandon, asa_max in LEAST:
        lam = mpmath.mpf(calls) / 1800
        n = 1
        while True:
            _, p_ab, sl_off, sl_ans, asa = performance(lam, aht, patience, n, t)
            sl = sl_off if basis == "offered" else sl_ans
            if sl >= target and (abandon is None or p_ab <= abandon) and (asa_max is None or asa <= asa_max):
                break
            n += 1
        out.write(f"{calls},{aht},{patience},{target},{t},{basis},{'' if abandon is None else abandon},"
                  f"{'' if asa_max is None else asa_max},{n}\n")
