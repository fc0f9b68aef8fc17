"""Render the marked sources (sources/NAME.md) to samples/heldout/NAME.txt and NAME.json.

A source is a JSON object (genre, year, header) on the lines before a line `---`, then the text
with the fact marks of samples/README.md, one paragraph a line (` // ` breaks a line inside one).
The output text joins paragraphs with a blank line, as `vanban read` prints a .txt; facts carry
exact `start`/`end` offsets into that NFC text.

Example:
    python3 samples/heldout/sources/render.py            # all sources
    python3 samples/heldout/sources/render.py sources/tin-luc-ngan-vai-thieu.md
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
KINDS = {"d": "date", "c": "count", "p": "percent", "o": "org", "r": "docref", "t": "task", "n": "person"}
# -- a source without an `annotated` list in its front matter was marked for the five first kinds only
FIRST_KINDS = ["date", "count", "percent", "org", "docref"]
NUM = re.compile(r"^(?:từ\s+)?(?:(?:trên|hơn|gần|khoảng|dưới)\s+)?[\d.,]+(?:\s*(?:đến|-)\s*[\d.,]+)?\s*")


def parse(s, i, facts, out, depth=0):
    """Parse from s[i] until an unmatched '}' (depth>0) or end; append plain text to out (a list)."""
    while i < len(s):
        ch = s[i]
        if ch == "{":
            bar = s.index("|", i)
            spec = s[i + 1 : bar]
            start = sum(len(x) for x in out)
            fact = {"_spec": spec, "_start": start}
            facts.append(fact)
            i = parse(s, bar + 1, facts, out, depth + 1)
            fact["_end"] = sum(len(x) for x in out)
            continue
        if ch == "}" and depth > 0:
            return i + 1
        out.append(ch)
        i += 1
    if depth:
        raise ValueError("unclosed mark")
    return i


def num(v):
    f = float(v)
    return int(f) if f == int(f) and "." not in v else f


def build(fact, text):
    spec = fact.pop("_spec")
    start = fact.pop("_start")
    end = fact.pop("_end")
    surface = text[start:end]
    kind, _, rest = spec.partition(":")
    out = {
        "kind": KINDS[kind],
        "text": surface,
        "start": start,
        "end": end,
    }
    if kind == "d":
        out["value"] = rest
    elif kind == "p":
        out["value"] = num(rest)
    elif kind == "o":
        if rest:
            out["normalized"] = rest
    elif kind == "c":
        parts = rest.split(";")
        v = parts[0]
        opts = dict(p.split("=", 1) for p in parts[1:])
        if re.fullmatch(r"[\d.]+-[\d.]+", v):
            lo, hi = v.split("-")
            out["value"] = [num(lo), num(hi)]
        else:
            out["value"] = num(v)
        unit = opts.get("u")
        if unit is None:
            m = NUM.match(surface)
            assert m and m.end() < len(surface), (surface, "unit?")
            unit = surface[m.end() :]
        out["unit"] = unit
        if "q" in opts:
            out["qualifier"] = opts["q"]
    elif kind == "t":
        attrs = json.loads(rest)
        assert attrs.get("lead") and attrs.get("action") in surface, (surface, "task: lead, action in text")
        out.update(lead=attrs["lead"], support=attrs.get("support", []), action=attrs["action"])
        out["deadline"] = attrs.get("deadline")
        if attrs.get("recurrence"):
            out["recurrence"] = attrs["recurrence"]
    elif kind == "n":
        attrs = json.loads(rest) if rest else {}
        out["name"] = attrs.get("name", surface)
        assert out["name"] in surface, (surface, "person: name in text")
        out["posts"] = attrs.get("posts", [])
        if attrs.get("honorific"):
            out["honorific"] = attrs["honorific"]
        if attrs.get("signer"):
            out["signer"] = True
    elif kind == "r":
        t, n, sym, d = (rest.split(";") + ["", "", "", ""])[:4]
        out["doc_type"] = t
        out["number"] = (int(n) if n.isdigit() else n) if n else None
        if sym:
            out["symbol"] = sym
        if d:
            out["date"] = d
        if not n:
            del out["number"]
    return out


def render(src):
    raw = unicodedata.normalize("NFC", src.read_text(encoding="utf-8"))
    meta_s, body = raw.split("\n---\n", 1)
    meta = json.loads(meta_s)
    paras = [p.strip() for p in body.strip().split("\n")]
    marked = "\n\n".join(p for p in paras if p).replace(" // ", "\n")
    facts, out = [], []
    parse(marked, 0, facts, out)
    text = "".join(out)
    gold = {
        "id": src.stem,
        "source": "vanban held-out samples (written for evaluation)",
        "genre": meta["genre"],
        "year": meta["year"],
        "annotated": meta.get("annotated", FIRST_KINDS),
        "header": meta.get("header"),
        "facts": [build(f, text) for f in facts],
    }
    for f in gold["facts"]:
        assert text[f["start"] : f["end"]] == f["text"]
        assert f["kind"] in gold["annotated"], (src.stem, f["text"], "marked but its kind is not annotated")
        for body in f.get("lead", []) + f.get("support", []):
            assert body in text, (src.stem, body, "a lead or support not written in the text")
    (OUT / f"{src.stem}.txt").write_text(text + "\n", encoding="utf-8")
    (OUT / f"{src.stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    words = len(re.findall(r"\w+", text))
    print(f"{src.stem}: {words} words, {len(gold['facts'])} facts")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for p in sys.argv[1:] or sorted(HERE.glob("*.md")):
        render(Path(p))
