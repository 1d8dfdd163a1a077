"""The model card written next to the weights by ``saywho train``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tagger import PARAMS
from .train import BARREN_AFTER

if TYPE_CHECKING:
    from .model import AttributionModel

_ROWS = (
    ("attribution F1", "attribution_precision", "attribution_recall", "attribution_f1"),
    ("content (partial) F1", "content_precision", "content_recall", "content_f1"),
    ("direct/mixed attribution F1", "dm_precision", "dm_recall", "dm_f1"),
)
_EXTRA = (
    ("content exact F1", "content_exact_f1"),
    ("source exact F1", "source_exact_f1"),
    ("precision without quotation marks", "unquoted_precision"),
)


_POLNEAR = """- The data is **PolNeAR v1.0.0** (Newell, Margolin and Ruths, *An Attribution Relations
  Corpus for Political News*, LREC 2018): US election coverage 2015-2016 from seven
  national publishers, attributions annotated as Source / Cue / Content in brat standoff.
  Its test split was not used.
- PolNeAR is distributed for research; cite the paper above when you use this model.
  The weights hold feature statistics (lemmas, dependency labels, counts), not article text.
"""


def render(model: AttributionModel) -> str:
    m = model.meta
    dev, rules = m.get("dev", {}), m.get("dev_rules", {})
    table = "\n".join(
        f"| {name} | {rules.get(p, 0):.1f} / {rules.get(r, 0):.1f} / **{rules.get(f, 0):.1f}** "
        f"| {dev.get(p, 0):.1f} / {dev.get(r, 0):.1f} / **{dev.get(f, 0):.1f}** |"
        for name, p, r, f in _ROWS
    )
    table += "\n" + "\n".join(f"| {name} | {rules.get(k, 0):.1f} | {dev.get(k, 0):.1f} |" for name, k in _EXTRA)
    top = sorted(model.weights.items(), key=lambda kv: -kv[1])
    best = ", ".join(f"`{k}` {v:+.2f}" for k, v in top[:8])
    worst = ", ".join(f"`{k}` {v:+.2f}" for k, v in top[-8:][::-1])
    tagger = (
        f"{len(model.tagger.attributes)} weighted features" if model.tagger is not None else "not used by this model"
    )
    return f"""# saywho attribution model

A logistic regression that decides which proposed attributions to keep, over features
that include a token tagger's (a CRF's) view of each sentence, with isotonic
calibration, trained by `saywho train`. Rebuild it with:

```
saywho train --train {m.get("trained_on", "TRAIN")} --dev {m.get("tuned_on", "DEV")} --out {m.get("out", "OUT")}
```

## Training data and its terms

- Trained on `{m.get("trained_on")}` ({m.get("train_articles")} articles,
  {m.get("train_attributions")} attributions; the first annotator's file per article);
  regularisation and threshold tuned on `{m.get("tuned_on")}` ({m.get("dev_articles")} articles).
{_POLNEAR if "polnear" in str(m.get("trained_on", "")).lower() else ""}
## What it does

1. Candidates: the rule detectors (quotation marks with the cue or the signature
   beside them, cue verbs with clauses, "according to", headline forms) plus every word whose lemma headed at least two gold
   cues in train, and at least 1% of its occurrences ({len(model.grammar.cue_lemmas)} lemmas), followed along the
   {len(model.grammar.content_paths)} dependency paths that linked a cue to its content
   head at least five times, less {len(model.grammar.barren)} cue–path pairs whose {BARREN_AFTER} or
   more proposals in train were all wrong; the source is found along the
   {len(model.grammar.source_paths)} learned cue→source paths. Each quote is also tried
   continued over the next one to three quotations after its cue ('"…," said X, a
   senator. "…"'), each reading a candidate of its own.
2. A token tagger ({tagger}): a linear-chain CRF (trained by python-crfsuite, L1 {PARAMS["c1"]}, L2
   {PARAMS["c2"]}, {PARAMS["max_iterations"]} iterations; its marginals computed by saywho with
   numpy, all sentences of an article at once) that labels every word of every
   sentence as outside, content, source or cue, from the word, its lemma, tags and
   dependency label, its head, inside quotation marks or not, and its neighbours. Its
   marginal probabilities become candidate features: how content-like the content's words
   are (mean, least, first, last), how content-like the words just outside it, how
   source-like the source and cue-like the cue. On train each article gets them from a
   tagger fitted on the half of train without it, so they are as unsure as on new text.
3. Features ({m.get("features")} with non-zero weight): the cue lemma, its tag and
   dependency label, the path to the content, lemma × path, the rule that proposed it,
   quotation marks around or inside the content (direct / mixed / indirect), content
   length, the content's first word and head, whether the cue sits inside a quotation,
   negation, passive voice, the kind of source (pronoun, named entity type, none) and
   its path, headline lines, whether the cue lies inside words the rules already
   attribute to someone, the share of the cue lemma's occurrences in train that were
   cues, whether a clause content has a subject of its own, what the cue hangs from
   (a participle under a verb of saying sets the scene for that verb's attribution),
   and for a continued quote what lies between its pieces
   (same sentence, next sentence, new paragraph; how many words; a comma); a quotation
   with a cue of its own, or a verb of saying before it, ends a continuation.
4. A logistic regression (liblinear, C={m.get("C")}, seed {m.get("seed")}) scores each
   candidate; overlapping candidates are resolved greedily by score (one attribution
   per stretch of text, as PolNeAR annotates); kept attributions below the
   threshold {m.get("threshold")} are dropped (content without quotation marks needs
   {m.get("unquoted_threshold")}: the pair with the best dev attribution F1 among those
   giving such content at least 75% precision), and indirect or mixed readings kept for
   one cue are joined into one attribution ("condemned [the test] as [a grave threat]").
   In training, of the readings of one proposal only those closest to the gold
   content count as right, so the model learns which extent to prefer.
5. Boundaries ({len(model.bounds.weights)} features): a second logistic model looks
   again at where each kept content (unless it is a whole quotation) and each source
   starts and ends. Its options are the words up to six either side in the same sentence
   and the edges of the head's subtree and of its children's (a source's appositive or
   relative clause), never reaching into the cue, the other span or another
   attribution; the best scored option wins. It is trained on what the decision model
   outputs on train, with the annotators' boundary as the right option; the tagger's
   marginals at and just outside each option are among its features.
6. Calibration: isotonic regression fitted on 5-fold out-of-fold outputs over train,
   so `confidence` is the probability that the attribution is right (content matched
   with Dice ≥ 0.5 and the source sharing a token with the gold source); then a second
   isotonic map fitted on the out-of-fold attributions as output (after joining, the
   second threshold and the boundaries), since those steps change which are right.

Strongest positive features: {best}.
Strongest negative features: {worst}.

## Dev metrics (PolNeAR dev, `saywho evaluate` metrics; P / R / F1)

| metric | rules only | this model |
|---|---|---|
{table}

## Calibration

Expected calibration error on dev (10 equal-width bins): {m.get("ece_dev_kept")} over the
attributions the model outputs at its thresholds (after joining and boundaries),
{m.get("ece_dev_all_outputs")} over all decided attributions before the threshold.

## Known failure modes

- Recall is bounded by the candidates: an attribution whose cue lemma was rarely a cue
  in train, or whose content is linked to the cue by an unusual parse, is never
  proposed. The small spaCy parser's errors (wrong clause attachment in long sentences)
  become span errors.
- Content that runs over several sentences without quotation marks is cut at the
  sentence the cue is in.
- Sources are the nearest syntactic subject or agent (for a quote, the speaker next
  to its cue when the parse put the subject inside the quote); they are right far
  less often for nominal cues ("her support for …") and for passives.
- Beliefs, intentions and evaluations ("hopes of", "endorsed", "is seen as") are the
  long tail: many are proposed but scored below the threshold, the main loss of recall.
- Trained on US political news of 2015-2016: other genres, other varieties of English
  and other topics will score lower; the confidence is calibrated on this data only.

Trained in {m.get("train_seconds")} s with saywho {m.get("saywho")}, spaCy model
`{m.get("spacy_model")}`, Python {m.get("python")}.
"""
