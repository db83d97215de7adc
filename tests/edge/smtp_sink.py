#!/usr/bin/env python3
"""A real SMTP server on loopback for the notification and pickup tests (Debian's python3-aiosmtpd): every message
it receives is written to OUT as one JSON line {mail_from, rcpt_tos, subject, from, to, message_id, body,
attachments: [{filename, content_type, size, path}]}, the headers and text decoded as a mail client would, each
attachment saved beside OUT (at path). Prints {"port": N} once it listens; stops on SIGTERM.

    smtp_sink.py OUT
"""
import email
import email.policy
import json
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.saved = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        attachments = []
        for part in message.iter_attachments():
            data = part.get_payload(decode=True)
            with self.lock:
                self.saved += 1
                path = "%s.%d.%s" % (self.path, self.saved, os.path.basename(part.get_filename() or "part"))
            with open(path, "wb") as out:
                out.write(data)
            attachments.append({"filename": part.get_filename(), "content_type": part.get_content_type(),
                                "size": len(data), "path": path})
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                  "subject": str(message["subject"]), "from": str(message["from"]), "to": str(message["to"]),
                  "message_id": str(message["message-id"]), "body": text.get_content() if text else "",
                  "attachments": attachments}
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    port = free_port()
    controller = Controller(Sink(sys.argv[1]), hostname="127.0.0.1", port=port)
    controller.start()
    print(json.dumps({"port": port}), flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
