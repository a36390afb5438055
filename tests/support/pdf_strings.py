"""Every text a PDF holds, in every form a reader or a tool could get it from, as
pikepdf (on qpdf) reads it: each string and name of every object (structure tree,
outline, annotations, document information), each stream's decoded bytes (XMP
metadata, ToUnicode maps, page contents), and the strings inside page content
streams (ActualText). Strings are decoded as PDF text (UTF-16BE or PDFDocEncoding).

Usage: pdf_strings.py FILE.pdf   (prints them all, one per line)
"""
import sys

import pikepdf

pdf = pikepdf.open(sys.argv[1])
out = []


def walk(obj):
    if isinstance(obj, pikepdf.String):
        try:
            out.append(str(obj))
        except UnicodeDecodeError:
            out.append(bytes(obj).decode("latin-1"))
    elif isinstance(obj, pikepdf.Name):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            walk(item)
    elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        # Indirect objects are each walked once, from pdf.objects.
        for _, value in obj.items():
            if not getattr(value, "is_indirect", False):
                walk(value)
        if isinstance(obj, pikepdf.Stream):
            data = obj.read_bytes()
            out.append(data.decode("utf-8", "replace"))
            out.append(data.decode("latin-1"))


for obj in pdf.objects:
    walk(obj)
for page in pdf.pages:
    for operands, _ in pikepdf.parse_content_stream(page):
        for operand in operands:
            walk(operand)
print("\n".join(out))
