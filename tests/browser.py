"""Debian's headless Chromium driven by Selenium through /usr/bin/chromedriver: no browser download, no network.

Example:
    with chromium(tmp_path) as driver:
        driver.get(page.as_uri())
        driver.save_screenshot(str(tmp_path / "page.png"))

`make setup` installs `chromium` and `chromium-driver` (apt-get) when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path(os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("VANBAN_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--lang=vi",
)
# -- records every alert/confirm/prompt, and every element that appears once the page is parsed (rows the
#    page's own sort moves around were there at parse time and do not count); installed before any page script
WATCH_PAGE_JS = """
window.__dialogs = [];
['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
  window[name] = function (message) { window.__dialogs.push(name + ':' + message); return null; };
});
window.__added = [];
var parsed = null;
document.addEventListener('DOMContentLoaded', function () {
  parsed = new WeakSet(document.querySelectorAll('*'));
});
new MutationObserver(function (changes) {
  if (parsed === null) { return; }
  changes.forEach(function (change) {
    change.addedNodes.forEach(function (node) {
      if (node.nodeType === 1 && !parsed.has(node)) { window.__added.push(node.tagName); }
    });
  });
}).observe(document, {childList: true, subtree: true});
"""


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium and its driver are installed."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing: run `make setup` (it installs Debian's chromium and chromium-driver)"
    return None


@contextmanager
def chromium(
    workdir: Path | None = None, *, width: int = 1366, height: int = 900, watch: bool = False
) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium (its own user-data-dir) for one test; quit afterwards.

    Args:
        watch: install `WATCH_PAGE_JS` in every page before it runs (see `dialogs_and_added`).
    """
    reason = missing_browser()
    if reason:
        raise RuntimeError(reason)
    with tempfile.TemporaryDirectory(prefix="vanban-chromium-", dir=workdir) as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        try:
            if watch:
                driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_PAGE_JS})
            yield driver
        finally:
            driver.quit()


def dialogs_and_added(driver: webdriver.Chrome) -> tuple[list[str], list[str]]:
    """What `WATCH_PAGE_JS` saw: dialogs opened and tags of elements added after the page was parsed."""
    return driver.execute_script("return [window.__dialogs || [], window.__added || []];")


def full_page_screenshot(driver: webdriver.Chrome, path: Path, *, max_height: int = 6000) -> Path:
    """The whole page (up to `max_height` px) as a PNG: the window is stretched to the page's height first."""
    width = driver.execute_script("return document.documentElement.scrollWidth;")
    height = min(driver.execute_script("return document.documentElement.scrollHeight;"), max_height)
    driver.set_window_size(max(width, 1024), height)
    driver.save_screenshot(str(path))
    return path
