// The question routes of HttpApi: staff ask, the shopper (or customer service) answers. They read the
// request and who may act; the question service (orders/question_service.h) decides what it means.
#include <utility>

#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/customer_fields.h"
#include "edge/orders/question_service.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

namespace {

using nlohmann::json;

json TextInBothLanguages(const json& body) {
  if (!body.contains("text") || !body["text"].is_object()) {
    throw BadField("text", "text is the question: {\"fr\": ..., \"en\": ...}");
  }
  RejectUnknownFields(body["text"], {"fr", "en"}, "text.");
  json text = json::object();
  for (const char* lang : {"fr", "en"}) {
    if (const std::optional<std::string> t = OptionalText(body["text"], lang, 500, "text.")) text[lang] = *t;
  }
  if (text.empty()) throw BadField("text", "give the question in fr, en or both");
  if (!text.contains("fr")) text["fr"] = text["en"];
  if (!text.contains("en")) text["en"] = text["fr"];
  return text;
}

// A choice: its label, or {label, action, and the action's fields} -- what answering it does, one of
// customer service's actions (change_slot {date}, ship_home {address}, change_relay {relay}); null action
// for a label alone.
std::pair<std::string, json> ReadChoice(const json& choice, const std::string& at) {
  const auto label_of = [&](const json& text, const std::string& field) {
    if (!text.is_string() || text.get_ref<const std::string&>().empty() ||
        text.get_ref<const std::string&>().size() > 200) {
      throw BadField(field, "a choice is a text of 1 to 200 characters");
    }
    return text.get<std::string>();
  };
  if (!choice.is_object()) return {label_of(choice, at), json()};
  const std::string prefix = at + ".";
  RejectUnknownFields(choice, {"label", "action", "date", "slot", "address", "relay"}, prefix);
  const std::string label = label_of(choice.value("label", json()), prefix + "label");
  const std::string action = RequiredEnum(choice, "action", {"change_slot", "ship_home", "change_relay"}, prefix);
  json out = {{"action", action}};
  if (action == "change_slot") {
    out["date"] = RequiredText(choice, "date", 10, prefix);
    if (!ParseIsoDate(out["date"].get<std::string>())) throw BadField(prefix + "date", "date is YYYY-MM-DD");
    if (const std::optional<std::string> slot = OptionalText(choice, "slot", 11, prefix)) out["slot"] = *slot;
  } else if (action == "ship_home") {
    if (!choice.contains("address")) throw BadField(prefix + "address", "ship_home needs the address");
    out["address"] = ReadHomeAddress(choice["address"], prefix + "address.");
  } else {
    if (!choice.contains("relay") || !choice["relay"].is_object()) {
      throw BadField(prefix + "relay", "relay is {carrier, id}");
    }
    RejectUnknownFields(choice["relay"], {"carrier", "id"}, prefix + "relay.");
    out["relay"] = {{"carrier", RequiredText(choice["relay"], "carrier", 32, prefix + "relay.")},
                    {"id", RequiredText(choice["relay"], "id", 32, prefix + "relay.")}};
  }
  return {label, out};
}

}  // namespace

void HttpApi::RegisterQuestionRoutes() {
  Route("POST", R"(/v1/orders/([^/]+)/questions)", "/v1/orders/{id}/questions", kMerchantRole | kStaffRole,
        [this](Call& c) {
          const std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"kind", "sku", "candidates", "text", "choices", "shipment"});
          QuestionAsked asked;
          asked.kind = RequiredEnum(body, "kind", {"substitution", "choice", "text"});
          asked.shipment = OptionalInt(body, "shipment", 0, 1000).value_or(0);
          if (asked.kind == "substitution") {
            asked.sku = RequiredId(body, "sku");
            if (body.contains("candidates")) {
              if (!body["candidates"].is_array() || body["candidates"].size() > 5) {
                throw BadField("candidates", "candidates is a list of up to 5 skus");
              }
              asked.candidates.emplace();
              for (size_t i = 0; i < body["candidates"].size(); ++i) {
                if (!body["candidates"][i].is_string())
                  throw BadField("candidates[" + std::to_string(i) + "]", "a sku");
                asked.candidates->push_back(body["candidates"][i]);
              }
            }
          } else {
            asked.text = TextInBothLanguages(body);
            if (asked.kind == "choice") {
              if (!body.contains("choices") || !body["choices"].is_array() || body["choices"].size() < 2 ||
                  body["choices"].size() > 5) {
                throw BadField("choices", "choices is a list of 2 to 5 answers");
              }
              for (size_t i = 0; i < body["choices"].size(); ++i) {
                const auto [label, action] = ReadChoice(body["choices"][i], "choices[" + std::to_string(i) + "]");
                asked.choices.push_back(label);
                asked.actions.push_back(action);
              }
            }
          }
          const QuestionService::Asked done = ValueOrThrow(questions_.Ask(c.brand->id, *found, asked, ActorOf(c)));
          SendJson(
              c.res, 201,
              {{"question", done.question}, {"order", OrderJson(done.order)}, {"line_cancelled", done.line_cancelled}});
        });

  // The shopper answers with its tracking token (the order it opens: a parent finds the question in its
  // children), customer service with the merchant key.
  Route("POST", R"(/v1/orders/([^/]+)/questions/([^/]+)/answer)", "/v1/orders/{id}/questions/{qid}/answer",
        kMerchantRole | kShopperRole, [this](Call& c) {
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"accept", "sku", "choice", "text"});
          QuestionAnswer answer;
          if (body.contains("accept")) {
            if (!body["accept"].is_boolean()) throw BadField("accept", "accept is true (with the sku chosen) or false");
            answer.accept = body["accept"].get<bool>();
          }
          if (body.contains("sku")) answer.sku = RequiredId(body, "sku");
          if (body.contains("choice")) {  // Its range is the question's: the service checks it.
            if (!body["choice"].is_number_integer()) {
              throw BadField("choice", "choice is the index (from 0) of one of the question's choices");
            }
            answer.choice = body["choice"].get<int64_t>();
          }
          answer.text = OptionalText(body, "text", 1000);
          const QuestionService::Answered done =
              ValueOrThrow(questions_.Answer(c.brand->id, c.req.matches[1], c.req.matches[2], answer, ActorOf(c)));
          SendJson(c.res, 200,
                   {{"question", done.question},
                    {"order", OrderJson(done.order)},
                    {"line_cancelled", done.line_cancelled},
                    {"repeated", done.repeated}});
        });
}

}  // namespace relais::edge
