#!/usr/bin/env python3
"""Roster-bench instances Rota has not seen: new demand for the shared instances' shapes.

The shared instances (../shared/roster-bench) give, in `demand_meta`, the calls per interval
their `required` agents were made from (Erlang C, AHT 300 s, 80% answered in 20 s, occupancy
at most 0.9, and two agents at least in an interval with calls). This script keeps each
instance's templates, tours, limits and prices, and draws new calls: the whole week scaled by
0.8-1.25, each day by 0.9-1.1, each interval by a log-normal factor (sigma 0.08), and the
profile moved up to an hour earlier or later, inside the instance's opening hours. The agents
needed are then recomputed the same way. The instances keep their family, so `rota-bench
roster-bench dir=OUT` measures Rota on them, with its own bound as the best one known (there
is no BOUNDS.md for them).

    python3 make_variants.py SHARED_DIR OUT_DIR SEED[,SEED...]

It first checks that its Erlang C gives back each shared instance's `required` from its calls,
and says how many intervals differ.
"""
import json
import math
import os
import random
import shutil
import sys


def agents(calls, interval_minutes, aht=300.0, target=0.8, answer=20.0, occupancy=0.9):
    """Fewest agents meeting the service level (Erlang C) and the occupancy cap."""
    if calls <= 0:
        return 0
    load = calls * aht / (interval_minutes * 60.0)
    n = max(1, math.ceil(load / occupancy))
    while True:
        blocking = 1.0  # Erlang B by its recursion, then Erlang C from it
        for k in range(1, n + 1):
            blocking = load * blocking / (k + load * blocking)
        if n > load:
            waiting = n * blocking / (n - load * (1 - blocking))
            if 1 - waiting * math.exp(-(n - load) * answer / aht) >= target:
                return n
        n += 1


def needed(calls, interval_minutes):
    """Agents for an interval with calls: two at least, as the shared instances have it."""
    return max(2, agents(calls, interval_minutes)) if calls > 0 else 0


def differing_intervals(instance):
    minutes = instance["interval_min"]
    calls = instance["demand_meta"]["calls_per_interval"]
    return sum(
        needed(c, minutes) != instance["required"][d][i]
        for d, day in enumerate(calls)
        for i, c in enumerate(day)
    )


def variant(instance, seed):
    rng = random.Random(seed)
    minutes = instance["interval_min"]
    calls = instance["demand_meta"]["calls_per_interval"]
    per_day = len(calls[0])
    shift = rng.randint(-2, 2) * max(1, 30 // minutes)
    scale = rng.uniform(0.8, 1.25)
    new_calls = []
    for day in range(instance["days"]):
        factor = rng.uniform(0.9, 1.1) * scale
        opens, closes = instance["open"][day] if instance.get("open") else (0, 1440)
        today = []
        for i in range(per_day):
            j = i - shift
            base = calls[day][j] if 0 <= j < per_day and opens <= i * minutes < closes else 0.0
            today.append(round(base * factor * math.exp(rng.gauss(0, 0.08)), 2) if base > 0 else 0.0)
        new_calls.append(today)
    out = json.loads(json.dumps(instance))
    out["name"] = f"{instance['name']}v{seed}"
    out["seed"] = seed
    out["description"] = f"{instance['description']} (new demand, seed {seed})"
    out["demand_meta"]["calls_per_interval"] = new_calls
    out["required"] = [[needed(c, minutes) for c in day] for day in new_calls]
    out["demand_meta"]["peak_required"] = max(max(day) for day in out["required"])
    out["demand_meta"]["sum_required_agent_hours"] = sum(map(sum, out["required"])) * minutes / 60
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    shared, out, seeds = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split(",")]
    os.makedirs(os.path.join(out, "instances"), exist_ok=True)
    shutil.copy(os.path.join(shared, "check_solution.py"), out)
    for name in sorted(os.listdir(os.path.join(shared, "instances"))):
        with open(os.path.join(shared, "instances", name)) as file:
            instance = json.load(file)
        print(f"{name}: {differing_intervals(instance)} intervals differ from its required", file=sys.stderr)
        for seed in seeds:
            made = variant(instance, seed)
            with open(os.path.join(out, "instances", made["name"] + ".json"), "w") as file:
                json.dump(made, file)


if __name__ == "__main__":
    main()
