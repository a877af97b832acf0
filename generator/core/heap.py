"""Large buffers stay in the heap while the live preview runs.

glibc gives large allocations a mapping of their own and hands it back to the kernel when they
are freed, so each rebuild's new site-wide data files have their pages faulted in afresh: for the
33 MB of JSON a 10,000-record site had before it was packed, about 14 ms a rebuild, and 80-120 ms
for the first few. Raising the
mapping threshold and the trim threshold keeps such buffers in the heap, where the next rebuild
reuses the freed memory (1.7 ms). With another C library this does nothing."""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # from glibc's malloc.h
LARGEST = 128 << 20  # bytes: allocations up to this size come from the heap


def keep_large_buffers() -> bool:
    """Whether the C library took the setting."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, LARGEST) and mallopt(M_TRIM_THRESHOLD, 2 * LARGEST))
