// Sends a label to a network label printer as Zebra-compatible printers take it: the raw ZPL on a TCP
// connection to port 9100 ("raw" or "JetDirect" printing), closed once written. There is no answer to
// read: the printer either takes the bytes or does not answer.
#ifndef RELAIS_EDGE_DOCUMENTS_LABEL_PRINTER_H_
#define RELAIS_EDGE_DOCUMENTS_LABEL_PRINTER_H_

#include <string>

namespace relais::edge {

struct LabelPrinter {
  std::string host;  // A name or an address.
  int port = 9100;
  int timeout_ms = 5000;  // To connect, and to write everything.
};

// "" when every byte of `zpl` was written and the connection closed cleanly; otherwise what failed, for
// staff ("printer 10.0.0.7:9100 did not answer within 5 s", "connection refused by ...").
std::string SendToPrinter(const LabelPrinter& printer, const std::string& zpl);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_DOCUMENTS_LABEL_PRINTER_H_
