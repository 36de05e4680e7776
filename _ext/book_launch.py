"""Launch buttons that work or are absent: the repository comes from one setting, or from the clone.

The repository whose notebooks Binder opens is ``repository.url`` in ``_config.yml``
(empty in this repository). When it is empty, the book uses the clone's own
``origin`` remote if that is a GitHub or GitLab repository. With neither, the book
has no launch button (and says so when it is built); README.md, "Publishing",
tells a maintainer what to set. The branch is ``repository.branch``.
"""

import re
import subprocess
from pathlib import Path

from sphinx.util import logging

ROOT = Path(__file__).resolve().parent.parent
HOSTS = ("github.com", "gitlab.com")

logger = logging.getLogger(__name__)


def web_address(remote):
    """The https address of a GitHub or GitLab repository from a git remote URL, or ``None``.

    >>> web_address("git@github.com:someone/a-book.git")
    'https://github.com/someone/a-book'
    >>> web_address("https://gitlab.com/group/a-book/")
    'https://gitlab.com/group/a-book'
    >>> web_address("/home/someone/a-book") is None
    True
    """
    match = re.fullmatch(r"(?:https://|ssh://git@|git@)(?P<host>[^/:]+)[/:](?P<org>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?",
                         (remote or "").strip())
    if not match or match["host"] not in HOSTS:
        return None
    return f"https://{match['host']}/{match['org']}/{match['repo']}"


def origin_remote(folder=ROOT):
    """``git remote get-url origin`` of the clone, or ``None``."""
    run = subprocess.run(["git", "-C", str(folder), "remote", "get-url", "origin"],
                         capture_output=True, text=True, check=False)
    return run.stdout.strip() if run.returncode == 0 else None


def repository(setting, remote):
    """The repository the launch buttons open: the setting, else the remote; ``None`` without either."""
    return web_address(setting) or (None if setting else web_address(remote))


def configure_launch_buttons(app, config):
    options = config.html_theme_options
    setting = options.get("repository_url", "")
    found = repository(setting, None if setting else origin_remote(Path(app.confdir)))
    if setting and not found:
        logger.warning("repository.url in _config.yml is %r, not a GitHub or GitLab repository: no launch button", setting)
    if found:
        options["repository_url"] = found
        logger.info(f"launch buttons open {found} (branch {options.get('repository_branch') or 'main'})")
    else:
        options["repository_url"] = ""
        options["launch_buttons"] = {}
        logger.info("no launch buttons: set repository.url in _config.yml, or clone from GitHub or GitLab "
                    "(README.md, Publishing)")


def setup(app):
    app.connect("config-inited", configure_launch_buttons)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
