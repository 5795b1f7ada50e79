"""Limits on what one input may be, kept apart so that the command line can name them without importing
the readers (see `parley.cli`: its imports stay light, since the extraction workers' server imports it)."""

# A long news article is some 10-50 KiB of text, and a heavy article page a few hundred KiB of HTML. A
# file over 5 MiB is almost surely not one report (a database dump, a log, a mis-saved archive), and
# reading it whole would cost memory for nothing; callers with larger inputs can raise the limit.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
