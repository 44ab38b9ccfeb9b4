"""Certificates for the TLS tests, made with the ``openssl`` command: a CA,
a server certificate (localhost, 127.0.0.1) and a client certificate it
signed, and a self-signed server certificate no one trusts."""

import os
import subprocess

_EXTENSIONS = "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"


def _openssl(*args, cwd):
    subprocess.run(("openssl",) + args, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make(directory):
    """Write the certificates into *directory*; return {name: path}."""
    days = "30"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
             "-out", "ca.pem", "-days", days, "-subj", "/CN=pysock test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    for name in ("server", "client"):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
                 "-out", name + ".csr", "-subj", "/CN=%s.localhost/O=pysock" % name,
                 cwd=directory)
        with open(os.path.join(directory, name + ".ext"), "w") as f:
            f.write(_EXTENSIONS)
        _openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", name + ".pem", "-days", days,
                 "-extfile", name + ".ext", cwd=directory)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "stranger.key",
             "-out", "stranger.pem", "-days", days, "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", cwd=directory)
    paths = {}
    for name in ("ca", "server", "client", "stranger"):
        for ext in ("pem", "key"):
            paths["%s.%s" % (name, ext)] = os.path.join(directory, "%s.%s" % (name, ext))
    return paths
