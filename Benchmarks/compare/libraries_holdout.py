"""Standard library models on the hold-out protocol of scripts/forecast-holdout (the last 8
Mondays of the bank's calls, 5 weekdays ahead, 30-minute intervals), for comparison with
Rota's methods. Not part of CI: it needs packages from PyPI.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install statsforecast==2.1.1 prophet==1.5.0
    /tmp/venv/bin/python Benchmarks/compare/libraries_holdout.py

statsforecast models see the series of open intervals (weekdays, holidays left out) with a
day of 29 intervals and a week of 145; Prophet sees the timestamps, with daily and weekly
seasonality. Forecasts below zero count as zero.
"""
import csv
import datetime as dt
import logging
import os
import time
import warnings

import numpy as np
import pandas as pd
from prophet import Prophet
from statsforecast import StatsForecast
from statsforecast.models import MSTL, AutoETS, AutoTheta

warnings.filterwarnings("ignore")
logging.getLogger("cmdstanpy").setLevel(logging.ERROR)
here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "../../Tests/ForecastingTests/Fixtures/bank-calls-30min.csv"))))
frame = pd.DataFrame({"ds": pd.to_datetime([r["timestamp"] for r in rows]), "y": [float(r["volume"]) for r in rows]})
last = frame.ds.max().date()
final_monday = last - dt.timedelta(days=last.weekday())
mondays = [pd.Timestamp(final_monday - dt.timedelta(weeks=k)) for k in range(7, -1, -1)]
slots = [dt.timedelta(hours=7, minutes=30 * i) for i in range(29)]


def statsforecast_model(model):
    def forecast(train, monday):
        series = pd.DataFrame({"unique_id": "calls", "ds": np.arange(len(train)), "y": train.y.to_numpy()})
        result = StatsForecast(models=[model()], freq=1, n_jobs=1).forecast(df=series, h=145, level=[80, 95])
        name = [c for c in result.columns if c not in ("unique_id", "ds") and "-lo-" not in c and "-hi-" not in c][0]
        # Step k is slot k % 29 of the k // 29-th weekday from the origin.
        stamps = [monday + dt.timedelta(days=k // 29) + slots[k % 29] for k in range(145)]
        return pd.DataFrame({
            "ds": stamps, "yhat": result[name].to_numpy(),
            "lo80": result[name + "-lo-80"].to_numpy(), "hi80": result[name + "-hi-80"].to_numpy(),
            "lo95": result[name + "-lo-95"].to_numpy(), "hi95": result[name + "-hi-95"].to_numpy()})
    return forecast


def prophet(train, monday):
    stamps = pd.DataFrame({"ds": [monday + dt.timedelta(days=d) + s for d in range(5) for s in slots]})
    out = {"ds": stamps.ds}
    for width, suffix in ((0.8, "80"), (0.95, "95")):
        model = Prophet(daily_seasonality=True, weekly_seasonality=True, yearly_seasonality=False, interval_width=width)
        predicted = model.fit(train).predict(stamps)
        out["yhat"] = predicted.yhat.to_numpy()
        out["lo" + suffix], out["hi" + suffix] = predicted.yhat_lower.to_numpy(), predicted.yhat_upper.to_numpy()
    return pd.DataFrame(out)


models = {
    "MSTL (29, 145)": statsforecast_model(lambda: MSTL(season_length=[29, 145], trend_forecaster=AutoETS(model="ZZN"))),
    "AutoETS (29)": statsforecast_model(lambda: AutoETS(season_length=29)),
    "AutoTheta (145)": statsforecast_model(lambda: AutoTheta(season_length=145)),
    "Prophet": prophet,
}
print("method            WAPE    cover80  cover95  seconds")
for name, forecast in models.items():
    error = actual_total = 0.0
    inside80 = inside95 = count = 0
    clock = time.time()
    for monday in mondays:
        train = frame[frame.ds < monday]
        test = frame[(frame.ds >= monday) & (frame.ds < monday + pd.Timedelta(days=5))]
        joined = test.merge(forecast(train, monday), on="ds", how="left").fillna(0)
        error += np.abs(np.maximum(joined.yhat, 0) - joined.y).sum()
        actual_total += joined.y.sum()
        inside80 += ((joined.lo80 <= joined.y) & (joined.y <= joined.hi80)).sum()
        inside95 += ((joined.lo95 <= joined.y) & (joined.y <= joined.hi95)).sum()
        count += len(joined)
    print(f"{name:16}  {error / actual_total:.4f}  {inside80 / count:.3f}    {inside95 / count:.3f}    {time.time() - clock:.1f}")
