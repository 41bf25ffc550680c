"""The user guide as local pages: docs/USER_GUIDE.md ships in the plugin zip and is rendered by Qt's Markdown
reader into the user's profile folder, the whole guide and one page per section (a link to a local file
keeps no #anchor on every system). No online page is needed."""
from __future__ import annotations

import os
from typing import List, Tuple

from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QTextDocument

from . import settings

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
GUIDE = os.path.join(PLUGIN_DIR, "docs", "USER_GUIDE.md")


def sections(text: str) -> List[Tuple[str, str]]:
    """(heading, markdown) of each '## ' section, in order."""
    found: List[Tuple[str, List[str]]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            found.append((line[3:].strip(), []))
        if found:
            found[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in found]


def html(markdown: str) -> str:
    document = QTextDocument()
    document.setMarkdown(markdown)
    images = QUrl.fromLocalFile(os.path.join(os.path.dirname(GUIDE), "images")).toString()
    return document.toHtml().replace('src="images/', 'src="{0}/'.format(images))


def page(heading: str = "") -> str:
    """The local page of the section whose heading starts with ``heading`` (the whole guide when empty or
    unknown), written when missing or older than the guide."""
    folder = os.path.join(settings.user_config_dir(), "help")
    with open(GUIDE, encoding="utf-8") as handle:
        text = handle.read()
    parts = sections(text)
    index = next((i for i, (title, _md) in enumerate(parts) if heading and title.startswith(heading)), None)
    path = os.path.join(folder, "guide.html" if index is None else "guide-{0}.html".format(index + 1))
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(GUIDE):
        os.makedirs(folder, exist_ok=True)
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(html(text if index is None else parts[index][1]))
        os.replace(path + ".tmp", path)
    return path


def url(heading: str = "") -> str:
    return QUrl.fromLocalFile(page(heading)).toString()
