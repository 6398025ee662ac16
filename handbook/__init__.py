"""The build layer of the handbook: what only the site build needs.

`calculators/` is what runs in the reader's browser (numbers, calendar, the calculators,
their policy areas, rendering of results) and ships in the wheel. This package holds the
rest of the handbook model: the schemas of the content areas (procedures, onboarding,
glossary, templates, pages, changelog, …), the loader of the whole policy and the MkDocs
plugin that loads it once per build. Nothing here is shipped to the browser.
"""
