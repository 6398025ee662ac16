"""mkdocs hook and helper: the site's Content-Security-Policy.

The policy allows only the site itself. Material writes a few small inline scripts
(palette, tabs, storage scope; the scope one differs by page depth), so instead of
'unsafe-inline' the policy lists the SHA-256 hash of every inline script found in the
built HTML. After each build the policy is written to <site>/_headers (the format of
Netlify / Cloudflare Pages style hosts); `deploy/nginx/render.py` puts it into the
nginx configuration.

    python hooks/csp.py SITE_DIR     # print the policy for a built site
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

# Inline <script> elements that run (JSON data blocks do not).
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")


def inline_script_hashes(site_dir: Path) -> list[str]:
    hashes: set[str] = set()
    for page in Path(site_dir).rglob("*.html"):
        for attrs, body in _INLINE.findall(page.read_text(encoding="utf-8")):
            if any(t in attrs for t in _DATA_TYPES) or not body.strip():
                continue
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(hashes)


def policy(site_dir: Path) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(site_dir)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "worker-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        # Material sets style attributes from its scripts (and some inline styles).
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


HEADERS = """/*
  Content-Security-Policy: {csp}
  X-Content-Type-Options: nosniff
  Referrer-Policy: same-origin
"""


# Runs after mkdocs-static-i18n (priority -100) has built every language.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    (site / "_headers").write_text(HEADERS.format(csp=policy(site)), encoding="utf-8")


if __name__ == "__main__":
    print(policy(Path(sys.argv[1])))
