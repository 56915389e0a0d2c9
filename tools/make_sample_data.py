#!/usr/bin/env python3
"""Writes hemotrend's bundled sample data: sample-data/cbc-wide.csv,
sample-data/cbc-long.csv and sample-data/README.md.

Every patient, name and number is synthetic. The courses are designed by hand
(the values that decide a severity category: hemoglobin, platelets, ANC,
reticulocytes); a fixed random.Random(SEED) adds what a real analyser would
vary (time of day, lymphocytes, the other white cells, red-cell indices).
Running the script again rewrites sample-data/ byte-identically.

Python 3.11 standard library only. Usage: python3 tools/make_sample_data.py
It ends with a self-check that re-reads both CSVs, validates them against the
input contract of DESIGN.md, and prints each patient's severity course.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

SEED = 20250304
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample-data"
WIDE = OUT / "cbc-wide.csv"
LONG = OUT / "cbc-long.csv"
README = OUT / "README.md"
EVENTS = OUT / "events.csv"

# Treatments and transfusions beside the counts (DESIGN.md "Events";
# clinical.md section 6). Times after the day's draw where a draw and a
# transfusion share a day: the sample was taken before the units went in.
EVENTS_HEADER = ["patient_id", "at", "event", "units", "note"]
EVENT_ROWS = [
    # P001: red cells to hold Hb about 8 while severe, platelets below 10,
    # hATG + ciclosporin on 2024-04-02; the last red cells on 2024-06-14,
    # ten weeks before the counts stop meeting the severe criteria.
    ("P001", "2024-03-26T13:00", "rbc-transfusion", "2", ""),
    ("P001", "2024-04-01T15:00", "platelet-transfusion", "1", ""),
    ("P001", "2024-04-01T16:30", "rbc-transfusion", "2", ""),
    ("P001", "2024-04-02", "ist", "", "hATG + ciclosporin"),
    ("P001", "2024-04-05T14:00", "platelet-transfusion", "1", ""),
    ("P001", "2024-04-12T13:00", "platelet-transfusion", "1", ""),
    ("P001", "2024-04-19T15:00", "rbc-transfusion", "2", ""),
    ("P001", "2024-04-26T14:00", "platelet-transfusion", "1", ""),
    ("P001", "2024-05-24T14:30", "rbc-transfusion", "2", ""),
    ("P001", "2024-05-24T16:00", "platelet-transfusion", "1", ""),
    ("P001", "2024-06-14T11:00", "rbc-transfusion", "1", ""),
    # P005: day 1 of each 21-day cycle (the day's count is drawn before it).
    ("P005", "2025-01-06T13:00", "chemotherapy", "", "cycle 1 day 1"),
    ("P005", "2025-01-27T13:00", "chemotherapy", "", "cycle 2 day 1"),
    ("P005", "2025-02-17T13:00", "chemotherapy", "", "cycle 3 day 1"),
    # H702311 (long file): hATG + ciclosporin with eltrombopag.
    ("H702311", "2025-01-14T12:00", "ist", "", "hATG + ciclosporin"),
    ("H702311", "2025-01-14T12:00", "eltrombopag", "", "150 mg daily"),
]

rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

# Times of day by setting: (earliest, latest) as minutes after midnight.
SETTINGS = {
    "ward": (5 * 60 + 30, 6 * 60 + 50),  # morning phlebotomy round
    "clinic": (7 * 60 + 30, 10 * 60 + 45),  # haematology / oncology day unit
    "gp": (8 * 60 + 10, 11 * 60 + 50),  # primary care
    "occ": (9 * 60, 11 * 60 + 30),  # occupational health
}


def time_of_day(setting: str) -> str:
    """A realistic collection time (HH:MM) for a setting, or a literal HH:MM."""
    if ":" in setting:
        return setting
    lo, hi = SETTINGS[setting]
    m = rng.randint(lo, hi)
    return f"{m // 60:02d}:{m % 60:02d}"


def other_white_cells(anc: float) -> float:
    """Monocytes + eosinophils + basophils: few in marrow failure or at a nadir."""
    if anc < 0.5:
        return rng.uniform(0.02, 0.10)
    if anc < 1.5:
        return rng.uniform(0.12, 0.35)
    return rng.uniform(0.40, 0.85)


def numeric(cell) -> float:
    """The number in a designed value (a censored '<0.1' counts as half its bound)."""
    if isinstance(cell, str):
        return float(cell.lstrip("<>")) / 2
    return float(cell)


def f2(x: float) -> str:
    return f"{x:.2f}"


def f1(x: float) -> str:
    return f"{x:.1f}"


def red_cells(hgb: float, mcv: float, mchc_range: tuple[float, float]):
    """Hematocrit (%) and RBC (10^12/L) consistent with Hb, MCV and an MCHC."""
    mchc = rng.uniform(*mchc_range)
    hct = hgb / mchc * 100
    rbc = hct / mcv * 10
    return hct, rbc


# ---------------------------------------------------------------------------
# Wide file: one row per draw
# ---------------------------------------------------------------------------

WIDE_HEADER = [
    "patient_id", "name", "sex", "birth_date", "collected_at",
    "wbc", "rbc", "hgb", "hct", "mcv", "plt", "anc", "alc", "retic (10^9/L)",
]

# Each course: patient info, red-cell MCHC range, MCV noise, and draws as
# (date, setting, hgb, mcv, plt, anc, alc, retic). None = not measured;
# alc given as a number is the analyser's value (noise is added), alc given
# as ("hidden", x) is used for the WBC sum but left empty in the file.

WIDE_PATIENTS = [
    {
        "id": "P001", "name": "Alder, Maren", "sex": "F", "birth": "1986-02-14",
        "mchc": (32.8, 34.4),
        # Acquired aplastic anemia: baseline -> pancytopenia over weeks ->
        # hATG + ciclosporin from 2024-04-02 -> slow partial recovery.
        "draws": [
            ("2023-06-19", "occ", 13.6, 91.2, 238, 3.92, 1.9, None),
            ("2024-02-19", "gp", 11.4, 96.1, 96, 1.62, 1.6, None),
            ("2024-02-26", "clinic", 10.6, 97.8, 61, 1.21, 1.5, 34),
            ("2024-03-04", "clinic", 9.7, 99.0, 44, 0.96, 1.4, 29),
            ("2024-03-11", "clinic", 9.1, 100.2, 32, 0.74, 1.4, 24),
            ("2024-03-18", "clinic", 8.4, 100.4, 18, 0.52, 1.3, 19),
            ("2024-03-25", "clinic", 8.0, 97.3, 13, 0.41, 1.3, 15),
            ("2024-04-01", "clinic", 7.6, 97.0, 9, 0.18, 1.2, 12),
            ("2024-04-05", "ward", 8.5, 95.2, "<5", "<0.1", 0.12, 9),
            ("2024-04-12", "ward", 8.2, 95.4, 7, 0.09, 0.21, 10),
            ("2024-04-19", "clinic", 7.9, 96.1, 11, 0.13, 0.32, 13),
            ("2024-04-26", "clinic", 8.3, 96.8, 9, 0.16, 0.38, None),
            ("2024-05-10", "clinic", 8.1, 98.0, 12, 0.22, 0.45, 16),
            ("2024-05-24", "clinic", 8.0, 99.1, 10, 0.27, 0.52, 18),
            ("2024-06-07", "clinic", 8.2, 100.3, 14, 0.34, 0.61, 23),
            ("2024-06-28", "clinic", 8.4, 101.2, 17, 0.45, 0.66, 29),
            ("2024-07-26", "clinic", 8.9, 102.0, 22, 0.58, 0.74, 41),
            ("2024-08-23", "clinic", 9.3, 102.6, 26, 0.71, 0.80, 52),
            ("2024-09-27", "clinic", 9.8, 103.1, 31, 0.86, 0.88, 63),
            ("2024-10-25", "clinic", 10.1, 102.4, 35, 0.97, 0.95, 71),
            ("2024-12-06", "clinic", 10.4, 101.5, 39, 1.08, ("hidden", 1.0), 74),
            ("2025-01-24", "clinic", 10.6, 101.0, 44, 1.19, 1.06, None),
            ("2025-03-07", "clinic", 10.8, 100.6, 41, 1.27, 1.10, 78),
            ("2025-04-25", "clinic", 10.9, 100.2, 47, 1.33, 1.12, 81),
        ],
    },
    {
        "id": "P002", "name": "Birch, Tomas", "sex": "M", "birth": "2012-08-21",
        "mchc": (33.0, 34.6),
        # Fanconi anemia from age 6: MCV first, then platelets, ANC, Hb.
        "draws": [
            ("2018-09-24", "clinic", 12.4, 94.3, 188, 2.91, 2.8, 52),
            ("2019-03-18", "clinic", 12.3, 97.6, 176, 2.74, 2.6, 55),
            ("2019-09-16", "clinic", 12.5, 100.8, 161, 2.83, 2.5, None),
            ("2020-03-09", "clinic", 12.2, 102.7, 148, 2.62, 2.4, 50),
            ("2020-09-21", "clinic", 12.4, 104.1, 131, 2.48, 2.3, 54),
            ("2021-01-18", "clinic", 12.1, 105.0, 112, 2.31, 2.2, 49),
            ("2021-06-14", "clinic", 12.0, 105.8, 94, 2.18, 2.2, 47),
            ("2021-11-22", "clinic", 11.9, 106.3, 81, 2.04, 2.0, None),
            ("2022-04-04", "clinic", 11.8, 107.0, 66, 1.93, 2.1, 46),
            ("2022-08-29", "clinic", 11.6, 107.6, 57, 1.81, 1.9, 44),
            ("2023-01-09", "clinic", 11.5, 108.1, 49, 1.72, 1.9, 43),
            ("2023-04-17", "clinic", 11.4, 108.7, 46, 1.50, 1.8, 41),
            ("2023-07-24", "clinic", 11.1, 109.0, 44, 1.41, 1.8, 42),
            ("2023-10-30", "clinic", 10.8, 109.4, 39, 1.28, 1.7, None),
            ("2024-02-12", "clinic", 10.4, 109.8, 35, 1.12, 1.7, 40),
            ("2024-05-27", "clinic", 10.1, 110.0, 31, 1.02, 1.6, 38),
            ("2024-09-09", "clinic", 9.7, 109.6, 27, 0.86, 1.6, 36),
            ("2024-12-16", "clinic", 9.4, 109.9, 23, 0.71, 1.5, 34),
            ("2025-03-24", "clinic", 9.0, 109.5, 19, 0.58, 1.5, 31),
            ("2025-06-30", "clinic", 8.7, 109.2, 16, 0.47, 1.4, 28),
        ],
    },
    {
        "id": "P003", "name": "Cedar, Ilse", "sex": "F", "birth": "1990-07-30",
        "mchc": None,  # hypochromic: set per draw below
        # Iron-deficiency anemia (menorrhagia), oral iron from 2024-09-02.
        "draws": [
            ("2024-05-13", "gp", 10.9, 77.2, 418, 3.61, 1.8, None),
            ("2024-09-02", "gp", 8.6, 68.4, 547, 4.12, 2.0, 41),
            ("2024-09-12", "gp", 8.9, 68.9, 588, 4.37, 2.1, 118),
            ("2024-10-07", "gp", 10.1, 71.8, 486, 3.93, 1.9, 86),
            ("2024-11-04", "gp", 11.2, 75.3, 402, 3.78, 1.9, None),
            ("2024-12-16", "gp", 12.1, 79.4, 344, 3.66, 1.8, 62),
            ("2025-02-24", "gp", 12.9, 84.1, 297, 3.52, 1.9, None),
        ],
        "mchc_by_draw": [(30.0, 31.0), (29.0, 30.0), (29.2, 30.2), (30.0, 31.0),
                         (31.0, 32.0), (32.0, 33.0), (32.8, 33.8)],
    },
    {
        "id": "P004", "name": "Dunmore, Oskar", "sex": "M", "birth": "1971-11-03",
        "mchc": (33.2, 34.6),
        # Immune thrombocytopenia: platelets alone, fluctuating 6-78.
        "draws": [
            ("2024-01-29", "14:37", 14.6, 89.1, 12, 4.21, 2.1, 52),
            ("2024-02-02", "clinic", 14.4, 88.8, 38, 6.94, 1.3, None),
            ("2024-02-09", "clinic", 14.5, 89.4, 71, 6.12, 1.6, None),
            ("2024-02-23", "clinic", 14.7, 89.0, 78, 4.48, 2.0, None),
            ("2024-03-15", "clinic", 14.3, 89.6, 54, 3.87, 2.2, None),
            ("2024-04-12", "clinic", 14.6, 89.2, 33, 4.02, 2.0, None),
            ("2024-05-10", "clinic", 14.4, 89.5, 19, 3.74, 1.9, 47),
            ("2024-05-13", "16:52", 14.2, 89.3, 6, 4.35, 2.1, None),
            ("2024-05-17", "ward", 14.0, 89.7, 64, 3.96, 1.8, None),
            ("2024-06-07", "clinic", 14.5, 89.1, 41, 3.81, 2.0, None),
            ("2024-07-05", "clinic", 14.8, 88.9, 58, 3.69, 2.1, None),
            ("2024-08-16", "clinic", 14.6, 89.4, 76, 4.11, 2.0, None),
            ("2024-10-11", "clinic", 14.9, 89.0, 69, 3.92, 2.2, 58),
            ("2025-01-10", "clinic", 14.7, 89.3, 72, 4.06, 2.1, None),
        ],
    },
    {
        "id": "P005", "name": "Elmsworth, Juno", "sex": "F", "birth": "1961-04-22",
        "mchc": (32.8, 34.2),
        # Adjuvant chemotherapy every 21 days: cycles start 2025-01-06,
        # 2025-01-27, 2025-02-17; 2025-03-10 is day 21 of cycle 3.
        "draws": [
            ("2025-01-06", "clinic", 13.1, 90.2, 262, 4.31, 1.9, None),
            ("2025-01-13", "clinic", 12.6, 90.5, 214, 2.18, 1.3, None),
            ("2025-01-17", "clinic", 12.1, 90.9, 158, 0.42, 0.9, None),
            ("2025-01-27", "clinic", 11.9, 91.6, 248, 2.87, 1.3, None),
            ("2025-02-03", "clinic", 11.5, 92.0, 196, 1.71, 1.0, None),
            ("2025-02-07", "clinic", 11.0, 92.3, 131, 0.24, 0.7, None),
            ("2025-02-17", "clinic", 10.8, 93.0, 231, 2.06, 1.1, None),
            ("2025-02-24", "clinic", 10.4, 93.4, 182, 1.38, 0.9, None),
            ("2025-02-27", "clinic", 9.9, 93.6, 119, 0.31, ("hidden", 0.6), None),
            ("2025-03-03", "clinic", 9.7, 93.9, 142, 0.88, 0.8, None),
            ("2025-03-10", "clinic", 10.1, 94.4, 236, 2.41, 1.0, None),
        ],
    },
    {
        "id": "P006", "name": "Fairweather, Odo", "sex": "M", "birth": "1979-03-08",
        "mchc": (33.4, 34.8),
        # Healthy control: yearly occupational-health checks.
        "draws": [
            ("2021-03-15", "occ", 15.1, 88.6, 254, 3.64, 2.2, None),
            ("2022-03-21", "occ", 14.8, 89.1, 241, 3.91, 2.0, None),
            ("2023-03-13", "occ", 15.2, 88.9, 268, 3.48, 2.3, 61),
            ("2024-03-18", "occ", 14.9, 89.4, 247, 4.05, 2.1, None),
            ("2025-03-17", "occ", 15.0, 89.0, 259, 3.77, 2.2, None),
        ],
    },
    {
        "id": "P007", "name": "Greyling, Sasha", "sex": "", "birth": "2000-10-05",
        "mchc": (33.0, 33.6),
        # Sex not recorded: Hb 12.8-13.1 is below the male lower limit (13.5)
        # used when sex is unknown, though inside the female range.
        "draws": [
            ("2024-06-03", "gp", 12.9, 89.8, 231, 3.34, 1.9, None),
            ("2024-12-09", "gp", 13.1, 90.1, 244, 3.71, 2.0, None),
            ("2025-06-16", "gp", 12.8, 89.6, 226, 3.29, 1.8, 55),
        ],
    },
]


# A child whose counts are normal for the age (clinical.md §2a, §6) but
# would read "low" or "high" by adult limits: hemotrend judges each draw by
# the limits for the age at the draw. Drawn with its own random generator,
# after the others, so that adding it changes no other patient's values.
CHILD_PATIENTS = [
    {
        "id": "P008", "name": "Hale, Ruby", "sex": "F", "birth": "2023-03-10",
        "mchc": (32.6, 33.4),
        "draws": [
            # Day 14: MCV 104, ALC 6.2 and WBC about 11 are normal for a
            # newborn (8 d - 15 d; 0 d - 14 d ends the day before).
            ("2023-03-24", "gp", 15.8, 104.0, 310, 3.90, 6.2, None),
            # 3 months: Hb 10.6 is normal (9.5-13.5); adult women: < 12.
            ("2023-06-12", "gp", 10.6, 82.0, 380, 2.10, 6.8, 45),
            # 18 months: MCV 76 (70-86) and ALC 5.1 (3.7-10.7) normal.
            ("2024-09-16", "gp", 11.6, 76.0, 290, 2.60, 5.1, None),
            # 3 years.
            ("2026-03-16", "gp", 12.1, 80.0, 300, 3.00, 3.9, 52),
        ],
    },
]
CHILD_SEED = 2023


def wide_rows():
    global rng
    rows = []
    shared = rng
    child_rng = random.Random(CHILD_SEED)
    for p in WIDE_PATIENTS + CHILD_PATIENTS:
        if p in CHILD_PATIENTS:
            rng = child_rng
        for i, (date, setting, hgb, mcv, plt, anc, alc, retic) in enumerate(p["draws"]):
            mchc = p["mchc"] or p["mchc_by_draw"][i]
            hct, rbc = red_cells(hgb, mcv, mchc)
            mcv_written = mcv + rng.uniform(-0.3, 0.3)
            if isinstance(alc, tuple):
                alc_value, alc_cell = alc[1], ""
            else:
                alc_value = max(0.05, alc + rng.uniform(-0.05, 0.05)) if alc >= 0.5 else alc
                alc_cell = f2(alc_value)
            wbc = numeric(anc) + alc_value + other_white_cells(numeric(anc))
            rows.append([
                p["id"], p["name"], p["sex"], p["birth"],
                f"{date}T{time_of_day(setting)}",
                f2(wbc), f2(rbc), f1(hgb), f1(hct), f1(mcv_written),
                str(plt),
                anc if isinstance(anc, str) else f2(anc),
                alc_cell,
                "" if retic is None else str(retic),
            ])
    rng = shared
    return rows


# ---------------------------------------------------------------------------
# Long file: one row per observation, two labs with different conventions
# ---------------------------------------------------------------------------

LONG_HEADER = [
    "mrn", "patient_name", "sex", "dob", "specimen_id", "collection_time",
    "loinc", "test_name", "value", "units",
]

# Site A: the hospital laboratory, UCUM units, local time with offset
# (+01:00 in winter, +02:00 from 2025-03-30). Site B: an outreach laboratory,
# K/uL-style units, Hb in g/L, Hct in L/L, platelets per uL, times in UTC (Z).
SITE = {
    "A": {
        "wbc": ("6690-2", "Leukocytes [#/volume] in Blood", "10*3/uL"),
        "rbc": ("789-8", "Erythrocytes [#/volume] in Blood", "10*6/uL"),
        "hgb": ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL"),
        "hct": ("4544-3", "Hematocrit [Volume Fraction] of Blood", "%"),
        "mcv": ("787-2", "MCV [Entitic volume]", "fL"),
        "plt": ("777-3", "Platelets [#/volume] in Blood", "10*3/uL"),
        "anc": ("751-8", "Neutrophils [#/volume] in Blood", "10*3/uL"),
        "alc": ("731-0", "Lymphocytes [#/volume] in Blood", "10*3/uL"),
        "retic": ("60474-4", "Reticulocytes [#/volume] in Blood", "10*9/L"),
    },
    "B": {
        "wbc": ("6690-2", "WBC", "K/uL"),
        "rbc": ("789-8", "RBC", "M/uL"),
        "hgb": ("718-7", "Hemoglobin", "g/L"),
        "hct": ("20570-8", "Hematocrit", "L/L"),
        "mcv": ("787-2", "MCV", "fL"),
        "plt": ("26515-7", "Platelets", "/uL"),
        "anc": ("26499-4", "Neutrophils, absolute", "K/uL"),
        "alc": ("731-0", "Lymphocytes, absolute", "K/uL"),
        "retic": ("14196-0", "Reticulocytes, absolute", "10*3/uL"),
        "neut_pct": ("770-8", "Neutrophils %", "%"),
    },
}
CHEMISTRY = {
    "glucose": ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL"),
    "creatinine": ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL"),
}

# Draws: (date, HH:MM local, site, hgb, mcv, plt, anc, alc, retic, extras)
# extras: dict with optional "chem": {test: value}, "plt_cell"/"hgb_cell"/
# "anc_cell": a literal cell, "neut_pct": a percentage replacing the ANC.
LONG_PATIENTS = [
    {
        "mrn": "H702311", "name": "Hollins, Petra", "sex": "female", "dob": "1957-05-29",
        "mchc": (32.8, 34.0),
        # Second acquired aplastic anemia, older; hATG + ciclosporin +
        # eltrombopag from 2025-01-14. Severe but never very severe.
        "draws": [
            ("2024-11-12", "09:05", "B", 9.7, 101.0, 41, 0.98, 1.21, 28, {}),
            ("2024-12-03", "07:52", "A", 9.2, 101.6, 29, 0.81, 1.18, 24, {}),
            ("2024-12-19", "10:14", "B", 8.8, 102.0, 20, 0.62, 1.15, 21, {"plt_cell": "20000"}),
            ("2025-01-07", "08:21", "A", 7.9, 101.2, 14, 0.44, 1.09, 17, {"chem": {"creatinine": "0.78"}}),
            ("2025-01-14", "07:40", "A", 8.6, 99.3, 11, 0.37, 1.04, 15, {}),
            ("2025-01-28", "06:15", "A", 8.1, 98.8, 8, 0.20, 0.18, 12, {"anc_cell": "0.20"}),
            ("2025-02-08", "09:47", "B", 8.3, 99.6, 9, 0.26, 0.29, None, {"plt_cell": "<10000"}),
            ("2025-03-11", "08:08", "A", 8.7, 100.4, 17, 0.46, 0.52, 33, {"chem": {"creatinine": "1.12"}}),
            ("2025-04-08", "08:33", "A", 9.2, 101.1, 26, 0.69, 0.71, 49, {}),
            ("2025-05-13", "08:02", "A", 9.8, 101.5, 35, 0.93, 0.86, 61, {"chem": {"creatinine": "1.18"}}),
            ("2025-06-17", "08:26", "A", 10.4, 101.0, 44, 1.14, 0.97, 70, {}),
            ("2025-08-19", "08:11", "A", 11.0, 100.2, 52, 1.31, 1.04, 77, {}),
        ],
    },
    {
        "mrn": "H703884", "name": "Ingram, Rafe", "sex": "male", "dob": "1966-12-02",
        "mchc": (33.0, 34.4),
        # Lymphoma, R-CHOP every 21 days: cycles start 2025-02-03, 2025-02-24;
        # 2025-03-17 is day 21 of cycle 2.
        "draws": [
            ("2025-02-03", "08:12", "A", 13.4, 88.1, 302, 4.62, 1.58, None,
             {"chem": {"glucose": "104", "creatinine": "0.96"}}),
            ("2025-02-10", "08:40", "A", 12.8, 88.4, 251, 2.41, 0.62, None, {}),
            ("2025-02-13", "10:25", "B", 12.2, 88.6, 171, 0.38, 0.41, None, {}),
            ("2025-02-17", "08:05", "A", 11.9, 89.0, 148, 0.74, 0.48, None, {}),
            ("2025-02-24", "07:58", "A", 11.8, 89.5, 268, 2.63, 0.66, None,
             {"chem": {"glucose": "131", "creatinine": "0.99"}}),
            ("2025-03-03", "08:36", "A", 11.2, 89.9, 219, 1.92, 0.51, None, {}),
            ("2025-03-07", "09:58", "B", 10.0, 90.3, 96, 0.18, 0.34, None, {"hgb_cell": "100"}),
            ("2025-03-10", "08:19", "A", 9.8, 90.6, 112, 0.61, 0.43, None, {}),
            ("2025-03-17", "08:03", "A", 10.3, 91.2, 241, 2.24, 0.58, None,
             {"chem": {"glucose": "98", "creatinine": "1.01"}}),
        ],
    },
    {
        "mrn": "H704159", "name": "Juniper, Wren", "sex": "female", "dob": "1988-09-14",
        "mchc": (33.0, 34.2),
        # Healthy control at the outreach lab; the later two draws report the
        # neutrophil percentage instead of the absolute count.
        "draws": [
            ("2023-05-09", "08:48", "B", 13.6, 90.4, 276, 3.42, 2.05, None, {"chem": {"glucose": "88"}}),
            ("2024-05-14", "09:12", "B", 13.9, 90.1, 262, None, 1.94, None,
             {"chem": {"glucose": "91"}, "neut_pct": 58, "wbc": 6.40}),
            ("2025-05-13", "08:31", "B", 13.5, 90.7, 281, None, 2.11, None,
             {"chem": {"glucose": "86"}, "neut_pct": 61, "wbc": 5.90}),
        ],
    },
]


def offset_for(date: str, site: str) -> str:
    """Site A: Central European time (CEST between the 2024/2025 switch dates)."""
    if site == "B":
        return "Z"
    d = dt.date.fromisoformat(date)
    summer = (dt.date(2024, 3, 31) <= d < dt.date(2024, 10, 27)) or (
        dt.date(2025, 3, 30) <= d < dt.date(2025, 10, 26))
    return "+02:00" if summer else "+01:00"


def long_rows():
    rows = []
    specimen_seq = itertools.count(1101)
    for p in LONG_PATIENTS:
        who = [p["mrn"], p["name"], p["sex"], p["dob"]]
        for (date, hhmm, site, hgb, mcv, plt, anc, alc, retic, extra) in p["draws"]:
            off = offset_for(date, site)
            hh, mm = hhmm.split(":")
            # Site B records UTC: the outreach clinic's local time minus its offset.
            if site == "B":
                local = dt.datetime.fromisoformat(f"{date}T{hhmm}")
                cet = 2 if (dt.date(2025, 3, 30) <= local.date() < dt.date(2025, 10, 26)
                            or dt.date(2024, 3, 31) <= local.date() < dt.date(2024, 10, 27)
                            or dt.date(2023, 3, 26) <= local.date() < dt.date(2023, 10, 29)) else 1
                utc = local - dt.timedelta(hours=cet)
                stamp = utc.strftime("%Y-%m-%dT%H:%M:") + f"{rng.randint(0, 59):02d}Z"
            else:
                stamp = f"{date}T{hh}:{mm}:{rng.randint(0, 59):02d}{off}"
            seq = next(specimen_seq)
            spec = f"{site}{date[2:4]}-{seq:05d}"
            hct, rbc = red_cells(hgb, mcv, p["mchc"])
            anc_num = extra["wbc"] * extra["neut_pct"] / 100 if anc is None else anc
            wbc = extra.get("wbc") or (anc_num + alc + other_white_cells(anc_num))
            units = SITE[site]
            values = {
                "wbc": f2(wbc),
                "rbc": f2(rbc),
                "hgb": extra.get("hgb_cell") or (f1(hgb) if site == "A" else str(round(hgb * 10))),
                "hct": f1(hct) if site == "A" else f"{hct / 100:.3f}",
                "mcv": f"{mcv:.0f}" if site == "B" else f1(mcv),
                "plt": extra.get("plt_cell") or (str(plt) if site == "A" else str(plt * 1000)),
                "alc": f2(alc),
            }
            if anc is not None:
                values["anc"] = extra.get("anc_cell") or f2(anc)
            if "neut_pct" in extra:
                values["neut_pct"] = str(extra["neut_pct"])
            if retic is not None:
                values["retic"] = str(retic)
            order = ["wbc", "rbc", "hgb", "hct", "mcv", "plt", "neut_pct", "anc", "alc", "retic"]
            for key in order:
                if key in values:
                    code, label, unit = units[key]
                    rows.append(who + [spec, stamp, code, label, values[key], unit])
            for test, value in extra.get("chem", {}).items():
                code, label, unit = CHEMISTRY[test]
                chem_spec = f"{site}{date[2:4]}-{seq:05d}C"
                rows.append(who + [chem_spec, stamp, code, label, value, unit])
    return rows


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

def csv_text(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Self-check: the input contract of DESIGN.md, re-implemented independently
# ---------------------------------------------------------------------------

def norm_name(h: str) -> str:
    return re.sub(r"[\s_\-]+", " ", h.strip().lower()).strip()


WIDE_ALIASES = {
    "patient": ["patient_id", "patient", "mrn", "subject_id"],
    "name": ["name", "patient_name"],
    "sex": ["sex"],
    "birth": ["birth_date", "dob"],
    "time": ["collected_at", "date", "datetime", "collection_time", "charttime"],
    "wbc": ["wbc", "leukocytes"],
    "rbc": ["rbc", "erythrocytes"],
    "hgb": ["hgb", "hb", "hemoglobin", "haemoglobin"],
    "hct": ["hct", "hematocrit", "haematocrit"],
    "mcv": ["mcv"],
    "plt": ["plt", "platelets"],
    "anc": ["anc", "neutrophils"],
    "alc": ["alc", "lymphocytes"],
    "retic": ["retic", "reticulocytes"],
}
NEEDS_UNIT = {"neutrophils", "lymphocytes", "retic", "reticulocytes"}
LONG_ONLY = {
    "test": ["test", "analyte", "code", "loinc", "itemid"],
    "value": ["value"],
    "unit": ["unit", "units", "valueuom"],
    "specimen": ["specimen_id", "encounter"],
}
READ_PAST = {"test_name"}  # extra columns this generator writes on purpose

UNIT_KIND = {}
for u in ["10^9/l", "10^3/ul", "k/ul", "thou/ul"]:
    UNIT_KIND[u] = ("count", Decimal(1))
for u in ["/ul", "#/ul", "/mm3"]:
    UNIT_KIND[u] = ("count", Decimal("0.001"))
for u in ["10^12/l", "10^6/ul", "m/ul"]:
    UNIT_KIND[u] = ("red", Decimal(1))
UNIT_KIND.update({
    "g/dl": ("hgb", Decimal(1)), "g/l": ("hgb", Decimal("0.1")),
    "mmol/l": ("hgb", Decimal("1.611")), "%": ("pct", Decimal(1)),
    "l/l": ("pct", Decimal(100)), "fl": ("mcv", Decimal(1)),
})
ANALYTE_KIND = {"wbc": "count", "plt": "count", "anc": "count", "alc": "count",
                "retic": "count", "rbc": "red", "hgb": "hgb", "hct": "pct", "mcv": "mcv"}
CANONICAL_UNIT = {"count": "10^9/l", "red": "10^12/l", "hgb": "g/dl", "pct": "%", "mcv": "fl"}


def norm_unit(u: str) -> str:
    s = u.strip().lower().replace("µ", "u").replace("μ", "u").replace(" ", "").replace("*", "^")
    return s[1:] if s.startswith("x") else s


LOINC = {
    "6690-2": "wbc", "789-8": "rbc", "718-7": "hgb", "4544-3": "hct", "20570-8": "hct",
    "787-2": "mcv", "777-3": "plt", "26515-7": "plt", "751-8": "anc", "26499-4": "anc",
    "731-0": "alc", "60474-4": "retic", "14196-0": "retic",
}
LOINC_PCT = {"770-8": "anc", "17849-1": "retic", "4679-7": "retic"}

TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$")


def parse_time(text: str) -> dt.datetime:
    m = TIME_RE.match(text)
    assert m, f"time not in an accepted format: {text!r}"
    y, mo, d, h, mi, s, off = m.groups()
    tz = dt.timezone.utc
    if off and off != "Z":
        sign = 1 if off[0] == "+" else -1
        tz = dt.timezone(sign * dt.timedelta(hours=int(off[1:3]), minutes=int(off[4:6])))
    return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tz)


def parse_cell(text: str):
    """None (not measured) or (qualifier, Decimal)."""
    t = text.strip()
    if t in ("", "NA", "N/A", "-"):
        return None
    qual = ""
    if t[0] in "<>":
        qual, t = t[0], t[1:]
    assert re.fullmatch(r"\d+(\.\d+)?", t), f"not a non-negative number: {text!r}"
    return qual, Decimal(t)


# Severity, clinical.md section 1 (strict <; censored values handled soundly).
CYTOPENIA = [("hgb", Decimal(10)), ("plt", Decimal(50)), ("anc", Decimal("1.5"))]
SEVERE = [("anc", Decimal("0.5")), ("plt", Decimal(20)), ("retic", Decimal(60))]
VERY_SEVERE_ANC = Decimal("0.2")
ORDER = ["none", "non-severe", "severe", "very-severe"]
ABBR = {"none": "-", "non-severe": "NS", "severe": "S", "very-severe": "VS"}


def below(v, cut) -> bool | None:
    """True/False/None (unknown) for 'value < cut'."""
    if v is None:
        return None
    q, x = v
    if q == "":
        return x < cut
    if q == "<":
        return True if x <= cut else None
    return False if x >= cut else None  # '>'


def category_of(values) -> str:
    cyt = sum(below(values.get(a), c) is True for a, c in CYTOPENIA)
    sev = sum(below(values.get(a), c) is True for a, c in SEVERE)
    if cyt < 2:
        return "none"
    if sev < 2:
        return "non-severe"
    return "very-severe" if below(values.get("anc"), VERY_SEVERE_ANC) is True else "severe"


CANDIDATES = {
    "hgb": [Decimal(8), Decimal(12)],
    "plt": [Decimal(5), Decimal(30), Decimal(200)],
    "anc": [Decimal("0.1"), Decimal("0.3"), Decimal(1), Decimal(3)],
    "retic": [Decimal(30), Decimal(80)],
}


def could_be(values) -> list[str]:
    """Higher categories some values of the missing/censored analytes produce."""
    base = ORDER.index(category_of(values))
    open_ = {}
    for a, cands in CANDIDATES.items():
        v = values.get(a)
        if v is None:
            open_[a] = cands
        elif v[0] == "<":
            open_[a] = [c for c in cands if c < v[1]] or [v[1] / 2]
        elif v[0] == ">":
            open_[a] = [c for c in cands if c > v[1]] or [v[1] * 2]
    found = set()
    for combo in itertools.product(*open_.values()):
        trial = dict(values)
        trial.update({a: ("", x) for a, x in zip(open_, combo)})
        k = ORDER.index(category_of(trial))
        if k > base:
            found.add(k)
    return [ORDER[k] for k in sorted(found)]


def check_header(header, long: bool):
    """Maps column index -> (role, unit factor or None); asserts every name is accepted."""
    roles = {}
    for i, raw in enumerate(header):
        m = re.fullmatch(r"\s*(.*?)\s*(?:[\(\[]\s*(.*?)\s*[\)\]])?\s*", raw)
        name, unit = norm_name(m.group(1)), m.group(2)
        role = None
        for r, names in WIDE_ALIASES.items():
            if name in {norm_name(n) for n in names}:
                role = r
        if long:
            for r, names in LONG_ONLY.items():
                if name in {norm_name(n) for n in names}:
                    role = r
        if role is None:
            assert long and name in {norm_name(n) for n in READ_PAST}, f"unknown column {raw!r}"
            roles[i] = ("other", None)
            continue
        if role in ANALYTE_KIND:
            if unit is None:
                assert name not in NEEDS_UNIT, f"column {raw!r} needs its unit"
                factor = Decimal(1)
            else:
                kind, factor = UNIT_KIND[norm_unit(unit)]
                assert kind == ANALYTE_KIND[role], f"unit {unit!r} does not fit {raw!r}"
            roles[i] = (role, factor)
        else:
            assert unit is None, f"unit on a non-analyte column {raw!r}"
            roles[i] = (role, None)
    present = {r for r, _ in roles.values()}
    assert {"patient", "time"} <= present, "patient and time columns are required"
    if long:
        assert {"test", "value", "unit"} <= present
    return roles


def convert(q_x, factor: Decimal, analyte: str):
    q, x = q_x
    value = x * factor
    limits = {"hct": Decimal(100)}
    assert value >= 0
    if analyte in limits:
        assert value <= limits[analyte], f"{analyte} {value} impossible"
    return q, value


def read_wide(path: Path):
    """{patient: {"info":..., "draws": {time_text: {analyte: (q, Decimal)}}}}"""
    patients = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        roles = check_header(header, long=False)
        for line, row in enumerate(reader, start=2):
            assert len(row) == len(header), f"{path.name}:{line}: field count"
            rec = {roles[i][0]: cell for i, cell in enumerate(row)}
            pid, t = rec["patient"].strip(), rec["time"].strip()
            assert pid and t, f"{path.name}:{line}: empty patient or time"
            when = parse_time(t)
            if rec.get("birth"):
                dt.date.fromisoformat(rec["birth"])
            p = patients.setdefault(pid, {"info": (rec.get("name"), rec.get("sex"), rec.get("birth")),
                                          "draws": {}})
            assert p["info"] == (rec.get("name"), rec.get("sex"), rec.get("birth")), \
                f"{path.name}:{line}: patient details differ between rows"
            draw = p["draws"].setdefault(when, {})
            for i, cell in enumerate(row):
                role, factor = roles[i]
                if factor is None:
                    continue
                v = parse_cell(cell)
                if v is None:
                    continue
                v = convert(v, factor, role)
                assert draw.get(role, v) == v, f"{path.name}:{line}: conflict on {role}"
                draw[role] = v
    return patients


def read_long(path: Path):
    patients = {}
    ignored = 0
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        roles = check_header(header, long=True)
        col = {role: i for i, (role, _) in enumerate(roles.values())}
        for line, row in enumerate(reader, start=2):
            assert len(row) == len(header), f"{path.name}:{line}: field count"
            get = lambda r: row[col[r]].strip() if r in col else ""  # noqa: E731
            pid, t = get("patient"), get("time")
            assert pid and t, f"{path.name}:{line}: empty patient or time"
            when = parse_time(t)
            code = get("test")
            if code in LOINC:
                analyte, kind = LOINC[code], None
            elif code in LOINC_PCT:
                analyte, kind = LOINC_PCT[code] + "_pct", "pct"
            else:
                ignored += 1
                continue
            unit = norm_unit(get("unit"))
            assert unit in UNIT_KIND, f"{path.name}:{line}: unknown unit {get('unit')!r}"
            ukind, factor = UNIT_KIND[unit]
            expected = kind or ANALYTE_KIND[analyte]
            assert ukind == expected, f"{path.name}:{line}: unit {unit} does not fit {analyte}"
            v = parse_cell(get("value"))
            assert v is not None, f"{path.name}:{line}: empty value"
            v = convert(v, factor, analyte)
            info = (get("name"), get("sex"), get("birth"))
            if info[2]:
                dt.date.fromisoformat(info[2])
            p = patients.setdefault(pid, {"info": info, "draws": {}})
            assert p["info"] == info, f"{path.name}:{line}: patient details differ between rows"
            draw = p["draws"].setdefault((when, get("specimen")), {})
            assert draw.get(analyte, v) == v, f"{path.name}:{line}: conflict on {analyte}"
            draw[analyte] = v
    # Neutrophil % -> ANC = WBC x % / 100 (derived) where no absolute count.
    for p in patients.values():
        for draw in p["draws"].values():
            if "anc_pct" in draw and "anc" not in draw:
                draw["anc"] = ("", draw["wbc"][1] * draw["anc_pct"][1] / 100)
    # Times merged across specimens for the per-patient view.
    for p in patients.values():
        p["draws"] = {when: d for (when, _), d in p["draws"].items()}
    return patients, ignored


def plausible(pid, when, d):
    """Canonical values inside what a human body produces, and WBC >= ANC + ALC."""
    ranges = {"wbc": (0.1, 60), "rbc": (1.0, 7.5), "hgb": (4, 20), "hct": (12, 60),
              "mcv": (55, 125), "plt": (1, 1000), "anc": (0.01, 30), "alc": (0.05, 10),
              "retic": (5, 300)}
    for a, (lo, hi) in ranges.items():
        if a in d and d[a][0] == "":
            x = float(d[a][1])
            assert lo <= x <= hi, f"{pid} {when}: {a} {x} implausible"
    if all(a in d and d[a][0] == "" for a in ("wbc", "anc", "alc")):
        assert d["wbc"][1] >= d["anc"][1] + d["alc"][1], f"{pid} {when}: WBC < ANC + ALC"
    if all(a in d for a in ("hgb", "hct", "rbc", "mcv")):
        mchc = float(d["hgb"][1] / d["hct"][1] * 100)
        mcv = float(d["hct"][1] * 10 / d["rbc"][1])
        assert 28 <= mchc <= 36, f"{pid} {when}: MCHC {mchc:.1f}"
        assert abs(mcv - float(d["mcv"][1])) < 2.5, f"{pid} {when}: MCV vs Hct/RBC {mcv:.1f}"


def course(patients):
    out = {}
    for pid in sorted(patients):
        draws = sorted(patients[pid]["draws"].items())
        seq = []
        for when, d in draws:
            plausible(pid, when, d)
            seq.append((when, category_of(d), could_be(d), d))
        out[pid] = seq
    return out


def show(courses, title):
    print(f"== {title}")
    for pid, seq in courses.items():
        first, last = seq[0][0], seq[-1][0]
        cats = " ".join(ABBR[c] + ("?" if cb else "") for _, c, cb, _ in seq)
        print(f"{pid}: {len(seq)} draws, {first.date()} .. {last.date()}  [{cats}]")


def first_date(seq, pred):
    for when, cat, _, d in seq:
        if pred(cat, d):
            return when.date()
    return None


def assert_stories(wide, long):
    """The clinical stories the README tells, checked on the files as written."""
    def cats(seq):
        return [c for _, c, _, _ in seq]

    def val(d, a):
        return d[a][1] if a in d else None

    aa = wide["P001"]
    c = cats(aa)
    assert len(aa) >= 20 and (aa[-1][0] - aa[0][0]).days >= 365
    assert c.index("non-severe") < c.index("severe") < c.index("very-severe")
    assert c[-1] == "non-severe" and c[0] == "none"
    assert sum("anc" in d for *_, d in aa) >= 0.8 * len(aa)
    assert sum("retic" in d for *_, d in aa) >= 0.75 * len(aa)
    assert all(val(d, "retic") < 60 for *_, d in aa[2:18] if "retic" in d)
    last_vs = max(i for i, x in enumerate(c) if x == "very-severe")
    assert (aa[-1][0] - aa[last_vs][0]).days >= 300  # recovery over months, not weeks

    fa = wide["P002"]
    age0 = (fa[0][0].date() - dt.date(2012, 8, 21)).days / 365.25
    assert 5.5 <= age0 <= 6.5 and (fa[-1][0] - fa[0][0]).days >= 6 * 365
    mcv100 = first_date(fa, lambda _, d: val(d, "mcv") >= 100)
    plt50 = first_date(fa, lambda _, d: val(d, "plt") < 50)
    anc15 = first_date(fa, lambda _, d: val(d, "anc") < Decimal("1.5"))
    hgb10 = first_date(fa, lambda _, d: val(d, "hgb") < 10)
    assert mcv100 < plt50 < anc15 < hgb10
    assert cats(fa)[-1] in ("non-severe", "severe")

    ida = wide["P003"]
    assert all(c == "none" for c in cats(ida))
    assert all(val(d, "plt") >= 150 for *_, d in ida)
    assert val(ida[1][3], "mcv") < 78 and val(ida[-1][3], "hgb") >= 12

    itp = wide["P004"]
    assert all(c == "none" for c in cats(itp))
    assert all(5 <= val(d, "plt") <= 80 for *_, d in itp)
    assert all(val(d, "anc") >= Decimal("1.5") and val(d, "hgb") >= 13.5 for *_, d in itp)

    chemo = wide["P005"]
    nadirs = [val(d, "anc") for *_, d in chemo if val(d, "anc") < Decimal("0.5")]
    assert len(nadirs) >= 3
    for day21 in ("2025-01-27", "2025-02-17", "2025-03-10"):
        d = next(d for w, *_, d in chemo if str(w.date()) == day21)
        assert val(d, "anc") > Decimal("1.5")
    assert all(c == "none" for c in cats(wide["P006"]))
    assert all(c == "none" for c in cats(wide["P007"]))
    assert all(c == "none" for c in cats(wide["P008"]))

    h = long["H702311"]
    assert "severe" in cats(h) and "very-severe" not in cats(h)
    assert cats(long["H703884"]).count("none") >= 6
    assert all(c == "none" for c in cats(long["H704159"]))


def self_check():
    wide = course(read_wide(WIDE))
    long_patients, ignored = read_long(LONG)
    long = course(long_patients)
    assert not set(wide) & set(long), "patient ids collide between the files"
    show(wide, f"{WIDE.name}")
    show(long, f"{LONG.name} ({ignored} non-CBC rows ignored)")
    assert_stories(wide, long)
    print("self-check passed")
    return wide, long, ignored


# ---------------------------------------------------------------------------
# README (generated, so that its dates always match the files)
# ---------------------------------------------------------------------------

def timeline(seq) -> str:
    """'none (2023-06-19) -> non-severe (2024-03-04) -> ...' at each change."""
    parts, prev = [], None
    for when, cat, _, _ in seq:
        if cat != prev:
            parts.append(f"{cat} ({when.date()})")
            prev = cat
    return " → ".join(parts)


def readme(wide, long, ignored) -> str:
    def rows_of(path):
        return sum(1 for _ in path.open(encoding="utf-8")) - 1

    def fd(seq, pred):
        return first_date(seq, pred)

    def v(d, a):
        return d[a][1] if a in d else None

    aa, fa, ida, itp, ch = (wide[k] for k in ("P001", "P002", "P003", "P004", "P005"))
    h1, h2, h3 = (long[k] for k in ("H702311", "H703884", "H704159"))

    def span(seq):
        return f"{len(seq)} draws, {seq[0][0].date()} to {seq[-1][0].date()}"

    text = f"""# hemotrend sample data

**All data here are synthetic.** The patients, names, identifiers and values
were invented to show realistic courses; none comes from a real person.
`python3 tools/make_sample_data.py` regenerates every file in this folder
byte-identically (a fixed random seed adds analyser-like variation) and ends
with a self-check that re-reads both CSV files, validates them against the
input contract of `DESIGN.md`, and prints each patient's severity course.

Severity below means the blood-count categories of `clinical.md` §1 (strict
`<`; cytopenia criteria Hb < 10 g/dL, platelets < 50, ANC < 1.5; severe
criteria ANC < 0.5, platelets < 20, reticulocytes < 60 ×10^9/L). Blood counts
alone never establish aplastic anemia: the marrow is not in these files.
Reference limits follow the age at each draw where the birth date is given
(`clinical.md` §2a, from newborn to 18 years; adult limits from 18): the
child P002 and the infant P008 are judged by the limits for their age.

## `cbc-wide.csv` — one row per blood draw ({rows_of(WIDE)} rows, {len(wide)} patients)

Header: `{','.join(WIDE_HEADER)}`.
Canonical units throughout (WBC, platelets, ANC, ALC ×10^9/L; RBC ×10^12/L;
Hb g/dL; Hct %; MCV fL); the reticulocyte column names its unit, as hemotrend
requires. Times are local clinic times `YYYY-MM-DDTHH:MM` without an offset.
Sex is `M`, `F`, or empty (unknown). Empty cells were not measured
(reticulocytes are not ordered with every count; ALC is missing where no
differential was reported). Censored results: platelets `<5` and ANC `<0.1`
on 2024-04-05 (P001, the very-severe nadir).

## `cbc-long.csv` — one row per observation ({rows_of(LONG)} rows, {len(long)} patients)

Header: `{','.join(LONG_HEADER)}` — a lab-system export. Tests are LOINC codes
(`test_name` is read past); `specimen_id` groups a draw's observations;
sex is written `female` / `male`. Site B's UTC times read two hours early
against local clinic time in summer, one hour in winter.
Two laboratories with different conventions:

| | site A (hospital lab) | site B (outreach lab) |
|---|---|---|
| time | local with offset, `+01:00` / `+02:00` across the daylight-saving change | UTC, `Z` |
| WBC 6690-2 | `10*3/uL` | `K/uL` |
| RBC 789-8 | `10*6/uL` | `M/uL` |
| Hb 718-7 | `g/dL` | `g/L` (e.g. `97` = 9.7 g/dL) |
| Hct | 4544-3, `%` | 20570-8, `L/L` (e.g. `0.291` = 29.1 %) |
| MCV 787-2 | `fL` | `fL` |
| platelets | 777-3, `10*3/uL` | 26515-7, `/uL` (e.g. `41000` = 41) |
| ANC | 751-8, `10*3/uL` | 26499-4, `K/uL` |
| ALC 731-0 | `10*3/uL` | `K/uL` |
| reticulocytes (absolute) | 60474-4, `10*9/L` | 14196-0, `10*3/uL` |

{ignored} rows are chemistry (glucose 2345-7, creatinine 2160-0, in `mg/dL`,
on their own serum specimen `…C`) that hemotrend counts as ignored. Two rows
give the neutrophil percentage (770-8, `%`) instead of an absolute count
(H704159 on 2024-05-14 and 2025-05-13): ANC is then derived, WBC × % / 100.
Platelets `<10000` /µL (H702311, 2025-02-08) is a censored value in a
per-µL unit: below 10 ×10^9/L.

## `events.csv` — treatments and transfusions ({len(EVENT_ROWS)} rows)

Header: `patient_id,at,event,units,note` — an events file, told apart from the
lab files by its `event` column. P001: red-cell transfusions (2 units) to hold
Hb about 8 and platelet transfusions below 10 while severe, hATG + ciclosporin
on 2024-04-02, the last red cells on 2024-06-14 (so her hemoglobin is marked
"after transfusion" until 2024-08-09 and she is transfusion independent at 6
and 12 months). P005: day 1 of each chemotherapy cycle. H702311: hATG +
ciclosporin with eltrombopag from 2025-01-14. Where a draw and a transfusion
share a day, the transfusion is timed after the draw.

## Values exactly at a cut-off

A value equal to a cut-off does not meet the strict `<`:

| file | patient, draw | value | canonical | effect |
|---|---|---|---|---|
| cbc-wide.csv | P002, 2023-04-17 | ANC `1.50` | 1.5 | not < 1.5: one cytopenia only (platelets 46), so `none`; at 1.49 it would read `non-severe` |
| cbc-long.csv | H702311, 2024-12-19 | platelets `20000` /uL | 20 | not < 20: only reticulocytes meet a severe criterion, so `non-severe`, not `severe` |
| cbc-long.csv | H702311, 2025-01-28 | ANC `0.20` 10*3/uL | 0.2 | not < 0.2: `severe`, not `very-severe` |
| cbc-long.csv | H703884, 2025-03-07 | hemoglobin `100` g/L | 10.0 g/dL | not < 10: one cytopenia only (ANC 0.18), so `none`; at 99 g/L it would read `non-severe` |

## The patients

**P001 Alder, Maren (F, born 1986) — acquired aplastic anemia; {span(aa)}.**
Normal counts at an occupational check in 2023. In February 2024 bruising and
fatigue: all three lines fall over weeks, with the MCV mildly raised and
reticulocytes below 60 at every measured draw before {fd(aa, lambda _, d: v(d, 'retic') is not None and v(d, 'retic') >= 60 and _ != 'none')}.
ANC falls below 1.5 on {fd(aa, lambda _, d: v(d, 'anc') < Decimal('1.5'))}; Hb below 10 and platelets below 50
on {fd(aa, lambda c, _: c == 'non-severe')} (non-severe); platelets below 20 on {fd(aa, lambda c, _: c == 'severe')}
(severe); ANC below 0.2 on {fd(aa, lambda c, _: c == 'very-severe')} (very severe). Red cells are transfused
to hold Hb about 8, platelets as needed. Horse ATG with ciclosporin starts on 2024-04-02; the lymphocyte
count collapses after ATG and recovers over months. The nadir, on 2024-04-05,
is censored (`<5` platelets, `<0.1` ANC). Recovery is slow and partial: ANC back
above 0.2 on {fd(aa[12:], lambda c, _: c == 'severe')}, above 0.5 on {fd(aa[10:], lambda _, d: v(d, 'anc') >= Decimal('0.5'))}, no longer meeting severe
criteria from {fd(aa[10:], lambda c, _: c == 'non-severe')}, transfusion-independent from August, and a year
after treatment ANC 1.1–1.3, platelets 40s, Hb about 10.8 — still `non-severe`
(platelets < 50 and ANC < 1.5), not normal.
Course: {timeline(aa)}.

**P002 Birch, Tomas (M, born 2012-08-21) — Fanconi anemia; {span(fa)}, from age 6.**
Draws every 3–6 months over nearly seven years. The MCV rises first (94 fL
at age 6, ≥ 100 from {fd(fa, lambda _, d: v(d, 'mcv') >= 100)}, then 105–110) while the counts are normal;
platelets drift below 150 from {fd(fa, lambda _, d: v(d, 'plt') < 150)} and below 50 on {fd(fa, lambda _, d: v(d, 'plt') < 50)}; ANC
falls below 1.5 on {fd(fa, lambda _, d: v(d, 'anc') < Decimal('1.5'))} (non-severe from then: two cytopenias;
on 2023-04-17 ANC is exactly 1.50); hemoglobin, the last line to fall,
is below 10 from {fd(fa, lambda _, d: v(d, 'hgb') < 10)}. Platelets below 20 with low reticulocytes make
the last draws `severe` from {fd(fa, lambda c, _: c == 'severe')}, at age 12.
Course: {timeline(fa)}.

**P003 Cedar, Ilse (F, born 1990) — iron-deficiency anemia; {span(ida)}.**
Heavy menstrual bleeding: Hb 10.9 falling to 8.6 g/dL with MCV 68 fL
(hypochromic, microcytic) and reactive thrombocytosis (platelets 547–588,
flagged high); white cells normal. Oral iron from 2024-09-02: a reticulocyte
response at 10 days (118), then Hb and MCV rise over four months (Hb 12.1,
MCV 79 by December; normal by February 2025) while the platelets settle. Only one line is low, so the
category stays `none` throughout.

**P004 Dunmore, Oskar (M, born 1971) — immune thrombocytopenia; {span(itp)}.**
Platelets alone are low and fluctuate between 6 and 78: 12 at presentation
(dexamethasone: the ANC rises briefly to 6.9), a response to 78, relapse to 19
and 6 in May 2024 (IVIG: a transient rise to 64), then a thrombopoietin-receptor
agonist holding them in the 40s–70s. Hemoglobin, ANC and lymphocytes stay
normal. On 2024-01-29 and 2024-05-10 platelets < 20 and reticulocytes < 60
meet two severe criteria, yet with a single cytopenia the category stays
`none` — the pancytopenia gate of clinical.md §1.

**P005 Elmsworth, Juno (F, born 1961) — adjuvant chemotherapy, 21-day cycles; {span(ch)}.**
Cycles start 2025-01-06, 2025-01-27 and 2025-02-17 (draws on days 0, 7,
10–11, 14 and 21). ANC nadirs 0.42, 0.24 and 0.31 on days 10–11, back above
1.5 by each day 21 (2.87, 2.06, 2.41); platelets dip less (nadirs 158, 131,
119, never < 50); hemoglobin drifts down from 13.1 to 9.7 g/dL. No
reticulocytes are measured. Cycle 3's nadir (2025-02-27, Hb 9.9, ANC 0.31)
and day 14 (2025-03-03) are `non-severe` — Hb and ANC below their cut-offs; with
reticulocytes missing the nadir could be `severe`. Course: {timeline(ch)}.

**P006 Fairweather, Odo (M, born 1979) — healthy control; {span(wide['P006'])}.**
Yearly checks with normal counts; category `none`.

**P007 Greyling, Sasha (sex not recorded, born 2000) — sex-unknown limits; {span(wide['P007'])}.**
Normal for a woman, but with sex unknown hemotrend uses the male lower limits:
Hb 12.8–13.1 (< 13.5), Hct about 38–39 % (< 41) and RBC about 4.2–4.4 (< 4.5)
are flagged low, and the screen says why. Category `none`.

**P008 Hale, Ruby (F, born 2023-03-10) — a healthy child; {span(wide['P008'])}.**
Counts normal for the age at every draw, though adult limits would flag
them: at day 14 MCV 104 fL, WBC about 11 and ALC 6.2 (adult: high); at 3
months Hb 10.6 g/dL (adult women: low); at 18 months MCV 76 fL (adult: low)
and ALC 5.1 (adult: high). hemotrend names the band in force ("ref 9.5–13.5
for 3–6 mo"). Category `none`.

**H702311 Hollins, Petra (female, born 1957) — aplastic anemia, severe but not very severe; {span(h1)} (long file).**
Referred from the outreach lab (site B) with three cytopenias and low
reticulocytes (`non-severe`); worsens over two months to `severe` on {fd(h1, lambda c, _: c == 'severe')}.
Horse ATG, ciclosporin and eltrombopag start on 2025-01-14. The nadir ANC is exactly 0.20
(2025-01-28), so never very severe; platelets `<10000` /µL on 2025-02-08. The
2024-12-19 draw has platelets exactly `20000` /µL, which keeps it `non-severe`.
Partial recovery over seven months: `non-severe` from {fd(h1[7:], lambda c, _: c == 'non-severe')}, and on
2025-08-19 only the ANC (1.31) remains below its cut-off (`none`).
Course: {timeline(h1)}.

**H703884 Ingram, Rafe (male, born 1966) — lymphoma, R-CHOP every 21 days; {span(h2)} (long file).**
Cycles start 2025-02-03 and 2025-02-24; the day-10/11 counts are drawn at the
outreach lab (site B). ANC nadirs 0.38 and 0.18 (ANC < 0.2 alone is not very severe),
back above 1.5 on day 21 of each cycle; lymphocytes low during treatment; platelets dip to
96 (not < 50); hemoglobin drifts down from 13.4 to 9.8 g/dL. Cycle 2's nadir
has hemoglobin exactly `100` g/L: `none`. Day 14 of cycle 2 (Hb 9.8, ANC 0.61) is `non-severe`.
Chemistry rows (glucose, creatinine) on treatment days are ignored.
Course: {timeline(h2)}.

**H704159 Juniper, Wren (female, born 1988) — healthy control; {span(h3)} (long file).**
Yearly counts at the outreach lab; 2024 and 2025 report the neutrophil
percentage (58 %, 61 %) rather than the absolute count (ANC derived 3.71 and
3.60). Category `none`.
"""
    return text


def main():
    OUT.mkdir(exist_ok=True)
    WIDE.write_text(csv_text(WIDE_HEADER, wide_rows()), encoding="utf-8", newline="")
    LONG.write_text(csv_text(LONG_HEADER, long_rows()), encoding="utf-8", newline="")
    wide, long, ignored = self_check()
    EVENTS.write_text(csv_text(EVENTS_HEADER, EVENT_ROWS), encoding="utf-8", newline="")
    README.write_text(readme(wide, long, ignored), encoding="utf-8", newline="")
    for path in (WIDE, LONG, EVENTS, README):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    sys.exit(main())
