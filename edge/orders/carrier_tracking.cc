#include "edge/orders/carrier_tracking.h"

#include <algorithm>
#include <cstdlib>

#include "edge/api_error.h"
#include "edge/json_fields.h"
#include "wasm/engine/instant.h"

namespace relais::edge {

namespace {

using nlohmann::json;

void CheckEvents(const json& list, const char* field) {
  if (!list.is_array() || list.empty() || list.size() > kMaxTrackingEvents) {
    throw BadField(field,
                   std::string(field) + " must be an array of 1.." + std::to_string(kMaxTrackingEvents) + " events");
  }
}

std::string Instant(const json& e, const char* field, const std::string& at) {
  std::string text = RequiredText(e, field, 40, at);
  if (!ParseInstant(text)) throw BadField(at + field, at + field + " is an ISO 8601 instant");
  return text;
}

}  // namespace

TrackingAnswer ReadTrackingAnswer(const json& body, const std::string& carrier, const std::string& format) {
  if (!body.is_object()) throw BadField("", "a tracking answer is a JSON object");
  TrackingAnswer answer;
  if (format == "inpost") {
    // ShipX carries much more (service, expected_flow, custom_attributes...): only what tracking needs is read.
    answer.tracking_number = RequiredId(body, "tracking_number");
    const json details = body.value("tracking_details", json());
    CheckEvents(details, "tracking_details");
    for (size_t i = 0; i < details.size(); ++i) {
      const std::string at = "tracking_details[" + std::to_string(i) + "].";
      if (!details[i].is_object()) throw BadField(at.substr(0, at.size() - 1), "a detail is an object");
      ParcelEvent e;
      e.code = RequiredText(details[i], "status", 64, at);
      e.justification = OptionalText(details[i], "origin_status", 64, at).value_or("");
      e.at = Instant(details[i], "datetime", at);
      answer.events.push_back(std::move(e));
    }
  } else {
    RejectUnknownFields(body, {"tracking_number", "events"});
    answer.tracking_number = RequiredId(body, "tracking_number");
    const json& events = body.contains("events") ? body["events"] : json();
    CheckEvents(events, "events");
    for (size_t i = 0; i < events.size(); ++i) {
      const json& e = events[i];
      const std::string at = "events[" + std::to_string(i) + "].";
      if (!e.is_object()) throw BadField(at.substr(0, at.size() - 1), "an event is an object");
      RejectUnknownFields(e, {"code", "justification", "text", "at"}, at);
      ParcelEvent event;
      event.code = RequiredText(e, "code", 64, at);
      event.justification = OptionalText(e, "justification", 64, at).value_or("");
      event.text = OptionalText(e, "text", 500, at).value_or("");
      event.at = Instant(e, "at", at);
      answer.events.push_back(std::move(event));
    }
  }
  for (ParcelEvent& e : answer.events) {
    e.carrier = carrier;
    e.tracking_number = answer.tracking_number;
  }
  // Oldest first: a carrier's own order (InPost: newest first) does not decide which step comes last.
  std::stable_sort(answer.events.begin(), answer.events.end(), [](const ParcelEvent& a, const ParcelEvent& b) {
    return *ParseInstant(a.at) < *ParseInstant(b.at);
  });
  return answer;
}

std::string ReadCarrierPolling(const json& j, const std::string& at, std::vector<CarrierPolling>* out) {
  if (!j.is_object()) return at + ": an object, carrier -> {url, format, token_env, every_ms}";
  for (const auto& [carrier, c] : j.items()) {
    const std::string here = at + "." + carrier;
    if (!c.is_object() || !c.contains("url") || !c["url"].is_string()) return here + ".url: required";
    CarrierPolling p;
    p.carrier = carrier;
    p.url = c["url"];
    if (!p.url.starts_with("http://") && !p.url.starts_with("https://")) return here + ".url: an http(s) URL";
    p.format = c.value("format", p.format);
    if (p.format != "relais" && p.format != "inpost") return here + ".format: relais or inpost";
    if (c.contains("token_env")) {
      const char* token = std::getenv(c["token_env"].get<std::string>().c_str());
      p.token = token ? token : "";
    }
    p.every_ms = c.value("every_ms", p.every_ms);
    if (p.every_ms < 10) return here + ".every_ms: 10 or more";
    out->push_back(std::move(p));
  }
  return "";
}

}  // namespace relais::edge
