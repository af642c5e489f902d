#!/usr/bin/env python3
"""Fuzzes the `rota` command line with malformed inputs and flag values.

Each case takes one input kind (history, forecast, requirements, roster, employees,
scenario, an ACD interval report with the scenario that maps it or a vendor preset's export
(Avaya CMS's intervals, Zendesk Talk's calls) with the scenario naming it, a planning workspace: its
store damaged or a plan into it killed part-way, actuals to import or re-plan from, the workspace
commands' flags) or a command's
flags, mutates it (a cell or scalar swapped for an extreme or
malformed value, columns dropped, rows duplicated, quotes left open, lines cut, huge
fields, ...), runs the command that reads it and classifies the outcome:

  ok        exit 0 or 2 (2: no roster, a documented outcome)
  rejected  exit 1 naming the file (file:line), or the flag, it rejects
  unnamed   exit 1 whose message names neither: a finding
  crash     a signal, a trap or a stack trace: a finding
  hang      still running after --timeout seconds: a finding
  nan       exit 0 or 2 with nan or inf printed or written: a finding

It prints the counts per kind and outcome, keeps each finding's inputs and command under
WORK/findings/, and exits 1 when there is any finding.

  python3 Benchmarks/fuzz/fuzz.py --rota .build/release/rota --cases 10000 --seed 1
"""

import argparse
import collections
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys

ROTA = None  # the executable under test, for cases that run it while making their inputs
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT = os.path.join(ROOT, "scenarios", "default")

VALUES = [
    "", " ", "-1", "0", "-0", "1", "2.5", "1e308", "-1e308", "1e20", "5.941e300", "nan", "inf", "-inf",
    "9223372036854775807", "9223372036854775808", "18446744073709551616", "123456789012345678901234567890",
    "0.0000001", "0x10", "1,5", "2026-02-30T08:00:00", "9999-12-31T23:30:00", "0000-01-01T00:00:00",
    "2026-03-29T01:30:00", "2026-10-25T01:30:00", "2026-12-07T08:15:00", "2026-12-07T08:00:00+14:00",
    "2026-12-07", "=SUM(A1)", "'=x", "+1", "@x", "../../x", "/etc/passwd", "Róisín", "\u200b", "phone",
    "chat", "email", "unknown", "24:00", "-00:30", "99:99", "1:2:3", "08:00-07:00", "00:00-24:00",
    "mon", "sun;sat", "x" * 1000, "\"", "'", "12/07/2026 08:30", "13/13/2026 25:61", "12/07/2026 12:00 PM",
    "07/12/2026 08:30 +01:00", "99999999999:59:59", "1:00:00:00", "5:7", "0:00", "phone A", "Sales DE",
]
YAML_VALUES = VALUES + ["[]", "{}", "null", "~", "[1, 2", "{a: 1", "- x", "*ref", "&a x", "!!binary x", "true",
                        "[mon, funday]", "{ target: 2, answer_seconds: -5 }", "\"8:30\"", "0:00", "25:00",
                        "{ name: x, multiplier: 11 }", "{ name: x, closed: true, multiplier: 1 }", "day-first",
                        "total", "iso", "month-first", "{ file: history.csv }"]


def write_report(base):
    """An ACD interval report of the base history (two queues per channel, month-first times,
    m:ss handle times, waits) and a scenario that maps it, with special days; the live channels
    take their patience from it."""
    rows = ["Interval,Queue,Offered,Answered,Abandoned,AHT,ASA,Avg Abandon"]
    with open(os.path.join(base, "history.csv"), encoding="utf-8") as handle:
        for line in handle.read().split("\n")[1:]:
            if not line:
                continue
            stamp, volume, channel = line.split(",")
            first = int(volume) // 2
            abandoned = first // 10
            when = f"{stamp[5:7]}/{stamp[8:10]}/{stamp[:4]} {stamp[11:16]}"
            rows.append(f"{when},{channel} A,{first},{first - abandoned},{abandoned},5:00,20,40")
            rows.append(f"{when},{channel} B,{int(volume) - first},{int(volume) - first},0,300,0:20,")
    with open(os.path.join(base, "acd.csv"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    with open(os.path.join(base, "scenario.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    queues = ", ".join(f'"{c} A": {c}, "{c} B": {c}' for c in ["phone", "chat", "email"])
    text = re.sub(r"\n  history: history.csv[^\n]*", "\n  history:\n    file: acd.csv\n    time_format: month-first\n"
                  "    columns: { timestamp: Interval, queue: Queue, offered: Offered, handled: Answered, abandoned: "
                  "Abandoned, handle_time: AHT, answer_wait: ASA, abandon_wait: Avg Abandon }\n"
                  f"    queues: {{ {queues} }}", text)
    text = re.sub(r"\n    patience_seconds: [^\n]*", "", text)
    text += "\nspecial_days:\n  2026-12-08: { name: outage, multiplier: 0.5 }\n  2026-12-09: launch\n"
    with open(os.path.join(base, "report-scenario.yaml"), "w", encoding="utf-8") as handle:
        handle.write(text)
    write_presets(base)


def write_presets(base):
    """The base history as two vendor presets' exports, each with a scenario naming it: Avaya
    CMS's interval report (time ranges, summed columns, semicolons) and Zendesk Talk's calls (a
    row per call, outbound and IVR calls among them)."""
    cms = ["Split/Skill;Date;Time;ACD Calls;Aban Calls;Avg ACD Time;Avg ACW Time;Avg Speed Ans;Avg Aban Time"]
    calls = ["id,created_at,direction,phone_number_id,completion_status,wait_time,talk_time,wrap_up_time"]
    with open(os.path.join(base, "history.csv"), encoding="utf-8") as handle:
        for line in handle.read().split("\n")[1:]:
            if not line:
                continue
            stamp, volume, channel = line.split(",")
            volume = int(volume)
            hour, minute = int(stamp[11:13]), int(stamp[14:16])
            clock = lambda h, m: f"{(h + 11) % 12 + 1}:{m:02d} {'AM' if h % 24 < 12 else 'PM'}"
            end = hour * 60 + minute + 30
            cms.append(f"{channel};{stamp[5:7]}/{stamp[8:10]}/{stamp[:4]};{clock(hour, minute)}-{clock(end // 60, end % 60)};"
                       f"{volume - volume // 10};{volume // 10};4:00;1:00;0:15;0:45")
            number = {"phone": 1, "chat": 2, "email": 3}[channel]
            for contact in range(volume):
                second = contact * 1800 // max(1, volume)
                when = f"{stamp[:14]}{minute + second // 60:02d}:{second % 60:02d}"
                ended = "abandoned_in_queue,45,0,0" if contact % 10 == 9 else "completed,15,240,60"
                calls.append(f"{len(calls)},{when},inbound,{number},{ended}")
                if contact == 0:
                    calls.append(f"{len(calls)},{when},outbound,{number},completed,0,120,30")
                    calls.append(f"{len(calls)},{when},inbound,{number},abandoned_in_ivr,0,0,0")
    for name, rows in [("cms.csv", cms), ("calls.csv", calls)]:
        with open(os.path.join(base, name), "w", encoding="utf-8") as handle:
            handle.write("\n".join(rows) + "\n")
    with open(os.path.join(base, "scenario.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    text = re.sub(r"\n    patience_seconds: [^\n]*", "", text)
    for name, history in [
            ("cms-scenario.yaml", "{ file: cms.csv, format: avaya-cms, delimiter: \";\", "
                                  "queues: { phone: phone, chat: chat, email: email } }"),
            ("calls-scenario.yaml", "{ file: calls.csv, format: zendesk-talk, columns: { queue: phone_number_id }, "
                                    "queues: { \"1\": phone, \"2\": chat, \"3\": email } }")]:
        with open(os.path.join(base, name), "w", encoding="utf-8") as handle:
            handle.write(re.sub(r"\n  history: history.csv[^\n]*", f"\n  history: {history}", text))


def mutate_csv(text, rng):
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return "x\n"
    op = rng.randrange(14)
    if op <= 3 and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        cells = lines[row].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(VALUES)
        lines[row] = ",".join(cells)
    elif op == 4:
        column = rng.randrange(len(lines[0].split(",")))
        lines = [",".join(c for i, c in enumerate(line.split(",")) if i != column) for line in lines]
    elif op == 5:
        cells = lines[0].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(["", "x", cells[0], "timestamp", "volume", "id"])
        lines[0] = ",".join(cells)
    elif op == 6 and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        lines.insert(row, lines[row])
    elif op == 7 and len(lines) > 1:
        del lines[rng.randrange(1, len(lines)):]
    elif op == 8 and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        lines[row] += rng.choice([",", ",x", ",,,,", "\"", ",\"open"])
    elif op == 9:
        return text[: rng.randrange(len(text) + 1)]
    elif op == 10:
        return rng.choice(["", "\n", lines[0] + "\n", "\ufeff" + text, text.replace("\n", "\r\n"), text + "\n\n\n"])
    elif op == 11 and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        lines[row] = ",".join(["1"] * rng.choice([2, 50, 20000]))
    elif op == 12 and len(lines) > 1:
        row = rng.randrange(1, len(lines))
        cells = lines[row].split(",")
        cells[rng.randrange(len(cells))] = "y" * rng.choice([10000, 2000000])
        lines[row] = ",".join(cells)
    else:
        body = lines[1:]
        rng.shuffle(body)
        lines = lines[:1] + body
    return "\n".join(lines) + "\n"


def mutate_yaml(text, rng):
    lines = text.split("\n")
    scalars = [i for i, line in enumerate(lines) if ":" in line and not line.strip().startswith("#")]
    op = rng.randrange(8)
    if op <= 4 and scalars:
        index = rng.choice(scalars)
        key, _, _ = lines[index].partition(":")
        lines[index] = key + ": " + rng.choice(YAML_VALUES)
    elif op == 5 and scalars:
        del lines[rng.choice(scalars)]
    elif op == 6 and scalars:
        index = rng.choice(scalars)
        lines.insert(index, lines[index])
    else:
        return text[: rng.randrange(len(text) + 1)]
    return "\n".join(lines)


def flag_case(rng, base):
    """A command with one flag given an extreme or malformed value."""
    value = rng.choice(VALUES + ["-5", "100000000", "1e9m", "0m", "15m", "7", "366", "367", "2026-12-07"])
    scenario = os.path.join(base, "scenario.yaml")
    history = os.path.join(base, "history.csv")
    choices = [
        ["erlang", "--arrivals", "100", "--aht", "300", "--target", "80/20"],
        ["forecast", "--history", history],
        ["forecast", "--history", history, "--scenario", scenario],
        ["staff", "--forecast", os.path.join(base, "forecast.csv"), "--scenario", scenario],
        ["score", "--roster", os.path.join(base, "roster.csv"), "--scenario", scenario],
    ]
    flags = {
        "erlang": ["--arrivals", "--aht", "--interval", "--target", "--patience", "--asa", "--max-occupancy",
                   "--max-abandon", "--shrinkage", "--agents", "--basis", "--format"],
        "forecast": ["--start", "--days", "--interval", "--method", "--time-zone", "--holidays", "--backtest",
                     "--format"],
        "staff": ["--format"],
        "score": ["--simulate", "--seed", "--format"],
    }
    command = list(rng.choice(choices))
    flag = rng.choice(flags[command[0]])
    if flag in command:
        command[command.index(flag) + 1] = value
    else:
        command += [flag, value]
    return command, [flag]


STORE_COLUMNS = {
    "runs": ["created_at", "command", "scenario_name", "week_start", "days", "time_zone", "interval_minutes",
             "cost", "bound", "solver_status", "open_shifts"],
    "run_files": ["name", "content"],
    "run_intervals": ["channel", "start", "repeated_hour", "forecast", "lo80", "hi95", "aht_seconds",
                      "planned_service_level"],
    "publications": ["week_start", "version", "published_at", "run_id"],
}
STORE_VALUES = [None, -1, 0, 2**63 - 1, -(2**63), 1e308, float("inf"), float("nan"), "", "soon", "2026-13-40",
                "9999-12-31", "2026-12-07T25:00:00", "x" * 10000, b"\x00\xff", "Europe/Nowhere", 7, 1.5]


def damage_value(database, rng):
    """One value SQLite accepts but Rota never writes: the damage an integrity check cannot see.
    NOT NULL is lifted first, as a damaged page would not ask."""
    import sqlite3
    table = rng.choice(sorted(STORE_COLUMNS))
    column = rng.choice(STORE_COLUMNS[table])
    value = rng.choice(STORE_VALUES)
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = ?", (table,))
        connection.commit()
        connection.close()
        connection = sqlite3.connect(database)
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT max(rowid) FROM {table})",
                           (value,))
        connection.commit()
    except sqlite3.Error:
        pass
    finally:
        connection.close()


def foreign_wal(database, folder):
    """Another database's write-ahead log beside the store, as a sync that mixes two folders leaves."""
    import sqlite3
    other = os.path.join(folder, "other.sqlite")
    connection = sqlite3.connect(other)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('x')")
    connection.commit()
    shutil.copy(other + "-wal", database + "-wal")
    connection.close()


def workspace_case(rng, base, folder):
    """A workspace command on the base's store (one run, published) with one input made bad:
    the store file damaged, the actuals it reads mutated, or one flag given an extreme value."""
    store = os.path.join(folder, "ws")
    shutil.copytree(os.path.join(base, "ws"), store)
    scenario = os.path.join(folder, "scenario.yaml")
    quick = ["--node-limit", "2", "--time-limit", "5", "-q"]
    replan = ["replan", "--workspace", "ws", "--scenario", scenario, "--from", "2026-12-09T12:00", "--absent", "E004",
              "--out", "out"] + quick
    commands = {
        "runs": ["runs", "--workspace", "ws"],
        "publish": ["publish", "--workspace", "ws", "--run", "1"],
        "accuracy": ["accuracy", "--workspace", "ws", "--weeks", "8"],
        "import": ["actuals", "import", "--workspace", "ws", "history.csv", "--scenario", scenario],
        "replan": replan + ["--volume", "+10%"],
        "export": ["export", "--workspace", "ws", "--scenario", scenario, "--format", "ics", "--out", "cal/"],
        "check": ["workspace", "check", "--workspace", "ws"],
        "backup": ["workspace", "backup", "--workspace", "ws", "backup.sqlite"],
        "plan": ["plan", scenario, "--workspace", "ws", "--out", "out"] + quick,
    }
    name = rng.choice(sorted(commands))
    command = list(commands[name])
    what = rng.choice(["store", "actuals", "flag", "flag", "killed"])
    if what == "killed":
        # A plan into the store killed at a random point (half the time inside its store
        # write, held open by the test pause), then the command on what it left.
        environment = dict(os.environ, ROTA_TEST_STORE_PAUSE_MS=rng.choice(["1", "800"]))
        process = subprocess.Popen([ROTA, "plan", scenario, "--workspace", "ws", "--out", "killed"] + quick,
                                   cwd=folder, env=environment, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            process.wait(timeout=rng.uniform(0, 2.5))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return command, ["ws", "rota.sqlite", "store", "workspace"]
    database = os.path.join(store, "rota.sqlite")
    if what == "store":
        for suffix in ["-wal", "-shm"]:
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        damage = rng.choice(["truncate", "bytes", "empty", "gone", "value", "value", "header", "foreign-wal"])
        if damage == "gone":
            os.remove(database)
        elif damage == "value":
            damage_value(database, rng)
        elif damage == "foreign-wal":
            foreign_wal(database, folder)
        elif damage == "header":
            # user_version (60), application_id (68), page size (16), text encoding (56).
            offset = rng.choice([60, 68, 16, 56])
            with open(database, "r+b") as handle:
                handle.seek(offset)
                handle.write(bytes(rng.randrange(256) for _ in range(4 if offset != 16 else 2)))
        else:
            with open(database, "rb") as handle:
                data = bytearray(handle.read())
            if damage == "truncate":
                data = data[: rng.randrange(len(data) + 1)]
            elif damage == "bytes":
                for _ in range(rng.choice([1, 8, 64])):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            else:
                data = bytearray()
            with open(database, "wb") as handle:
                handle.write(bytes(data))
        return command, ["ws", "rota.sqlite", "store", "workspace"]
    if what == "actuals":
        path = os.path.join(folder, "history.csv")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for _ in range(rng.choice([1, 1, 2])):
            text = mutate_csv(text, rng)
        with open(path, "w", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(text)
        command = commands["import"] if name == "import" else replan + ["--actuals", "history.csv"]
        return command, ["history.csv"]
    flags = {
        "runs": ["--workspace"],
        "publish": ["--run", "--workspace"],
        "accuracy": ["--weeks", "--format", "--workspace"],
        "import": ["--workspace", "--scenario"],
        "replan": ["--from", "--absent", "--volume", "--change-cost", "--run", "--node-limit", "--time-limit",
                   "--pinned"],
        "export": ["--week", "--format", "--out"],
        "check": ["--workspace"],
        "backup": ["--workspace"],
        "plan": ["--workspace", "--node-limit", "--gap"],
    }
    flag = rng.choice(flags[name])
    value = rng.choice(VALUES + ["-5", "+1000%", "-100%", "+15%", "E004,E004", "E999", ",", "2026-12-07T00:00",
                                 "2026-12-13T23:59", "2027-01-01T00:00", "2026-12-14", "ws"])
    if flag in command:
        command[command.index(flag) + 1] = value
    else:
        command += [flag, value]
    # A path given to a path flag may be named by itself ("/etc/passwd: not a folder").
    paths = {"--workspace", "--scenario", "--pinned", "--out"}
    # A run or week the store does not hold is named by the store.
    return command, [flag, "rota.sqlite"] + ([value] if flag in paths and value.strip() else [])


def make_case(kind, rng, base, folder):
    """Writes the case's inputs into `folder`; returns the command and the names an
    exit-1 message must mention one of."""
    scenario = os.path.join(folder, "scenario.yaml")
    for name in ["scenario.yaml", "history.csv", "employees.csv", "forecast.csv", "requirements.csv",
                 "roster.csv", "acd.csv", "report-scenario.yaml", "cms.csv", "cms-scenario.yaml", "calls.csv",
                 "calls-scenario.yaml"]:
        shutil.copy(os.path.join(base, name), os.path.join(folder, name))
    if kind == "flags":
        return flag_case(rng, folder)
    if kind == "workspace":
        return workspace_case(rng, base, folder)
    pair = ("acd.csv", "report-scenario.yaml")
    if kind == "report":
        pair = rng.choice([pair, ("cms.csv", "cms-scenario.yaml"), ("calls.csv", "calls-scenario.yaml")])
        kind = rng.choice(["report-file", "report-scenario"])
    file = {"history": "history.csv", "forecast": "forecast.csv", "requirements": "requirements.csv",
            "roster": "roster.csv", "employees": "employees.csv", "scenario": "scenario.yaml",
            "report-file": pair[0], "report-scenario": pair[1]}[kind]
    path = os.path.join(folder, file)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        text = mutate_yaml(text, rng) if file.endswith(".yaml") else mutate_csv(text, rng)
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as handle:
        handle.write(text)
    quick = ["--node-limit", "2", "--time-limit", "5"]
    if kind == "history":
        command = rng.choice([["forecast", "--history", path], ["forecast", "--history", path, "--scenario", scenario],
                              ["score", "--roster", "roster.csv", "--scenario", scenario, "--actuals", path]])
    elif kind == "forecast":
        command = rng.choice([["staff", "--forecast", path, "--scenario", scenario],
                              ["score", "--roster", "roster.csv", "--scenario", scenario, "--forecast", path]])
    elif kind == "requirements":
        command = ["schedule", "--requirements", path, "--scenario", scenario, "--out", "out"] + quick
    elif kind == "roster":
        form = rng.choice(["hr-csv", "ics", "json"])
        command = rng.choice([["score", "--roster", path, "--scenario", scenario, "--forecast", "forecast.csv"],
                              ["export", "--roster", path, "--scenario", scenario, "--format", form, "--out",
                               "cal/" if form == "ics" else "export.out"]])
    elif kind == "employees":
        command = ["schedule", "--requirements", "requirements.csv", "--scenario", scenario, "--out", "out"] + quick
    elif kind.startswith("report"):
        mapped = os.path.join(folder, pair[1])
        command = rng.choice([["forecast", "--history", pair[0], "--scenario", mapped],
                              ["staff", "--forecast", "forecast.csv", "--scenario", mapped],
                              ["plan", mapped, "--out", "out"] + quick])
    else:
        command = rng.choice([["staff", "--forecast", "forecast.csv", "--scenario", path],
                              ["schedule", "--requirements", "requirements.csv", "--scenario", path, "--out", "out"]
                              + quick])
    return command, [file]


NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])(nan|-?inf)(?![A-Za-z])")


def not_a_number(printed, folder, command):
    """Whether the output or a file the command wrote prints nan or inf that no input or flag
    holds (a channel, an employee or a folder may be named "inf"): a number gone wrong."""
    outputs = [printed]
    inputs = [" ".join(command)]
    for root, _, files in os.walk(folder):
        written = os.path.relpath(root, folder).split(os.sep)[0] in ("out", "cal")
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as handle:
                (outputs if written else inputs).append(handle.read())
    given = set()
    for text in inputs:
        given.update(match.group(1) for match in NOT_A_NUMBER.finditer(text))
    return any(match.group(1) not in given for text in outputs for match in NOT_A_NUMBER.finditer(text))


def run_case(rota, kind, seed, base, work, timeout):
    rng = random.Random(seed)
    folder = os.path.join(work, "cases", str(seed))
    os.makedirs(folder, exist_ok=True)
    command, names = make_case(kind, rng, base, folder)
    try:
        done = subprocess.run([rota] + command, cwd=folder, capture_output=True, timeout=timeout)
        status, err = done.returncode, done.stderr.decode("utf-8", "replace")
        printed = done.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        status, err, printed = None, "", ""
    if status is None:
        outcome = "hang"
    elif status < 0 or status >= 128 or "Fatal error" in err or "crashed" in err or "Backtrac" in err:
        outcome = "crash"
    elif status == 1:
        located = any(name in err for name in names) or re.search(r"\S+:\d+: ", err) is not None
        outcome = "rejected" if located else "unnamed"
    elif not_a_number(printed, folder, command):
        outcome = "nan"
    else:
        outcome = "ok"
    if outcome in ("hang", "crash", "unnamed", "nan"):
        keep = os.path.join(work, "findings", f"{kind}-{seed}")
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(folder, keep)
        with open(os.path.join(keep, "command.txt"), "w") as handle:
            handle.write(" ".join(command) + f"\nexit {status}\n{err[:2000]}\n")
    shutil.rmtree(folder, ignore_errors=True)
    return kind, outcome, command, err.strip().split("\n")[0][:200] if err else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rota", default=os.path.join(ROOT, ".build", "release", "rota"))
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", default="/tmp/rota-fuzz")
    parser.add_argument("--only", help="run only cases of this kind (e.g. workspace)")
    args = parser.parse_args()
    rota = os.path.abspath(args.rota)
    global ROTA
    ROTA = rota
    shutil.rmtree(args.work, ignore_errors=True)
    base = os.path.join(args.work, "base")
    shutil.copytree(DEFAULT, base)
    planned = subprocess.run([rota, "plan", "scenario.yaml", "--out", ".", "-q", "--node-limit", "20"], cwd=base,
                             capture_output=True, text=True)
    if planned.returncode != 0:
        sys.exit(f"the base plan failed: {planned.stderr}")
    write_report(base)
    for step in [["plan", "scenario.yaml", "--out", "ws-plan", "-q", "--node-limit", "20", "--workspace", "ws"],
                 ["publish", "--workspace", "ws"]]:
        done = subprocess.run([rota] + step, cwd=base, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"the base workspace failed: {done.stderr}")
    kinds = ["history", "forecast", "requirements", "roster", "employees", "scenario", "report", "flags",
             "workspace"]
    weights = [3, 3, 1, 3, 1, 3, 3, 4, 3]
    if args.only:
        if args.only not in kinds:
            sys.exit(f"--only takes one of {', '.join(kinds)}")
        weights = [1 if kind == args.only else 0 for kind in kinds]
    rng = random.Random(args.seed)
    cases = [(rng.choices(kinds, weights)[0], args.seed * 1_000_003 + index) for index in range(args.cases)]
    counts = collections.defaultdict(collections.Counter)
    findings = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_case, rota, kind, seed, base, args.work, args.timeout) for kind, seed in cases]
        for future in concurrent.futures.as_completed(futures):
            kind, outcome, command, first = future.result()
            counts[kind][outcome] += 1
            if outcome in ("hang", "crash", "unnamed", "nan"):
                findings.append((kind, outcome, " ".join(command)[:160], first))
    outcomes = ["ok", "rejected", "unnamed", "crash", "hang", "nan"]
    print(f"rota fuzz: {args.cases} cases, seed {args.seed}, timeout {args.timeout:g} s")
    print("| kind | " + " | ".join(outcomes) + " |")
    print("|---|" + "---:|" * len(outcomes))
    for kind in kinds:
        print(f"| {kind} | " + " | ".join(str(counts[kind][o]) for o in outcomes) + " |")
    total = collections.Counter()
    for counter in counts.values():
        total.update(counter)
    print("| all | " + " | ".join(str(total[o]) for o in outcomes) + " |")
    for finding in sorted(findings)[:40]:
        print("  finding:", *finding, sep=" | ")
    if findings:
        print(f"{len(findings)} findings kept under {args.work}/findings")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
