// Returns over HTTP (orders/return_service.h): the shopper asks from the tracking page (its token opens its own
// order's returns); staff at any site taking returns find a return by its number (typed, scanned, or its QR
// code), receive it there, grade it and validate the refund; the merchant acts anywhere.
#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/roles.h"
#include "edge/json_fields.h"
#include "edge/orders/pickup_qr.h"
#include "edge/orders/return_policy.h"
#include "edge/utc_now.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr const char* kReturnNumber = R"((R[A-Z0-9]{10}))";

}  // namespace

void HttpApi::RegisterReturnRoutes() {
  // Staff see an order's returns when their site takes returns (a return may come back to any such store) or the
  // order is theirs to see anyway.
  const auto may_see_returns = [this](const Call& c, const Order& order) {
    if (c.role == kStaffRole) {
      const std::optional<Site> site = store_->GetSite(c.brand->id, c.staff_site);
      if (site && TakesReturns(*site)) return true;
    }
    return MaySee(c, order);
  };
  const auto order_of = [this, may_see_returns](Call& c) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !order->parent_id.empty() || !may_see_returns(c, *order)) {
      throw NotFound("order " + std::string(c.req.matches[1]));
    }
    return *order;
  };
  const auto return_of = [this, may_see_returns](Call& c) {
    const std::optional<ReturnRequest> r =
        returns_.PolicyOf(c.brand->id) ? store_->GetReturn(c.brand->id, c.req.matches[1]) : std::nullopt;
    const std::optional<Order> order = r ? store_->GetOrder(c.brand->id, r->order_id) : std::nullopt;
    if (!r || !order || !may_see_returns(c, *order) || (c.role == kShopperRole && order->id != c.shopper_order)) {
      throw ApiError(404, "not_found", "no return " + std::string(c.req.matches[1]), "id");
    }
    return *r;
  };
  const auto describe = [this](const Call& c, const ReturnRequest& r) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, r.order_id);
    json out = returns_.Describe(c.brand->id, r, order ? order->contact.value("lang", "fr") : "fr");
    out["qr"] = QrModules(r.id);  // Shown at the counter or the locker: the return's number, nothing else.
    return out;
  };
  // Grading and validating belong to the site that received it.
  const auto at_receiving_site = [](const Call& c, const ReturnRequest& r) {
    if (c.role == kStaffRole && r.received_site != c.staff_site) {
      throw ApiError(403, "forbidden",
                     r.received_site.empty() ? "receive the return at your site first"
                                             : "return " + r.id + " was received at " + r.received_site,
                     "id");
    }
  };

  Route("GET", R"(/v1/orders/([^/]+)/returns)", "/v1/orders/{id}/returns", kMerchantRole | kStaffRole | kShopperRole,
        [this, order_of](Call& c) {
          const Order order = order_of(c);
          SendJson(c.res, 200, ValueOrThrow(returns_.Options(c.brand->id, order.id, UnixSecondsNow())));
        });

  Route("POST", R"(/v1/orders/([^/]+)/returns)", "/v1/orders/{id}/returns", kMerchantRole | kStaffRole | kShopperRole,
        [this, order_of, describe](Call& c) {
          const Order order = order_of(c);
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"lines", "reason", "drop_off"});
          ReturnService::Ask ask;
          if (!body.contains("lines") || !body["lines"].is_array() || body["lines"].empty() ||
              body["lines"].size() > 100) {
            throw BadField("lines", "lines lists 1..100 {line, quantity}: the order's line and the units returned");
          }
          for (size_t i = 0; i < body["lines"].size(); ++i) {
            const std::string at = "lines[" + std::to_string(i) + "].";
            const json& l = body["lines"][i];
            if (!l.is_object()) throw BadField("lines[" + std::to_string(i) + "]", "a line is {line, quantity}");
            RejectUnknownFields(l, {"line", "quantity"}, at);
            ask.lines.emplace_back(RequiredInt(l, "line", 0, 10'000, at), RequiredInt(l, "quantity", 1, 1'000'000, at));
          }
          ask.reason = RequiredText(body, "reason", 64);
          if (!body.contains("drop_off") || !body["drop_off"].is_object()) {
            throw BadField("drop_off",
                           "drop_off is {kind: store, site} | {kind: relay|locker, carrier, id} | "
                           "{kind: home}");
          }
          const json& drop = body["drop_off"];
          const std::string kind = RequiredEnum(drop, "kind", {"store", "relay", "locker", "home"}, "drop_off.");
          if (kind == "store") {
            RejectUnknownFields(drop, {"kind", "site"}, "drop_off.");
            const std::string site = RequiredId(drop, "site", "drop_off.");
            RequireSite(c, site, "drop_off.site");
            ask.drop_off = {{"kind", kind}, {"site", site}};
          } else if (kind == "home") {
            RejectUnknownFields(drop, {"kind"}, "drop_off.");
            ask.drop_off = {{"kind", kind}};
          } else {
            RejectUnknownFields(drop, {"kind", "carrier", "id"}, "drop_off.");
            ask.drop_off = {{"kind", kind},
                            {"carrier", RequiredText(drop, "carrier", 32, "drop_off.")},
                            {"id", RequiredText(drop, "id", 32, "drop_off.")}};
          }
          ask.key = c.req.get_header_value("Idempotency-Key").substr(0, 200);
          bool replayed = false;
          const ReturnRequest r =
              ValueOrThrow(returns_.Request(c.brand->id, order.id, ask, ActorOf(c), UnixSecondsNow(), &replayed));
          json out = describe(c, r);
          out["replayed"] = replayed;
          SendJson(c.res, replayed ? 200 : 201, out);
        });

  Route("GET", std::string("/v1/returns/") + kReturnNumber, "/v1/returns/{id}",
        kMerchantRole | kStaffRole | kShopperRole,
        [return_of, describe](Call& c) { SendJson(c.res, 200, describe(c, return_of(c))); });

  // The return parcel's label (a relay, locker or home return), numbered once: the same number on every call.
  Route("GET", std::string("/v1/returns/") + kReturnNumber + "/label", "/v1/returns/{id}/label",
        kMerchantRole | kStaffRole | kShopperRole, [this, return_of](Call& c) {
          const ReturnRequest r = return_of(c);
          const ReturnService::Labelled labelled =
              ValueOrThrow(returns_.Label(c.brand->id, r.id, ActorOf(c), UnixSecondsNow()));
          c.res.set_header("X-Parcel-Numbers", labelled.r.parcel.value("tracking_number", ""));
          c.res.set_header("Content-Disposition", "inline; filename=\"" + r.id + ".pdf\"");
          c.res.set_content(labelled.pdf, "application/pdf");
        });

  // What the shopper, a carrier's agent or staff report on the way back: dropped_off, in_transit; the shopper
  // cancels while it is only requested.
  Route("POST", std::string("/v1/returns/") + kReturnNumber + "/steps", "/v1/returns/{id}/steps",
        kMerchantRole | kStaffRole | kShopperRole, [this, return_of, describe](Call& c) {
          const ReturnRequest r = return_of(c);
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"event", "reason"});
          const std::string event = RequiredEnum(body, "event", {"dropped_off", "in_transit", "cancel"});
          if (c.role == kShopperRole && event == "in_transit") {
            throw ApiError(403, "forbidden", "the carrier reports a return in transit", "event");
          }
          const ReturnRequest moved = ValueOrThrow(
              returns_.Step(c.brand->id, r.id, event, ActorOf(c, OptionalText(body, "reason", 500).value_or("")),
                            c.role == kShopperRole));
          SendJson(c.res, 200, describe(c, moved));
        });

  // Received at the caller's site (staff), or at the site a merchant names. A second scan answers the receipt made.
  Route("POST", std::string("/v1/returns/") + kReturnNumber + "/receive", "/v1/returns/{id}/receive",
        kMerchantRole | kStaffRole, [this, return_of, describe](Call& c) {
          const ReturnRequest r = return_of(c);
          const json body = c.req.body.empty() ? json::object() : ParseBody(c.req.body);
          RejectUnknownFields(body, {"site", "reason"});
          std::string site = c.staff_site;
          if (c.role == kMerchantRole) site = RequiredId(body, "site");
          if (body.contains("site")) RequireSite(c, RequiredId(body, "site"), "site");
          bool repeated = false;
          const ReturnRequest received = ValueOrThrow(returns_.Receive(
              c.brand->id, r.id, site, ActorOf(c, OptionalText(body, "reason", 500).value_or("")), &repeated));
          json out = describe(c, received);
          out["repeated"] = repeated;
          SendJson(c.res, repeated ? 200 : 201, out);
        });

  Route("POST", std::string("/v1/returns/") + kReturnNumber + "/grade", "/v1/returns/{id}/grade",
        kMerchantRole | kStaffRole, [this, return_of, describe, at_receiving_site](Call& c) {
          const ReturnRequest r = return_of(c);
          at_receiving_site(c, r);
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"grades", "compensation_confirmed", "reason"});
          if (!body.contains("grades") || !body["grades"].is_array() || body["grades"].empty() ||
              body["grades"].size() > 100) {
            throw BadField("grades", "grades lists {line, resellable, unsellable} for every line of the return");
          }
          std::vector<ReturnService::Grade> grades;
          for (size_t i = 0; i < body["grades"].size(); ++i) {
            const std::string at = "grades[" + std::to_string(i) + "].";
            const json& g = body["grades"][i];
            if (!g.is_object()) throw BadField("grades[" + std::to_string(i) + "]", "a grade is an object");
            RejectUnknownFields(g, {"line", "resellable", "unsellable"}, at);
            grades.push_back({RequiredInt(g, "line", 0, 10'000, at), RequiredInt(g, "resellable", 0, 1'000'000, at),
                              RequiredInt(g, "unsellable", 0, 1'000'000, at)});
          }
          const ReturnRequest graded = ValueOrThrow(returns_.GradeReturn(
              c.brand->id, r.id, grades, OptionalBool(body, "compensation_confirmed").value_or(false),
              ActorOf(c, OptionalText(body, "reason", 500).value_or(""))));
          SendJson(c.res, 200, describe(c, graded));
        });

  // A refund the provider refused, or that was given up: asked again (the same refund, the same key).
  Route("POST", std::string("/v1/returns/") + kReturnNumber + "/payment", "/v1/returns/{id}/payment",
        kMerchantRole | kStaffRole, [this, return_of, describe, at_receiving_site](Call& c) {
          const ReturnRequest r = return_of(c);
          at_receiving_site(c, r);
          const json body = c.req.body.empty() ? json::object() : ParseBody(c.req.body);
          RejectUnknownFields(body, {"reason"});
          const ReturnRequest asked = ValueOrThrow(returns_.RetryRefund(
              c.brand->id, r.id, ActorOf(c, OptionalText(body, "reason", 500).value_or("")), UnixMillisNow()));
          if (on_refund_queued_) on_refund_queued_();
          SendJson(c.res, 200, describe(c, asked));
        });

  Route("POST", std::string("/v1/returns/") + kReturnNumber + "/validate", "/v1/returns/{id}/validate",
        kMerchantRole | kStaffRole, [this, return_of, describe, at_receiving_site](Call& c) {
          const ReturnRequest r = return_of(c);
          at_receiving_site(c, r);
          const json body = c.req.body.empty() ? json::object() : ParseBody(c.req.body);
          RejectUnknownFields(body, {"reason"});
          bool final = false;
          const ReturnRequest validated = ValueOrThrow(
              returns_.Validate(c.brand->id, r.id, ActorOf(c, OptionalText(body, "reason", 500).value_or("")), &final));
          if (final && on_refund_queued_) on_refund_queued_();
          SendJson(c.res, 200, describe(c, validated));
        });
}

}  // namespace relais::edge
