"""Readers for other tools' files: brat, CoNLL, doccano, Label Studio, WebAnno, XMI, web pages.

Each turns a file into the same ``ImportRecord``s and ``Rejection``s as Annotator's own
readers (annotator/formats/import_record.py), so every format imports, reports and
refuses the same way; labels are mapped and checked against the schema by the importer.
"""
