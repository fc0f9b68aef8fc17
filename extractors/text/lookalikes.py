"""Cyrillic and Greek letters that look like Latin ones, folded to the Latin letter inside Latin words.

Text pasted through other systems sometimes carries a Cyrillic `С` or a Greek `Ο` in a sign
(`TT-BTС`): it looks right on the page but matches nothing. Inside a run of non-space characters
that also holds a Latin letter or a digit, each such letter becomes its Latin twin; a word written
wholly in Cyrillic or Greek (a Russian name) is left as it is. One character becomes one character,
so offsets into the text stay valid.

Example:
    fold_lookalikes("Thông tư 158/2025/TT-BT\u0421") → "Thông tư 158/2025/TT-BTC"
"""

from __future__ import annotations

import re

# -- only letters a reader cannot tell from the Latin one in print
_LOOKALIKES: dict[str, str] = {
    # -- Cyrillic capitals and small letters
    "\u0410": "A",
    "\u0412": "B",
    "\u0421": "C",
    "\u0415": "E",
    "\u041d": "H",
    "\u0406": "I",
    "\u0408": "J",
    "\u041a": "K",
    "\u041c": "M",
    "\u041e": "O",
    "\u0420": "P",
    "\u0405": "S",
    "\u0422": "T",
    "\u0425": "X",
    "\u0423": "Y",
    "\u04ae": "Y",
    "\u0430": "a",
    "\u0441": "c",
    "\u0435": "e",
    "\u0456": "i",
    "\u0458": "j",
    "\u043e": "o",
    "\u0440": "p",
    "\u0455": "s",
    "\u0445": "x",
    "\u0443": "y",
    "\u04bb": "h",
    "\u0501": "d",
    # -- Greek capitals and omicron
    "\u0391": "A",
    "\u0392": "B",
    "\u0395": "E",
    "\u0396": "Z",
    "\u0397": "H",
    "\u0399": "I",
    "\u039a": "K",
    "\u039c": "M",
    "\u039d": "N",
    "\u039f": "O",
    "\u03a1": "P",
    "\u03a4": "T",
    "\u03a5": "Y",
    "\u03a7": "X",
    "\u03bf": "o",
}
_FOLD = str.maketrans(_LOOKALIKES)
_ANY_LOOKALIKE_RE = re.compile("[" + "".join(_LOOKALIKES) + "]")
_RUN_RE = re.compile(r"\S*[" + "".join(_LOOKALIKES) + r"]\S*")
# -- a Latin letter (with Vietnamese marks) or a digit: the run is Latin text with a stray letter in it
_LATIN_OR_DIGIT_RE = re.compile("[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def fold_lookalikes(text: str) -> str:
    """Latin twins for Cyrillic/Greek look-alikes in runs that hold a Latin letter or a digit; same length."""
    if _ANY_LOOKALIKE_RE.search(text) is None:
        return text
    return _RUN_RE.sub(_fold_run, text)


def _fold_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return run.translate(_FOLD) if _LATIN_OR_DIGIT_RE.search(run) else run
