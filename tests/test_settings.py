"""vanban/settings.py: the one reader of the environment, and where a run's things live."""

from __future__ import annotations

from vanban.settings import Workspace


def test_the_run_lock_lives_in_the_home_named_after_the_inbox(tmp_path):
    inbox = tmp_path / "hop thư" / "đến"
    inbox.mkdir(parents=True)
    (tmp_path / "link").symlink_to(inbox)
    home = tmp_path / "home"
    lock = Workspace(home, inbox, None).run_lock_path
    assert lock.parent == home / "locks" and lock.suffix == ".lock"
    assert lock.name.startswith("đến-")
    # -- one inbox, whatever path names it: one lock; another inbox: another lock
    assert Workspace(home, tmp_path / "link", None).run_lock_path == lock
    assert Workspace(home, tmp_path / "hop thư" / ".." / "hop thư" / "đến", None).run_lock_path == lock
    assert Workspace(home, tmp_path / "khac", None).run_lock_path != lock
    assert Workspace(home, tmp_path / "khac", None).run_lock_path.name.startswith("khac-")
