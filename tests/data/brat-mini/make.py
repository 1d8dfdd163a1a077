"""Write tests/data/brat-mini: a tiny synthetic PolNeAR-style brat split (train/dev).

    python tests/data/brat-mini/make.py

Each article has a headline, annotated attributions (Source / Cue / Content and an
Attribution event, as in PolNeAR) and plain sentences; some of those are beliefs or
signs ("Critics fear the plan will fail.") that the rules propose but the gold leaves
out, so training sees wrong candidates too.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

# (name, headline, paragraphs); a paragraph is plain text or (sentence, source, cue, content)
# fmt: off
ARTICLES = {
    "train": [
        ("city_budget", "Council approves new budget", [
            ("\u201cWe will not cut the schools budget,\u201d Mayor Ana Ortiz said on Monday.", "Mayor Ana Ortiz", "said", "We will not cut the schools budget"),
            "The council met for three hours in the old town hall.",
            "Critics fear the plan will fail.",
            ("Council member Tom Reed said that the plan would raise taxes for families.", "Council member Tom Reed", "said", "the plan would raise taxes for families"),
            "Residents filled the room and the meeting ended late.",
            ("\u201cThis is a good day for the city,\u201d said Maria Lopez, the council president.", "Maria Lopez, the council president", "said", "This is a good day for the city"),
        ]),
        ("port_strike", "Dock workers walk out", [
            "About two thousand workers left the port on Tuesday morning.",
            ("Union leader Sam Hill told reporters that the strike would last a week.", "Union leader Sam Hill", "told", "the strike would last a week"),
            ("\u201cWe have waited long enough,\u201d Hill said.", "Hill", "said", "We have waited long enough"),
            "Ships queued outside the harbour and trucks stood still.",
            "Shop owners hope that the market will return next year.",
            ("The port authority said it would meet the union on Friday.", "The port authority", "said", "it would meet the union on Friday"),
        ]),
        ("school_lunch", "Schools change lunch menus", [
            ("\u201cChildren deserve fresh food,\u201d said Laura Chen, who runs the district kitchens.", "Laura Chen, who runs the district kitchens", "said", "Children deserve fresh food"),
            "The new menus start in September in all twelve schools.",
            ("Parents said that the prices were too high.", "Parents", "said", "the prices were too high"),
            "Each meal will cost three dollars.",
            "The sign on the kitchen door says \u201cStaff only\u201d.",
            ("\u201cWe listened to the families,\u201d Chen added.", "Chen", "added", "We listened to the families"),
        ]),
        ("river_flood", "River rises after storm", [
            "Heavy rain fell for two days across the valley.",
            ("\u201cThe water is still rising,\u201d fire chief Omar Diaz said late on Sunday.", "fire chief Omar Diaz", "said", "The water is still rising"),
            ("Diaz told residents that the bridge would stay closed.", "Diaz", "told", "the bridge would stay closed"),
            "Volunteers filled sandbags near the old mill.",
            "Farmers worry that the dry summer will hurt the harvest.",
            ("The weather service said more rain was expected on Wednesday.", "The weather service", "said", "more rain was expected on Wednesday"),
        ]),
    ],
    "dev": [
        ("bus_fares", "Bus fares to rise", [
            ("\u201cFares have not changed in ten years,\u201d transit director Ruth King said.", "transit director Ruth King", "said", "Fares have not changed in ten years"),
            "The new fares start in March.",
            "Some drivers think the new road is too narrow.",
            ("Riders told the board that the increase was unfair.", "Riders", "told", "the increase was unfair"),
        ]),
        ("library_hours", "Library extends hours", [
            "The central library will open on Sundays from next month.",
            "Neighbours expect that the works will finish soon.",
            ("\u201cPeople asked for this for years,\u201d said librarian Ben Ross.", "librarian Ben Ross", "said", "People asked for this for years"),
            ("Ross said that more staff would be hired.", "Ross", "said", "more staff would be hired"),
        ]),
    ],
}
# fmt: on


def write(split: str, name: str, headline: str, paras: list) -> None:
    text = headline + "\n\n"
    spans = []  # (source, cue, content) character ranges
    for para in paras:
        if isinstance(para, str):
            text += para + "\n\n"
            continue
        sentence, source, cue, content = para
        base = len(text)
        c = sentence.index(content)
        q = sentence.index(cue, c + len(content)) if sentence.find(cue, c + len(content)) != -1 else sentence.index(cue)
        s = sentence.index(source)
        spans.append(
            ((base + s, base + s + len(source)), (base + q, base + q + len(cue)), (base + c, base + c + len(content)))
        )
        text += sentence + "\n\n"
    text = text.rstrip("\n") + "\n"
    lines, t = [], 1
    for e, (src, cue, con) in enumerate(spans, 1):
        ids = {}
        for label, (a, b) in (("Source", src), ("Cue", cue), ("Content", con), ("Attribution", cue)):
            lines.append(f"T{t}\t{label} {a} {b}\t{text[a:b]}")
            ids[label] = f"T{t}"
            t += 1
        lines.append(
            f"E{e}\tAttribution:{ids['Attribution']} Content:{ids['Content']} Cue:{ids['Cue']} Source:{ids['Source']}"
        )
    (ROOT / split / "text").mkdir(parents=True, exist_ok=True)
    (ROOT / split / "attributions").mkdir(parents=True, exist_ok=True)
    (ROOT / split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (ROOT / split / "attributions" / f"{name}_synthetic.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


for split, arts in ARTICLES.items():
    for art in arts:
        write(split, *art)
