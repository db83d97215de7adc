"""An explicit-FTPS server (AUTH TLS, then protected data connections) for relais-sync's tests, on
loopback only: pyftpdlib's TLS handler with the test's self-signed certificate. Clear-text logins are
refused.

    ftps_server.py ROOT PORT CERT KEY USER PASSWORD
"""
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler
from pyftpdlib.servers import FTPServer


class EarlyHandshakeDTPHandler(TLS_DTPHandler):
    """libcurl starts a data connection's TLS handshake as soon as it connects, before sending RETR;
    pyftpdlib 1.5 takes data arriving on an idle data channel for a disconnect and closes it. Let the
    handshake run."""

    def readable(self):
        if getattr(self, "_ssl_accepting", False):
            return True
        return super().readable()


root, port, cert, key, user, password = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
authorizer = DummyAuthorizer()
authorizer.add_user(user, password, root, perm="elr")
TLS_FTPHandler.certfile = cert
TLS_FTPHandler.keyfile = key
TLS_FTPHandler.tls_control_required = True
TLS_FTPHandler.tls_data_required = True
TLS_FTPHandler.dtp_handler = EarlyHandshakeDTPHandler
TLS_FTPHandler.authorizer = authorizer
TLS_FTPHandler.passive_ports = range(40000, 60000)
FTPServer(("127.0.0.1", port), TLS_FTPHandler).serve_forever()
