#include "data-sync/ups_access_points.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/json_field_text.h"
#include "data-sync/xml_elements.h"

namespace relais {

namespace {

using nlohmann::json;

const json kAbsent;

// `node[key]`, or null when absent (or when `node` is no object).
const json& Field(const json& node, const char* key) {
  if (!node.is_object()) return kAbsent;
  const auto it = node.find(key);
  return it == node.end() ? kAbsent : *it;
}

// The items of a node that UPS writes as the item itself when there is one and as an array when there
// are several (the header says why both forms are accepted everywhere).
std::vector<const json*> Items(const json& node) {
  std::vector<const json*> items;
  if (node.is_array()) {
    for (const json& item : node) items.push_back(&item);
  } else if (!node.is_null()) {
    items.push_back(&node);
  }
  return items;
}

// A text node: a string as it is, a number as written, the first item of an array of one; "" otherwise.
std::string Text(const json& node) {
  if (node.is_array()) return node.empty() ? "" : Text(node.front());
  if (node.is_string()) return node.get<std::string>();
  if (node.is_number()) return node.dump();
  return "";
}

std::string TextAt(const json& node, const char* key) { return std::string(TrimBlanks(Text(Field(node, key)))); }

// A {Code, Description} node's code; a bare string is the code itself.
std::string CodeOf(const json& node) {
  if (node.is_object()) return TextAt(node, "Code");
  return std::string(TrimBlanks(Text(node)));
}

// --- XML: mapped as UPS maps it to JSON -------------------------------------------------------------

// Deeper than this is nothing we read (a DropLocation's hours are 7 levels under LocatorResponse); cut
// there, so that hostile nesting cannot exhaust the stack.
constexpr int kMaxXmlDepth = 24;

json ElementJson(const pugi::xml_node& element, int depth) {
  json object = json::object();
  bool has_children = false;
  for (const pugi::xml_node& child : element.children()) {
    if (child.type() != pugi::node_element) continue;
    has_children = true;
    if (depth >= kMaxXmlDepth) continue;
    const std::string key(LocalName(child));
    json value = ElementJson(child, depth + 1);
    const auto it = object.find(key);
    if (it == object.end()) {
      object.emplace(key, std::move(value));
    } else {
      // Mapped values are objects or strings, never arrays: an array is a name already repeated.
      if (!it->is_array()) *it = json::array({std::move(*it)});
      it->push_back(std::move(value));
    }
  }
  if (has_children) return object;
  return std::string(TrimBlanks(element.text().get()));
}

// The XML answer as UPS's JSON would hold it: its LocatorResponse and/or (SOAP) Fault, wherever they sit.
std::string XmlAnswer(std::string_view xml, json* answer) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) return std::string("not XML: ") + parsed.description() + " at byte " + std::to_string(parsed.offset);
  *answer = json::object();
  for (const char* name : {"LocatorResponse", "Fault"}) {
    const std::vector<pugi::xml_node> found = FindElements(doc, name);
    if (!found.empty()) (*answer)[name] = ElementJson(found.front(), 0);
  }
  return "";
}

// --- UPS's error answers ----------------------------------------------------------------------------

void AddMessage(const std::string& code, const std::string& message, std::string* out) {
  if (code.empty() && message.empty()) return;
  if (!out->empty()) *out += "; ";
  *out += code.empty() ? message : message.empty() ? code : code + " " + message;
}

// UPS's message when the answer is one of its error answers, else "".
std::string UpsError(const json& answer) {
  std::string message;
  // The REST gateway's errors.
  for (const json* e : Items(Field(Field(answer, "response"), "errors"))) {
    AddMessage(TextAt(*e, "code"), TextAt(*e, "message"), &message);
  }
  // A SOAP Fault, or its JSON mapping.
  if (const json& fault = Field(answer, "Fault"); !fault.is_null()) {
    for (const json* errors : Items(Field(Field(fault, "detail"), "Errors"))) {
      for (const json* detail : Items(Field(*errors, "ErrorDetail"))) {
        const json& primary = Field(*detail, "PrimaryErrorCode");
        AddMessage(TextAt(primary, "Code"), TextAt(primary, "Description"), &message);
      }
    }
    if (message.empty()) AddMessage(TextAt(fault, "faultcode"), TextAt(fault, "faultstring"), &message);
    if (message.empty()) message = "a Fault";
  }
  // The legacy answer's own status. With status 1 (success) an Error is a warning: the locations stand.
  const json& response = Field(Field(answer, "LocatorResponse"), "Response");
  const std::string status = TextAt(response, "ResponseStatusCode");
  if (status != "1") {
    for (const json* e : Items(Field(response, "Error"))) {
      AddMessage(TextAt(*e, "ErrorCode"), TextAt(*e, "ErrorDescription"), &message);
    }
  }
  if (message.empty() && status == "0") {
    AddMessage("", TextAt(response, "ResponseStatusDescription"), &message);
    if (message.empty()) message = "ResponseStatusCode 0";
  }
  return message.empty() ? "" : "UPS answered an error: " + message;
}

// --- One DropLocation -------------------------------------------------------------------------------

// "930" -> 570: HHMM without leading zero, 1 to 4 digits, up to 2400; -1 when unreadable.
int HhmmMinutes(const std::string& text) {
  if (text.empty() || text.size() > 4) return -1;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  const int hours = value / 100, minutes = value % 100;
  if (minutes >= 60 || value > 2400) return -1;
  return hours * 60 + minutes;
}

// The texts of a node that is one string or an array of them.
std::vector<std::string> Texts(const json& node) {
  std::vector<std::string> texts;
  for (const json* item : Items(node)) texts.emplace_back(TrimBlanks(Text(*item)));
  return texts;
}

// Open24HoursIndicator (see the header): 1 open 24 h, 0 not, -1 unreadable.
int Open24Hours(const json& indicator) {
  if (indicator.is_null()) return 0;
  const std::string value = std::string(TrimBlanks(Text(indicator)));
  if (value.empty() || value == "Y" || value == "true" || value == "1") return 1;
  if (value == "N" || value == "false" || value == "0") return 0;
  return -1;
}

// The regular opening hours (HoursType 10) into `hours`; unknown when there is no such block.
std::string ReadHours(const json& operating_hours, WeeklySchedule* hours, std::vector<std::string>* rules) {
  const json* regular = nullptr;
  for (const json* block : Items(Field(operating_hours, "StandardHours"))) {
    if (TextAt(*block, "HoursType") == "10") {
      regular = block;
      break;
    }
  }
  if (!regular) return "";
  CarrierWeek week;
  for (const json* day : Items(Field(*regular, "DayOfWeek"))) {
    const std::string number = TextAt(*day, "Day");
    const std::string where = "OperatingHours: DayOfWeek Day \"" + number + "\"";
    if (number.size() != 1 || number[0] < '1' || number[0] > '7') {
      return where + " is not 1 (Sunday) to 7 (Saturday)";
    }
    const int weekday = (number[0] - '1' + 6) % 7;  // Sunday first -> Monday first.
    const int all_day = Open24Hours(Field(*day, "Open24HoursIndicator"));
    const bool closed = !Field(*day, "ClosedIndicator").is_null();
    if (all_day < 0)
      return where + ": Open24HoursIndicator \"" + TextAt(*day, "Open24HoursIndicator") + "\" is no flag";
    if (all_day && closed) return where + ": both ClosedIndicator and Open24HoursIndicator";
    if (closed) continue;
    if (all_day) {
      week.AddSlot(weekday, 0, kMinutesPerDay);
      continue;
    }
    const std::vector<std::string> opens = Texts(Field(*day, "OpenHours"));
    const std::vector<std::string> closes = Texts(Field(*day, "CloseHours"));
    if (opens.size() != closes.size()) {
      return where + ": " + std::to_string(opens.size()) + " OpenHours for " + std::to_string(closes.size()) +
             " CloseHours";
    }
    for (size_t i = 0; i < opens.size(); ++i) {
      const int open = HhmmMinutes(opens[i]), close = HhmmMinutes(closes[i]);
      if (open < 0 || close < 0) {
        return where + ": OpenHours/CloseHours \"" + opens[i] + "\"-\"" + closes[i] + "\" must be HHMM";
      }
      week.AddSlot(weekday, open, close);
    }
  }
  if (std::string e = week.Build(hours, rules); !e.empty()) return "OperatingHours: " + e;
  return "";
}

bool IsLocker(const json& location) {
  for (const json* attribute : Items(Field(location, "LocationAttribute"))) {
    if (CodeOf(Field(*attribute, "OptionType")) != "01") continue;
    for (const json* option : Items(Field(*attribute, "OptionCode"))) {
      if (CodeOf(*option) == "019") return true;
    }
  }
  return false;
}

// One AddressLine as its lines: UPS joins several with a carriage return, seen as the literal "&#xD;".
void AddAddressLines(std::string line, std::vector<std::string>* address, std::vector<std::string>* rules) {
  for (const char* entity : {"&#xD;", "&#xd;", "&#13;", "&#xA;", "&#xa;", "&#10;"}) {
    for (size_t at = line.find(entity); at != std::string::npos; at = line.find(entity, at)) {
      line.replace(at, std::char_traits<char>::length(entity), "\n");
    }
  }
  size_t parts = 0;
  for (size_t begin = 0; begin <= line.size();) {
    const size_t end = std::min(line.find_first_of("\r\n", begin), line.size());
    if (const std::string_view part = TrimBlanks(std::string_view(line).substr(begin, end - begin)); !part.empty()) {
      address->emplace_back(part);
      ++parts;
    }
    begin = end + 1;
  }
  if (parts > 1) NoteRule("address_line_breaks", rules);
}

AdaptedPoint ReadDropLocation(const json& location) {
  AdaptedPoint out;
  if (!location.is_object()) {
    out.error = "a DropLocation is an object";
    return out;
  }
  RelayPoint& r = out.point;
  r.carrier = "ups";
  const json& access_point = Field(location, "AccessPointInformation");
  r.id = TextAt(access_point, "PublicAccessPointID");
  if (r.id.empty()) {
    out.error = "AccessPointInformation.PublicAccessPointID missing: not an Access Point";
    return out;
  }
  r.kind = IsLocker(location) ? PointKind::kLocker : PointKind::kShop;
  const json& address = Field(location, "AddressKeyFormat");
  r.name = TextAt(address, "ConsigneeName");
  for (const std::string& line : Texts(Field(address, "AddressLine"))) AddAddressLines(line, &r.address, &out.rules);
  r.postcode = TextAt(address, "PostcodePrimaryLow");
  r.city = TextAt(address, "PoliticalDivision2");
  r.country = CountryAlpha2(TextAt(address, "CountryCode"));
  const json& geocode = Field(location, "Geocode");
  const std::optional<double> lat = ParseDegrees(TextAt(geocode, "Latitude"));
  const std::optional<double> lon = ParseDegrees(TextAt(geocode, "Longitude"));
  if (!lat || !lon) {
    out.error = "Geocode.Latitude/Longitude must be decimal degrees";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (out.error = ReadHours(Field(location, "OperatingHours"), &r.hours, &out.rules); !out.error.empty()) return out;
  if (const json& status = Field(access_point, "AccessPointStatus"); !status.is_null()) {
    const std::string code = CodeOf(status);
    if (code == "06" || code == "07" || code == "08") {
      r.active = false;  // Kept, so that an order that names it can be explained and re-routed.
    } else if (code != "01") {
      out.error = "AccessPointInformation.AccessPointStatus.Code \"" + code + "\" is none of 01, 06, 07, 08";
      return out;
    }
  }
  for (const json* offering : Items(Field(Field(location, "ServiceOfferingList"), "ServiceOffering"))) {
    const std::string code = CodeOf(*offering);
    if (code == "006" || code == "007" || code == "009") r.services |= kReturns;
  }
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadUpsAccessPoints(std::string_view text, std::string* error) {
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);  // A UTF-8 byte order mark.
  body = TrimBlanks(body);
  json answer;
  if (body.starts_with('<')) {
    if (*error = XmlAnswer(body, &answer); !error->empty()) return {};
  } else if (body.starts_with('{')) {
    answer = json::parse(body, nullptr, false);
    if (answer.is_discarded()) {
      *error = "not JSON (a UPS Locator answer is a JSON object or XML)";
      return {};
    }
  } else {
    *error = "neither a JSON object nor XML (a UPS Locator answer starts with '{' or '<')";
    return {};
  }
  if (*error = UpsError(answer); !error->empty()) return {};
  const std::vector<const json*> locations =
      Items(Field(Field(Field(answer, "LocatorResponse"), "SearchResults"), "DropLocation"));
  if (locations.empty()) {
    *error = "no LocatorResponse.SearchResults.DropLocation (expected UPS's Locator answer to an Access Point search)";
    return {};
  }
  std::vector<AdaptedPoint> points;
  points.reserve(locations.size());
  for (const json* location : locations) points.push_back(ReadDropLocation(*location));
  return points;
}

}  // namespace relais
