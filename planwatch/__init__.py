"""planwatch — 规划实施监测评估平台.

Turns government development plans into tracked commitments and tells which are on course.
"""

__version__ = "0.1.0"
