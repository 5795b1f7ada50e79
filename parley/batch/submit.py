"""`parley batch` as spark-submit's application file, for a cluster (see docs/design.md, "Batch extraction
on Spark"):

    spark-submit --master yarn --archives parley-env.tar.gz#env \
        --conf spark.pyspark.python=./env/bin/python \
        "$(python -c 'import parley.batch.submit as s; print(s.__file__)')" /shared/archive --out /shared/out

The arguments are those of `parley batch` (without --master: spark-submit's is used).
"""

from __future__ import annotations

import sys

from parley.cli import main

if __name__ == "__main__":
    main(["batch", *sys.argv[1:]])
