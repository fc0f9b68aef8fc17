"""A quiet night (the nightly flow finds only duplicates) never leaves latest.html emptier than the night before."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import drop_into, sample_documents
from vanban.flows.nightly import nightly


def _listed_documents(html: str) -> list[str]:
    table = html.split("data-documents>", 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<tr>\s*<td>(.*?)</td>", table, flags=re.S)]


def _organisations(html: str) -> str:
    return html.split("data-organisations>", 1)[1].split("</table>", 1)[0]


def test_a_night_of_duplicates_keeps_the_loaded_documents_in_latest_html(
    prefect_harness, nightly_warehouse_url, tmp_path
):
    samples = sample_documents()
    drop_into(tmp_path / "inbox", *samples)
    first = nightly(home=str(tmp_path), settle_seconds=0)
    latest = tmp_path / "reports" / "latest.html"
    full = latest.read_text(encoding="utf-8")

    drop_into(tmp_path / "inbox", *samples)
    quiet = nightly(home=str(tmp_path), settle_seconds=0)
    after = latest.read_text(encoding="utf-8")

    assert first["loaded"] == len(samples) and quiet["loaded"] == 0 and quiet["duplicates"] == len(samples)
    assert "Đêm nay không có văn bản mới." in after and first["run_id"] in after
    assert sorted(_listed_documents(after)) == sorted(_listed_documents(full)) == sorted(p.name for p in samples)
    assert _organisations(after) == _organisations(full) != ""
    assert after.count('<article class="doc"') == full.count('<article class="doc"') > 0
    # -- the night's own report says the same: it is the page a reviewer opens from that run
    assert Path(quiet["report_path"]).read_text(encoding="utf-8") == after
