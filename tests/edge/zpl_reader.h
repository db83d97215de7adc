// A ZPL II reader for the tests: it reads a label back as a printer would, checks every command against
// the syntax of the ones relais writes (edge/documents/label_zpl.cc lists them), and returns its fields --
// texts as they print, barcodes as a scanner decodes them, boxes -- so that tests compare those with the
// layout. It shares no code with the renderer on purpose: it is the independent check.
//
// Syntax followed (Zebra's ZPL II Programming Guide, 45541L-004): a command is ^ or ~ and two characters,
// its parameters running to the next ^ or ~. Field data (^FD) runs to the next ^ or ~ too, and that must be
// ^FS: a raw ^ or ~ in data ends it early, which is the error this reader exists to catch. CR and LF
// between commands are ignored, as printers do.
//
// Barcode data (^BC in mode N) is decoded: the start codes >: (B) and >; (C), the switches >5 (to C) and
// >6 (to B), >< for ">", digit pairs in code set C; each FNC1 (>8) reads as "\x1d" (GS), the way scanners
// transmit a separator, the leading one included. Text data is returned with its ^FH escapes undone and
// checked to be UTF-8 (^CI28).
#ifndef RELAIS_TESTS_EDGE_ZPL_READER_H_
#define RELAIS_TESTS_EDGE_ZPL_READER_H_

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais::testing {

struct ZplField {
  enum class Kind { kText, kBarcode, kBox };
  Kind kind = Kind::kText;
  int x = 0, y = 0;  // ^FO, in dots.
  // Text: ^A0's height and width. Barcode: ^BC's height, and `module` (^BY). Box: ^GB's w, h and t.
  int width = 0, height = 0, module = 0, thickness = 0;
  std::string data;  // Text: as printed. Barcode: as decoded, "\x1d" for each FNC1.
};

struct ZplLabel {
  int print_width = 0, label_length = 0;  // ^PW, ^LL.
  std::vector<ZplField> fields;
  std::vector<std::string> errors;  // "command 7 ^FO: ...": the command's index among all, from 0.
};

namespace zpl_reader_internal {

struct Command {
  std::string name;    // "^FO", "~JA"...
  std::string params;  // Up to the next prefix.
};

inline bool IsPrefix(char c) { return c == '^' || c == '~'; }

// Splits at every prefix; text outside a command other than CR/LF is reported as command -1.
inline std::vector<Command> Split(std::string_view zpl, std::vector<std::string>& errors) {
  std::vector<Command> commands;
  size_t at = 0;
  while (at < zpl.size()) {
    if (zpl[at] == '\n' || zpl[at] == '\r') {
      ++at;
      continue;
    }
    if (!IsPrefix(zpl[at])) {
      errors.push_back("text outside a command at byte " + std::to_string(at));
      while (at < zpl.size() && !IsPrefix(zpl[at])) ++at;
      continue;
    }
    size_t start = at + 1;  // Of the parameters: after the prefix and a name of up to two characters.
    while (start < zpl.size() && start < at + 3 && !IsPrefix(zpl[start])) ++start;
    size_t end = start;
    while (end < zpl.size() && !IsPrefix(zpl[end])) ++end;
    Command command{std::string(zpl.substr(at, start - at)), std::string(zpl.substr(start, end - start))};
    // Line ends after a command's parameters are layout, not parameters (field data keeps them).
    if (command.name != "^FD")
      while (!command.params.empty() && (command.params.back() == '\n' || command.params.back() == '\r'))
        command.params.pop_back();
    commands.push_back(std::move(command));
    at = end;
  }
  return commands;
}

inline std::vector<std::string> Params(const std::string& params) {
  std::vector<std::string> out(1);
  for (const char c : params) {
    if (c == ',')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// A ZPL dot count: 1 to 5 digits, no sign, at most 32000; -1 for anything else.
inline int Int(const std::string& text) {
  if (text.empty() || text.size() > 5) return -1;
  for (const char c : text)
    if (c < '0' || c > '9') return -1;
  const int value = std::stoi(text);
  return value > 32000 ? -1 : value;
}

// Parameter `i` as a dot count when there are `count` parameters; -1 otherwise.
inline int IntAt(const std::vector<std::string>& params, size_t count, size_t i) {
  return params.size() == count ? Int(params[i]) : -1;
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// ^FH: `indicator` and two hex digits are one byte.
inline std::optional<std::string> UndoHex(const std::string& data, char indicator) {
  std::string out;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != indicator) {
      out += data[i];
      continue;
    }
    if (i + 2 >= data.size()) return std::nullopt;
    const int high = HexValue(data[i + 1]), low = HexValue(data[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

inline bool IsUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    i += length;
  }
  return true;
}

// ^BC mode N field data (after ^FH) as a scanner reads it, or what is wrong with it.
inline std::string DecodeCode128(const std::string& data, std::string& decoded) {
  size_t i = 0;
  char set = 'B';  // No start code: code set B (guide, ^BC).
  if (data.compare(0, 2, ">:") == 0)
    i = 2;
  else if (data.compare(0, 2, ">;") == 0)
    set = 'C', i = 2;
  while (i < data.size()) {
    if (data[i] == '>') {
      if (i + 1 == data.size()) return "a lone > at the end";
      const char code = data[i + 1];
      i += 2;
      if (code == '8')
        decoded += '\x1d';
      else if (code == '<' && set == 'B')
        decoded += '>';
      else if (code == '5' && set == 'B')
        set = 'C';
      else if (code == '6' && set == 'C')
        set = 'B';
      else
        return std::string("invocation >") + code + " in code set " + set;
      continue;
    }
    if (set == 'C') {
      if (i + 1 >= data.size() || !std::isdigit(static_cast<unsigned char>(data[i])) ||
          !std::isdigit(static_cast<unsigned char>(data[i + 1])))
        return "code set C holds digit pairs only, at byte " + std::to_string(i);
      decoded += data.substr(i, 2);
      i += 2;
      continue;
    }
    if (data[i] < 0x20 || data[i] > 0x7e) return "byte " + std::to_string(i) + " is not in code set B";
    decoded += data[i++];
  }
  return "";
}

// The field being read, from its ^FO to its ^FS.
struct OpenField {
  ZplField field;
  size_t origin = 0;  // The ^FO's index.
  bool has_kind = false, has_data = false, hex = false;
  char hex_indicator = '_';
  char mode = 'N';
};

}  // namespace zpl_reader_internal

inline ZplLabel ReadZpl(std::string_view zpl) {
  using namespace zpl_reader_internal;
  ZplLabel label;
  const std::vector<Command> commands = Split(zpl, label.errors);
  bool in_format = false, saw_format = false;
  int module = 0;  // ^BY, 0 before any.
  std::optional<OpenField> field;
  for (size_t index = 0; index < commands.size(); ++index) {
    const Command& command = commands[index];
    const std::vector<std::string> params = Params(command.params);
    auto error = [&](const std::string& what) {
      label.errors.push_back("command " + std::to_string(index) + " " + command.name + ": " + what);
    };
    auto no_params = [&] {
      if (!command.params.empty()) error("takes no parameters, has \"" + command.params + "\"");
    };
    auto in_field = [&](const char* what) {
      if (!field) error(std::string(what) + " outside a field (no ^FO before it)");
      return field.has_value();
    };
    if (command.name != "^XA" && !in_format) error("outside ^XA...^XZ");
    if (command.name == "^XA") {
      no_params();
      if (in_format) error("^XA inside a format");
      in_format = saw_format = true;
    } else if (command.name == "^XZ") {
      no_params();
      if (field) error("the field of command " + std::to_string(field->origin) + " has no ^FS");
      field.reset();
      in_format = false;
    } else if (command.name == "^CI") {
      if (command.params != "28") error("only ^CI28 (UTF-8) is written, not ^CI" + command.params);
    } else if (command.name == "^PW" || command.name == "^LL") {
      const int dots = IntAt(params, 1, 0);
      if (dots <= 0) error("wants one positive dot count, has \"" + command.params + "\"");
      (command.name == "^PW" ? label.print_width : label.label_length) = std::max(dots, 0);
    } else if (command.name == "^LH") {
      if (command.params != "0,0") error("only ^LH0,0 is written");
    } else if (command.name == "^FO") {
      if (field) error("the field of command " + std::to_string(field->origin) + " has no ^FS");
      const int x = IntAt(params, 2, 0), y = IntAt(params, 2, 1);
      if (x < 0 || y < 0)
        error("wants x,y in dots, has \"" + command.params + "\"");
      else if (label.print_width == 0 || label.label_length == 0)
        error("before ^PW and ^LL");
      else if (x >= label.print_width || y >= label.label_length)
        error(command.params + " lies outside the label's " + std::to_string(label.print_width) + "x" +
              std::to_string(label.label_length) + " dots");
      field = OpenField{};
      field->origin = index;
      field->field.x = x;
      field->field.y = y;
    } else if (command.name == "^A0") {
      if (!in_field("^A0")) continue;
      const int h = IntAt(params, 3, 1), w = IntAt(params, 3, 2);
      if (params.size() != 3 || params[0] != "N" || h <= 0 || w <= 0)
        error("wants N,height,width (positive dots), has \"" + command.params + "\"");
      if (field->has_kind) error("a second ^A0, ^BC or ^GB in the field");
      field->has_kind = true;
      field->field.kind = ZplField::Kind::kText;
      field->field.height = h;
      field->field.width = w;
    } else if (command.name == "^GB") {
      if (!in_field("^GB")) continue;
      const int w = IntAt(params, 3, 0), h = IntAt(params, 3, 1), t = IntAt(params, 3, 2);
      if (t <= 0 || w < t || h < t)
        error("wants w,h,t with 1 <= t <= w and t <= h, has \"" + command.params + "\"");
      else if (field->field.x + w > label.print_width || field->field.y + h > label.label_length)
        error("the box runs off the label");
      if (field->has_kind) error("a second ^A0, ^BC or ^GB in the field");
      field->has_kind = field->has_data = true;  // A box has no data.
      field->field.kind = ZplField::Kind::kBox;
      field->field.width = w;
      field->field.height = h;
      field->field.thickness = t;
    } else if (command.name == "^BY") {
      const int m = IntAt(params, 1, 0);
      if (m < 1 || m > 10) error("wants one module width of 1 to 10 dots, has \"" + command.params + "\"");
      module = std::max(m, 0);
    } else if (command.name == "^BC") {
      if (!in_field("^BC")) continue;
      const int h = params.size() >= 5 ? Int(params[1]) : -1;
      auto yes_no = [](const std::string& p) { return p == "Y" || p == "N"; };
      const bool mode_ok = params.size() == 5 || (params.size() == 6 && params[5].size() == 1 &&
                                                  std::string_view("NUAD").find(params[5][0]) != std::string::npos);
      if (params.size() < 5 || params[0] != "N" || h <= 0 || !yes_no(params[2]) || !yes_no(params[3]) ||
          !yes_no(params[4]) || !mode_ok)
        error("wants N,height,Y|N,Y|N,Y|N[,N|U|A|D], has \"" + command.params + "\"");
      if (module == 0) error("no ^BY before it");
      if (field->has_kind) error("a second ^A0, ^BC or ^GB in the field");
      field->has_kind = true;
      field->field.kind = ZplField::Kind::kBarcode;
      field->field.height = h;
      field->field.module = module;
      field->mode = params.size() == 6 && !params[5].empty() ? params[5][0] : 'N';
    } else if (command.name == "^FH") {
      if (!in_field("^FH")) continue;
      if (command.params.size() > 1) error("wants at most one indicator character");
      field->hex = true;
      field->hex_indicator = command.params.empty() ? '_' : command.params[0];
    } else if (command.name == "^FD") {
      if (!in_field("^FD")) continue;
      if (!field->has_kind || field->field.kind == ZplField::Kind::kBox) error("data for no font or barcode");
      const bool closed = index + 1 < commands.size() && commands[index + 1].name == "^FS";
      if (!closed) error("field data not ended by ^FS: a raw ^ or ~ in it?");
      std::optional<std::string> data = field->hex ? UndoHex(command.params, field->hex_indicator) : command.params;
      if (!data) error("a broken ^FH escape");
      if (field->field.kind == ZplField::Kind::kBarcode && data) {
        if (field->mode != 'N')
          error(std::string("mode ") + field->mode + ": this reader decodes mode N only");
        else if (const std::string what = DecodeCode128(*data, field->field.data); !what.empty())
          error(what);
      } else if (data) {
        if (!IsUtf8(*data)) error("text that is not UTF-8");
        field->field.data = *data;
      }
      field->has_data = true;
    } else if (command.name == "^FS") {
      no_params();
      if (!in_field("^FS")) continue;
      if (!field->has_kind || !field->has_data)
        error("the field of command " + std::to_string(field->origin) + " lacks a font, barcode or box, or data");
      else
        label.fields.push_back(field->field);
      field.reset();
    } else {
      error("not a command relais writes");
    }
  }
  if (in_format) label.errors.push_back("^XA without ^XZ");
  if (!saw_format) label.errors.push_back("no ^XA");
  return label;
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_EDGE_ZPL_READER_H_
