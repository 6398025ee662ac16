"""Render the nginx configuration for a built site.

    python deploy/nginx/render.py SITE_DIR [--listen 127.0.0.1:8080] > handbook.conf

The Content-Security-Policy carries the hashes of the site's inline scripts, so the
configuration is rendered from the built site (`make nginx-conf`).
"""

from __future__ import annotations

import argparse
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).with_name("handbook.conf.template")
sys.path.insert(0, str(ROOT))
from calculators.i18n import LANGUAGES  # noqa: E402
from hooks.csp import policy  # noqa: E402


def render(site_dir: Path, listen: str) -> str:
    # safe_substitute leaves nginx's own $variables alone.
    return string.Template(TEMPLATE.read_text()).safe_substitute(
        HANDBOOK_ROOT=str(Path(site_dir).resolve()),
        HANDBOOK_LISTEN=listen,
        HANDBOOK_CSP=policy(Path(site_dir)),
        # The default language is at the root; every other one has its folder.
        HANDBOOK_LANG_FOLDERS="|".join(LANGUAGES[1:]),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--listen", default="127.0.0.1:8080")
    args = parser.parse_args()
    sys.stdout.write(render(args.site_dir, args.listen))


if __name__ == "__main__":
    main()
