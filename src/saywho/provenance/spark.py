"""``saywho spark-utterances``: link the quotes of a ``spark-extract`` output on Spark.

The same decisions as the store, distributed: each quote's words and 3-gram hashes
(:mod:`saywho.provenance.text`) are computed in the executors, candidate pairs come
from a join on shared 3-grams (no driver-side loop over quotes), pairs are verified by
the same :func:`~saywho.provenance.text.same_words`, components are found by repeated
min-label propagation over the verified pairs (one Spark job per round), and each
component is grouped by the same pure :func:`~saywho.provenance.group.group`.

Writes ``OUTPUT/utterances/`` (one row per linked quote: article_id, quote_id, pos,
utterance_id, component, conflict) and ``OUTPUT/utterance_edges/`` (the verified
pairs), which ``saywho load`` brings into a store. Speakers: Spark has no corpus-wide
canonical speakers, so a named speaker is keyed by its folded name (``unnamed`` and
``unknown`` types are unresolved); where the store's canonical speakers are those
names the utterances are the same.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from .group import Edge, Node, group, quote_key
from .text import MIN_SHARED

UNRESOLVED_TYPES = ("unnamed", "unknown")
MAX_ROUNDS = 50
_QID = re.compile(r"^q(\d+)$")

UTTERANCE_FIELDS = (
    ("article_id", "string"), ("quote_id", "string"), ("pos", "int"), ("key", "string"),
    ("utterance_id", "string"), ("component", "string"), ("conflict", "boolean"),
)  # fmt: skip


def _edge_schema() -> Any:
    """utterance_edges/: the verified pairs (an Arrow schema, as saywho.spark writes its tables)."""
    import pyarrow as pa

    return pa.schema([("a", pa.string()), ("b", pa.string()), ("kind", pa.string()), ("score", pa.float64())])


def speaker_key(name: str | None, type_: str | None) -> str | None:
    """A resolved speaker as Spark can know it: the folded name (None when unresolved)."""
    from ..corpus.speakers import normalize

    if not name or not name.strip() or (type_ or "") in UNRESOLVED_TYPES:
        return None
    return "name:" + normalize(name, "person")


def _prepare(batches: Iterator[Any]) -> Iterator[Any]:
    """quotes rows → (key, article_id, quote_id, pos, words, ntok, speaker, shingles)."""
    from ..store._utterances import linked_text
    from .text import linkable, plain, shingles, tokens

    for pdf in batches:
        out: dict[str, list[Any]] = {
            k: [] for k in ("key", "article_id", "quote_id", "pos", "words", "ntok", "speaker", "shingles")
        }
        for aid, qid, pos, kind, content, name, type_ in zip(
            pdf["article_id"],
            pdf["quote_id"],
            pdf["pos"],
            pdf["kind"],
            pdf["content"],
            pdf["speaker_name"],
            pdf["speaker_type"],
            strict=True,
        ):
            toks = tokens(linked_text(kind, content or ""))
            if kind == "indirect" and not toks:
                continue
            out["key"].append(quote_key(aid, int(pos)))
            out["article_id"].append(aid)
            out["quote_id"].append(qid)
            out["pos"].append(int(pos))
            out["words"].append(" ".join(toks))
            out["ntok"].append(len(plain(toks)))
            out["speaker"].append(speaker_key(name, type_))
            out["shingles"].append(sorted(shingles(toks)) if linkable(toks) else [])
        import pandas as pd

        yield pd.DataFrame(out)


def _verify(batches: Iterator[Any]) -> Iterator[Any]:
    """candidate pairs → verified edges (the store's rule: link, or conflict between long quotes)."""
    import pandas as pd

    from .text import FRAGMENT, same_words

    for pdf in batches:
        rows: dict[str, list[Any]] = {"a": [], "b": [], "kind": [], "score": []}
        for a, b, wa, wb, na, nb, sa, sb in zip(
            pdf["a"], pdf["b"], pdf["wa"], pdf["wb"], pdf["na"], pdf["nb"], pdf["sa"], pdf["sb"], strict=True
        ):
            m = same_words(wa.split(), wb.split())
            if m is None:
                continue
            sa, sb = (x if isinstance(x, str) else None for x in (sa, sb))  # pandas may hand over NaN for null
            if sa is None or sb is None or sa == sb:
                kind = "link"
            elif min(na, nb) >= FRAGMENT:
                kind = "conflict"
            else:
                continue
            rows["a"].append(a)
            rows["b"].append(b)
            rows["kind"].append(kind)
            rows["score"].append(m.score)
        yield pd.DataFrame(rows)


def _group(nodes: Any, edges: Any) -> Any:
    """One component (cogrouped nodes and edges) → its quotes' utterance ids."""
    import pandas as pd

    assign, conflicted = group(
        [
            Node(k, int(n), s if isinstance(s, str) else None)
            for k, n, s in zip(nodes["key"], nodes["ntok"], nodes["speaker"], strict=True)
        ],
        [
            Edge(a, b, k, float(s))
            for a, b, k, s in zip(edges["a"], edges["b"], edges["kind"], edges["score"], strict=True)
        ],
    )
    keys = list(nodes["key"])
    comp = min(keys) if keys else ""
    return pd.DataFrame({"key": keys, "utterance_id": [assign[k] for k in keys], "component": [comp] * len(keys),
                         "conflict": [assign[k] in conflicted for k in keys]})  # fmt: skip


def link_quotes(quotes: Any) -> tuple[Any, Any]:
    """(utterances, edges) DataFrames for a ``quotes/`` DataFrame of a spark-extract output."""
    import pyarrow as pa
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from ..spark.schema import spark_schema

    pos = F.when(F.col("quote_id").rlike(_QID.pattern), F.regexp_extract("quote_id", _QID.pattern, 1).cast("int") - 1)
    numbered = quotes.withColumn("_order", F.monotonically_increasing_id())
    fallback = F.row_number().over(Window.partitionBy("article_id").orderBy("_order")) - 1
    q = numbered.withColumn("pos", F.coalesce(pos, fallback)).select(
        "article_id", "quote_id", "pos", "kind", "content", "speaker_name", "speaker_type"
    )
    prepared = pa.schema([
        ("key", pa.string()), ("article_id", pa.string()), ("quote_id", pa.string()), ("pos", pa.int32()),
        ("words", pa.string()), ("ntok", pa.int32()), ("speaker", pa.string()), ("shingles", pa.list_(pa.int64())),
    ])  # fmt: skip
    nodes = q.mapInPandas(_prepare, spark_schema(prepared)).cache()
    grams = nodes.select("key", F.explode("shingles").alias("g"))
    pairs = (
        grams.alias("x").join(grams.alias("y"), F.col("x.g") == F.col("y.g"))
        .where(F.col("x.key") < F.col("y.key"))
        .groupBy(F.col("x.key").alias("a"), F.col("y.key").alias("b")).agg(F.count(F.lit(1)).alias("shared"))
    )  # fmt: skip
    n = nodes.select("key", "words", "ntok", "speaker", F.size("shingles").alias("ng"))
    least = F.least(F.col("ga"), F.col("gb"))
    cand = (
        pairs.join(n.toDF("a", "wa", "na", "sa", "ga"), "a").join(n.toDF("b", "wb", "nb", "sb", "gb"), "b")
        .where(F.col("shared") >= F.greatest(F.lit(1), F.floor(F.lit(MIN_SHARED) * least)))  # enough_shared, as the store
        .select("a", "b", "wa", "wb", "na", "nb", "sa", "sb")
    )  # fmt: skip
    edges = cand.mapInPandas(_verify, spark_schema(_edge_schema())).cache()
    # components: min-label propagation until nothing changes (rounds, not quotes, on the driver)
    both = edges.select("a", "b").union(edges.select(F.col("b").alias("a"), F.col("a").alias("b")))
    labels = nodes.select("key", F.col("key").alias("label"))
    for _ in range(MAX_ROUNDS):
        moved = (
            both.join(labels.withColumnRenamed("key", "b"), "b").groupBy("a").agg(F.min("label").alias("m"))
            .withColumnRenamed("a", "key")
        )  # fmt: skip
        new = (
            labels.join(moved, "key", "left")
            .select("key", F.least("label", F.coalesce("m", "label")).alias("label"))
            .localCheckpoint()
        )
        changed = (
            new.join(labels.withColumnRenamed("label", "old"), "key")
            .where(F.col("label") != F.col("old"))
            .limit(1)
            .count()
        )
        labels = new
        if not changed:
            break
    else:  # pragma: no cover - a chain longer than MAX_ROUNDS quotes
        raise RuntimeError(f"components did not settle in {MAX_ROUNDS} rounds")
    comp_nodes = nodes.join(labels, "key").select("label", "key", "ntok", "speaker")
    comp_edges = edges.join(labels.withColumnRenamed("key", "a"), "a").select("label", "a", "b", "kind", "score")
    grouped = (
        comp_nodes.groupBy("label")
        .cogroup(comp_edges.groupBy("label"))
        .applyInPandas(_group, "key string, utterance_id string, component string, conflict boolean")
    )
    utterances = (
        nodes.select("key", "article_id", "quote_id", "pos")
        .join(grouped, "key")
        .select(*(name for name, _ in UTTERANCE_FIELDS))
    )
    return utterances, edges


def spark_utterances(output: str, master: str | None = None, *, overwrite: bool = False) -> dict[str, Any]:
    """Link ``OUTPUT/quotes/`` and write ``OUTPUT/utterances/`` and ``OUTPUT/utterance_edges/``.

    Returns ``{"path", "quotes", "utterances", "edges", "seconds"}``.
    """
    from pyspark.sql import SparkSession

    from ..spark.session import exists, spark_session

    started = time.perf_counter()
    own = SparkSession.getActiveSession() is None
    spark = spark_session(master)
    base = output.rstrip("/")
    try:
        if not exists(spark, f"{base}/quotes"):
            raise FileNotFoundError("no quotes/ Parquet (is it a spark-extract output?)")
        if not overwrite and exists(spark, f"{base}/utterances"):
            raise FileExistsError(f"{base}/utterances already exists")
        utterances, edges = link_quotes(spark.read.parquet(f"{base}/quotes"))
        mode = "overwrite" if overwrite else "errorifexists"
        utterances.write.mode(mode).parquet(f"{base}/utterances")
        edges.write.mode(mode).parquet(f"{base}/utterance_edges")
        written = spark.read.parquet(f"{base}/utterances")
        summary = {
            "path": f"{base}/utterances",
            "quotes": written.count(),
            "utterances": written.select("utterance_id").distinct().count(),
            "edges": spark.read.parquet(f"{base}/utterance_edges").count(),
        }
    finally:
        if own:
            spark.stop()
    return {**summary, "seconds": round(time.perf_counter() - started, 2)}
