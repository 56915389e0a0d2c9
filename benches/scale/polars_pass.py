"""The comparisons the scale issues name, in polars.

    polars_pass.py FILE                  read_csv + group_by + sort (a wide file)
    polars_pass.py FILE --mimic IDS      scan_csv + filter on the CBC itemids
                                         + group_by(subject_id) + sort (MIMIC)

Run by the scale benchmark when python3 can import polars (pip install polars);
POLARS_MAX_THREADS=2 matches this machine's cores.
"""
import sys

import polars as pl


def wide(path):
    frame = pl.read_csv(path, infer_schema_length=10000)
    return (
        frame.group_by("patient_id")
        .agg(
            pl.len(),
            pl.col("collected_at").min().alias("first"),
            pl.col("collected_at").max().alias("last"),
            pl.col("plt").last(),
        )
        .sort("patient_id")
    )


def mimic(path, itemids):
    # Every column as text but the two the query needs: a researcher's
    # first scan, and no inference over mixed columns.
    return (
        pl.scan_csv(
            path,
            schema_overrides={"subject_id": pl.Int64, "itemid": pl.Int64},
            infer_schema=False,
        )
        .filter(pl.col("itemid").is_in(itemids))
        .group_by("subject_id")
        .agg(
            pl.len(),
            pl.col("charttime").min().alias("first"),
            pl.col("charttime").max().alias("last"),
            pl.col("valuenum").last(),
        )
        .sort("subject_id")
        .collect()
    )


def main():
    path = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--mimic":
        itemids = [int(item) for item in sys.argv[3].split(",")]
        print(len(mimic(path, itemids)))
    else:
        print(len(wide(path)))


if __name__ == "__main__":
    main()
