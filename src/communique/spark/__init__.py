"""The same per-page pipeline on Apache Spark (optional extra: pyspark)."""
