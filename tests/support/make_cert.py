"""Makes a throwaway certificate authority and a server certificate for 127.0.0.1
(trustme), for the mail tests' TLS server.

Usage: make_cert.py DIR   → DIR/ca.pem, DIR/server.pem (chain), DIR/server.key
"""
import os
import sys

import trustme

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
ca = trustme.CA()
cert = ca.issue_cert("127.0.0.1", "localhost")
ca.cert_pem.write_to_path(os.path.join(out, "ca.pem"))
cert.private_key_pem.write_to_path(os.path.join(out, "server.key"))
with open(os.path.join(out, "server.pem"), "wb") as f:
    for pem in cert.cert_chain_pems:
        f.write(pem.bytes())
