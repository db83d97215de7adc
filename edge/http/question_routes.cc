// The question routes of HttpApi (order_questions.h): staff ask, the shopper (or customer service) answers,
// and an answer to a substitution changes the order's lines and stock in the same transaction.
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/order_family.h"
#include "edge/orders/order_questions.h"
#include "edge/orders/tracking_token.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int kQuestionAttempts = 5;      // Re-reads when the order changed meanwhile.
constexpr size_t kMaxOpenQuestions = 20;  // Per order: a runaway script cannot flood the shopper.
constexpr size_t kCandidatesOffered = 3;
constexpr int64_t kCategoryLooked = 50;

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

}  // namespace

std::vector<Notification> HttpApi::QuestionNotifications(const std::string& brand, const Order& order,
                                                         const json& question) {
  const BrandConfig* config = BrandConfigOf(brand);
  if (!config) return {};
  NotificationFacts facts;
  facts.brand_name = config->name;
  facts.lang = order.contact.value("lang", "fr");
  facts.name = order.contact.value("name", "");
  facts.order_id = order.parent_id.empty() ? order.id : order.parent_id;
  facts.step_label = facts.lang == "en" ? "a question awaits your answer" : "une question attend votre réponse";
  facts.where = question["text"].value(facts.lang, "");
  facts.link = TrackingLink(config->notifications, brand, facts.order_id, facts.lang);
  return ComposeNotifications(config->notifications, brand, order, question.value("shipment", int64_t{0}),
                              "question:" + question["id"].get<std::string>(), facts);
}

void HttpApi::RegisterQuestionRoutes() {
  Route("POST", R"(/v1/orders/([^/]+)/questions)", "/v1/orders/{id}/questions", kMerchantRole | kStaffRole,
        [this](Call& c) {
          const std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
          if (!found->children.empty()) {
            throw Conflict("ask_the_child_order", "order " + found->id +
                                                      " is served by several sites: ask on the child order that holds "
                                                      "the line");
          }
          if (found->status == OrderStatus::kCancelled || found->status >= OrderStatus::kShipped) {
            throw Conflict("too_late", "order " + found->id + " is " + OrderStatusText(found->status) +
                                           ": nothing left to ask about");
          }
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"kind", "sku", "candidates", "text", "choices", "shipment"});
          const std::string kind = RequiredEnum(body, "kind", {"substitution", "choice", "text"});
          json question = {{"id", "q_" + RandomHex(6)},
                           {"kind", kind},
                           {"shipment", OptionalInt(body, "shipment", 0, 1000).value_or(0)},
                           {"status", "open"},
                           {"asked_at", UtcNowIso()},
                           {"asked_by", ActorOf(c).who}};
          bool cancel_now = false;  // A missing product the shopper would not have replaced.
          if (kind == "substitution") {
            const std::string sku = RequiredId(body, "sku");
            const OrderLine* line = nullptr;
            for (const OrderLine& l : found->lines) line = !line && l.sku == sku ? &l : line;
            if (!line) throw BadField("sku", "order " + found->id + " has no line of " + sku);
            for (const json& q : found->questions) {
              if (q.value("sku", "") == sku && q.value("status", "") == "open") {
                throw Conflict("already_asked", "a question about " + sku + " awaits the shopper's answer", "sku");
              }
            }
            const Product product = *store_->GetProduct(c.brand->id, sku);
            question["sku"] = sku;
            question["quantity"] = line->quantity;
            question["text"] = SubstitutionText(product);
            const auto available = [&](const std::string& candidate) {
              const std::vector<SiteStock> stock = store_->StockOf(c.brand->id, candidate, line->site);
              return stock.empty() ? int64_t{0} : stock[0].level.available();
            };
            std::vector<Product> candidates;
            if (body.contains("candidates")) {  // Staff's own picks: they must exist and be there.
              if (!body["candidates"].is_array() || body["candidates"].size() > 5) {
                throw BadField("candidates", "candidates is a list of up to 5 skus");
              }
              for (size_t i = 0; i < body["candidates"].size(); ++i) {
                const std::string at = "candidates[" + std::to_string(i) + "]";
                if (!body["candidates"][i].is_string()) throw BadField(at, "a sku");
                const std::optional<Product> p = store_->GetProduct(c.brand->id, body["candidates"][i]);
                if (!p) throw ApiError(404, "not_found", "no product " + body["candidates"][i].get<std::string>(), at);
                if (available(p->sku) < line->quantity) {
                  throw Conflict("insufficient_stock", p->sku + " is not in stock at " + line->site, at);
                }
                candidates.push_back(*p);
              }
            } else {
              candidates =
                  SubstituteCandidates(product, store_->ProductsIn(c.brand->id, product.category, kCategoryLooked),
                                       line->quantity, available, kCandidatesOffered);
            }
            json offered = json::array();
            for (const Product& p : candidates) {
              offered.push_back({{"sku", p.sku}, {"name", p.name}, {"price_cents", p.price_cents}});
            }
            question["candidates"] = offered;
            cancel_now = !found->substitutions_allowed || candidates.empty();
          } else {
            question["text"] = TextInBothLanguages(body);
            if (kind == "choice") {
              if (!body.contains("choices") || !body["choices"].is_array() || body["choices"].size() < 2 ||
                  body["choices"].size() > 5) {
                throw BadField("choices", "choices is a list of 2 to 5 answers");
              }
              for (size_t i = 0; i < body["choices"].size(); ++i) {
                const json& choice = body["choices"][i];
                if (!choice.is_string() || choice.get_ref<const std::string&>().empty() ||
                    choice.get_ref<const std::string&>().size() > 200) {
                  throw BadField("choices[" + std::to_string(i) + "]", "a choice is a text of 1 to 200 characters");
                }
              }
              question["choices"] = body["choices"];
            }
          }
          size_t open = 0;
          for (const json& q : found->questions) open += q.value("status", "") == "open";
          if (open >= kMaxOpenQuestions) throw Conflict("too_many_questions", "answer the open questions first");
          QuestionChange change;
          change.expected = found->questions;
          change.questions = found->questions;
          change.actor = ActorOf(c);
          if (cancel_now) {
            // Nothing to offer, or the shopper wants no substitutes: the line is cancelled now, and said so.
            question["status"] = "answered";
            question["answer"] = {{"accept", false},
                                  {"reason", found->substitutions_allowed ? "no substitute in stock"
                                                                          : "the shopper allowed no substitutions"}};
            question["answered_at"] = question["asked_at"];
            question["answered_by"] = "system";
            const AnsweredLines after = ApplySubstitution(*found, question, std::nullopt);
            change.lines = after.lines;
            change.total_cents = after.total_cents;
            change.movements = after.movements;
            change.kind = "line_cancelled";
            change.details = {
                {"question", question["id"]}, {"sku", question["sku"]}, {"reason", question["answer"]["reason"]}};
          } else {
            change.kind = "question";
            change.details = {{"question", question["id"]}, {"kind", kind}};
            change.notifications = QuestionNotifications(c.brand->id, *found, question);
          }
          change.questions.push_back(question);
          const Order order = ValueOrThrow(RecordQuestion(lifecycle_, c.brand->id, found->id, change));
          if (!change.notifications.empty() && on_notifications_queued_) on_notifications_queued_();
          SendJson(c.res, 201, {{"question", question}, {"order", OrderJson(order)}, {"line_cancelled", cancel_now}});
        });

  // The shopper answers with its tracking token (the order it opens: a parent finds the question in its
  // children), customer service with the merchant key.
  Route("POST", R"(/v1/orders/([^/]+)/questions/([^/]+)/answer)", "/v1/orders/{id}/questions/{qid}/answer",
        kMerchantRole | kShopperRole, [this](Call& c) {
          const std::string question_id = c.req.matches[2];
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"accept", "sku", "choice", "text"});
          for (int attempt = 1;; ++attempt) {
            const std::optional<Order> top = store_->GetOrder(c.brand->id, c.req.matches[1]);
            if (!top) throw NotFound("order " + std::string(c.req.matches[1]));
            std::optional<Order> holder;
            for (Order& part : ShipmentOrders(c.brand->id, *top)) {
              if (!holder && FindQuestion(part, question_id)) holder = std::move(part);
            }
            if (!holder) throw NotFound("question " + question_id);
            const json question = *FindQuestion(*holder, question_id);
            const std::string kind = question["kind"];
            json answer;
            std::optional<Product> substitute;
            if (kind == "substitution") {
              if (!body.contains("accept") || !body["accept"].is_boolean()) {
                throw BadField("accept", "accept is true (with the sku chosen) or false");
              }
              answer = {{"accept", body["accept"]}};
              if (body["accept"].get<bool>()) {
                const std::string sku = RequiredId(body, "sku");
                bool offered = false;
                for (const json& candidate : question.value("candidates", json::array())) {
                  offered = offered || candidate.value("sku", "") == sku;
                }
                if (!offered) throw BadField("sku", sku + " is not one of the substitutes offered");
                substitute = store_->GetProduct(c.brand->id, sku);
                if (!substitute) throw NotFound("product " + sku);
                answer["sku"] = sku;
              }
            } else if (kind == "choice") {
              const int64_t choice =
                  RequiredInt(body, "choice", 0, static_cast<int64_t>(question["choices"].size()) - 1);
              answer = {{"choice", choice}, {"label", question["choices"][choice]}};
            } else {
              answer = {{"text", RequiredText(body, "text", 1000)}};
            }
            if (question["status"] == "answered") {
              // Idempotent: the same answer again is a replay; another one comes too late.
              json given = question["answer"];
              given.erase("label");
              json asked = answer;
              asked.erase("label");
              if (given != asked) {
                throw Conflict("already_answered", "this question was answered already", "")
                    .WithDetails({{"answer", question["answer"]}});
              }
              SendJson(c.res, 200, {{"question", question}, {"order", OrderJson(*holder)}, {"repeated", true}});
              return;
            }
            if (kind == "substitution" &&
                (holder->status == OrderStatus::kCancelled || holder->status >= OrderStatus::kShipped)) {
              throw Conflict("too_late", "order " + holder->id + " is " + OrderStatusText(holder->status) +
                                             ": its lines can no longer change");
            }
            json answered = question;
            answered["status"] = "answered";
            answered["answer"] = answer;
            answered["answered_at"] = UtcNowIso();
            answered["answered_by"] = ActorOf(c).who;
            QuestionChange change;
            change.expected = holder->questions;
            change.questions = json::array();
            for (const json& q : holder->questions) change.questions.push_back(q["id"] == question_id ? answered : q);
            change.actor = ActorOf(c);
            change.kind = "answer";
            change.details = {{"question", question_id}, {"kind", kind}, {"answer", answer}};
            bool line_cancelled = false;
            if (kind == "substitution") {
              const AnsweredLines after = ApplySubstitution(*holder, question, substitute);
              change.lines = after.lines;
              change.total_cents = after.total_cents;
              change.movements = after.movements;
              line_cancelled = !substitute;
            }
            try {
              const Order order = ValueOrThrow(RecordQuestion(lifecycle_, c.brand->id, holder->id, change));
              SendJson(c.res, 200,
                       {{"question", answered}, {"order", OrderJson(order)}, {"line_cancelled", line_cancelled}});
              return;
            } catch (const ApiError& e) {
              if (e.code() != "order_moved" || attempt == kQuestionAttempts) throw;
            }
          }
        });
}

}  // namespace relais::edge
