"""Reads a .eml file with Python's standard e-mail parser, as a mail client would.

Usage: read_eml.py FILE.eml OUT.pdf
Prints one JSON object with the headers and the attachments found, and writes the
first PDF attachment's bytes to OUT.pdf.
"""
import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as f:
    msg = BytesParser(policy=policy.default).parse(f)
attachments = []
for part in msg.iter_attachments():
    data = part.get_content()
    attachments.append({"filename": part.get_filename(), "type": part.get_content_type(), "size": len(data)})
    if part.get_content_type() == "application/pdf" and len(attachments) == 1:
        with open(sys.argv[2], "wb") as out:
            out.write(data)
body = msg.get_body(preferencelist=("plain",))
print(json.dumps({
    "from": str(msg["From"]),
    "to": str(msg["To"]),
    "subject": str(msg["Subject"]),
    "date": str(msg["Date"]),
    "message_id": str(msg["Message-ID"]),
    "unsent": str(msg["X-Unsent"]),
    "multipart": msg.get_content_type(),
    "body": body.get_content() if body else None,
    "attachments": attachments,
    "defects": [str(d) for d in msg.defects],
}))
