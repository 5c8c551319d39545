"""Spreadsheets planwatch reads and writes: an upload is checked within budgets before openpyxl
parses it (``guard``) and read as a stream (``reading``); text is written as text (``cells``).
"""
