"""Readers: one module per file format, each turning a file into a `Document` of blocks.

Readers import only the text utilities (`vanban.extractors.text`) and `vanban.models`; the header and the
fact finders are applied above them (`vanban.extractors.read`).
"""
