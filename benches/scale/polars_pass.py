"""The comparison the scale issue names: polars read_csv + group_by + sort.

Run by the scale benchmark when python3 can import polars (pip install polars);
POLARS_MAX_THREADS=2 matches this machine's cores.
"""
import sys

import polars as pl

frame = pl.read_csv(sys.argv[1], infer_schema_length=10000)
per_patient = (
    frame.group_by("patient_id")
    .agg(
        pl.len(),
        pl.col("collected_at").min().alias("first"),
        pl.col("collected_at").max().alias("last"),
        pl.col("plt").last(),
    )
    .sort("patient_id")
)
print(len(per_patient))
