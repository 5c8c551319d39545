"""Readers: bytes and a file name in, a Document with blocks and character offsets out.

``read_document(path)`` picks the reader by extension; ``read_text_document(text)`` reads a str.
"""

from planwatch.documents.model import Block, Document
from planwatch.documents.reader import SUPPORTED, read_bytes, read_document
from planwatch.documents.txt import read_text_document

__all__ = ["SUPPORTED", "Block", "Document", "read_bytes", "read_document", "read_text_document"]
