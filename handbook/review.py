"""Page reviews: which handbook pages are past their next review date.

An overdue review never breaks a build (a published version must rebuild forever, and a
build must not change with the calendar): the build log notes it at INFO level, the page
shows a banner, and `make review` prints the report (exit status 1 with --strict, for a
scheduled CI job that should nag).

    python -m handbook.review [--on YYYY-MM-DD] [--strict]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys

from calculators.policy import Policy


def today() -> dt.date:
    """Today, or HANDBOOK_TODAY (YYYY-MM-DD) so that tests can move the clock."""
    fixed = os.environ.get("HANDBOOK_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def page_key(src_uri: str) -> str:
    """`calculators/bonus.en.md` -> `calculators/bonus.md`: one entry covers both languages."""
    return re.sub(r"\.(zh|en)\.md$", ".md", src_uri)


def overdue_pages(policy: Policy, on: dt.date) -> list[tuple[str, dt.date]]:
    return [(key, page["next_review"]) for key, page in policy["pages"]["pages"].items()
            if page["next_review"] < on]


def report(policy: Policy, on: dt.date) -> list[str]:
    return [f"data/pages.toml: pages.{key}.next_review: the review was due on "
            f"{due.isoformat()} / 页面审阅已过期" for key, due in overdue_pages(policy, on)]


def main(argv: list[str] | None = None) -> int:
    from .policy import load

    parser = argparse.ArgumentParser(prog="python -m handbook.review",
                                     description="List the pages whose review is overdue.")
    parser.add_argument("--on", type=dt.date.fromisoformat, default=None,
                        help="check as of this date (default: today)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a review is overdue")
    args = parser.parse_args(argv)
    on = args.on or today()
    lines = report(load(), on)
    for line in lines:
        print(line)
    if not lines:
        print(f"No review overdue on {on.isoformat()} / 截至 {on.isoformat()} 无过期审阅")
    return 1 if lines and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
