"""Web-page furniture around plans published on government sites: tools, share links, QR codes.

``is_boilerplate(line)`` tells such a line; ``is_furniture_name(id or class)`` such a container.
"""

from __future__ import annotations

import re

_LINE = re.compile(
    r"^[\s•·\-—|]*(?:(?:"
    r"听全文|播放|暂停|分享到[:：]?.{0,20}|打印本页|打印|关闭窗口|关闭|返回顶部|收藏|"
    r"【?\s*字体[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?\s*】?|字号[:：]?\s*大\s*中\s*小|"
    r"扫一扫在手机(?:上)?打开当前页|扫一扫在手机打开|手机扫一扫|相关内容|相关链接|相关文章|"
    r"【\s*(?:打印本页|关闭窗口|打印|关闭|返回顶部)\s*】(?:\s*【\s*(?:打印本页|关闭窗口|打印|关闭)\s*】)*|"
    r"(?:浏览|阅读|访问)(?:次数|量)?[:：]\s*\d*|上一篇[:：].{0,60}|下一篇[:：].{0,60}"
    r")[\s•·\-—|]*)+$"
)
_FURNITURE_WORDS = frozenset(
    {
        "foot",
        "tools",
        "tool",
        "qr",
        "ewm",
        "print",
        "related",
        "recommend",
        "comment",
        "comments",
        "login",
        "search",
        "topbar",
        "banner",
        "fontsize",
    }
)
_FURNITURE_PARTS = re.compile(
    r"nav|menu|share|crumb|footer|sidebar|toolbar|qrcode|copyright", re.IGNORECASE
)
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True for a short line that is page furniture (听全文, 分享到, 【字体：大 中 小】 …)."""
    line = line.strip()
    return len(line) <= 60 and bool(_LINE.match(line))


def is_furniture_name(name: str) -> bool:
    """True when an element id or class names navigation, sharing, footer and the like."""
    if _FURNITURE_PARTS.search(name):
        return True
    return any(word.lower() in _FURNITURE_WORDS for word in _WORD.findall(name))
