// Server-side baskets, for storefronts and apps that do not keep the basket in the browser: lines, a mode
// per line or for all, the relay point, the collect site or the slot's site, the delivery address; every
// answer carries the engine's split plan made now with the server's stock; ordering re-validates it all
// through the order path (prices, stock, relay points, the plan itself).
//
//   POST   /v1/baskets                       {customer_id, purchase_site?, lines?, choices?, preference?,
//                                             home_address?, contact?}
//   GET    /v1/baskets/{id}
//   PUT    /v1/baskets/{id}/lines/{sku}      {quantity, mode?}: add or change a line
//   DELETE /v1/baskets/{id}/lines/{sku}
//   PUT    /v1/baskets/{id}/choices          {choices?, preference?, home_address?, contact?}
//   POST   /v1/baskets/{id}/order            the order, from the basket's plan (Idempotency-Key optional)
#include <tuple>

#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/customer_fields.h"
#include "edge/orders/slot_booking.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/sha256.h"
#include "wasm/engine/split_json.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr size_t kMaxBasketLines = 100;
constexpr int64_t kMaxBasketQuantity = 1000;

std::vector<SplitRequestLine> RequestLines(const Basket& basket, const std::vector<MerchantMode>& merchant_modes) {
  std::vector<SplitRequestLine> lines;
  for (const BasketLine& l : basket.lines) {
    SplitMode kind = SplitMode::kHome;
    std::string merchant;  // A mode the merchant added, or "".
    const bool imposed = !l.mode.empty() && ParseImposedModeName(l.mode, merchant_modes, &kind, &merchant);
    lines.push_back({l.sku, l.quantity, imposed ? std::optional(kind) : std::nullopt, merchant});
  }
  return lines;
}

// A basket line's imposed mode as given under `field` of `object`: an engine's or a merchant's, else 400.
std::string ReadImposedMode(const json& object, const std::string& at,
                            const std::vector<MerchantMode>& merchant_modes) {
  const std::vector<std::string> names = ImposedModeNamesWith(merchant_modes);
  const std::vector<std::string_view> views(names.begin(), names.end());
  return RequiredEnum(object, "mode", views, at);
}

// The fields a basket's owner sets (POST and PUT .../choices): each present one replaces the stored one.
void ReadBasketChoices(const json& body, Basket* basket) {
  if (body.contains("choices")) {
    if (!body["choices"].is_object()) throw BadField("choices", "choices is an object (modes, relay, home, ...)");
    basket->choices = body["choices"];
  }
  if (body.contains("preference")) basket->preference = RequiredEnum(body, "preference", {"cheapest", "fastest"});
  if (body.contains("home_address")) basket->home_address = ReadHomeAddress(body["home_address"], "home_address.");
  if (body.contains("contact")) basket->contact = ReadContact(body["contact"], "contact.");
}

// The order lines a plan stands for: each shipment's lines from its site, by its mode, to its destination
// (the basket's address for home; the relay point with the arrival date; the collect site), through its
// delivering site after a transfer.
std::vector<OrderRequest::Line> OrderLinesOf(const json& plan, const Basket& basket) {
  std::vector<OrderRequest::Line> lines;
  for (const json& s : plan["shipments"]) {
    // A merchant's mode is planned as its route kind (split_json.h): {mode: its name, route: the kind}.
    const std::optional<SplitMode> planned = ParseSplitMode(s.value("route", s["mode"].get<std::string>()));
    if (!planned) throw std::logic_error("the engine planned an unknown mode " + s["mode"].dump());
    const std::string merchant_mode = s.contains("route") ? s["mode"].get<std::string>() : "";
    const std::string mode(SplitModeName(*planned));
    const json& destination = s["destination"];
    for (const json& l : s["lines"]) {
      OrderRequest::Line line;
      line.sku = l["sku"];
      line.quantity = l["quantity"];
      line.site = s["site"];
      line.mode = RecordedMode(*planned);
      line.merchant_mode = merchant_mode;
      if (mode == "home") {
        if (basket.home_address.is_null()) {
          throw BadField("home_address", "the plan delivers home: give the basket a home_address first");
        }
        line.destination = basket.home_address;
      } else if (mode == "relay" || mode == "locker") {
        line.destination = {{"carrier", destination["carrier"]}, {"id", destination["id"]}};
        line.date = s["earliest"];
      } else {
        line.destination = {{"site", destination["site"]}};
        // Collected in the slot the basket booked at that mode's site (the plan is on its day).
        const char* slot_key = SlotChoiceKey(*planned);
        if (slot_key && basket.choices.contains(slot_key) && basket.choices[slot_key].is_object() &&
            basket.choices[slot_key].value("start", json()).is_string()) {  // Checked when chosen.
          line.date = s["earliest"];
          line.slot = basket.choices[slot_key]["start"];
        }
      }
      if (s.contains("via") && !destination.contains("site")) line.via = s["via"];
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace

void HttpApi::RegisterBasketRoutes() {
  // The basket and its plan now (none while it is empty; its choices are checked all the same).
  const auto answer = [this](const Brand& brand, const Basket& basket) {
    json out = BasketJson(basket);
    const BrandSettings settings = CurrentSettings(brand.id);
    if (basket.lines.empty()) {
      SplitInput input = BuildSplitInput(*store_, brand.id, settings, basket.purchase_site, {}, UnixSecondsNow(),
                                         orders_.merchant_modes());
      const std::shared_ptr<const RelayDataset> relays = relays_->Current();
      AddSplitChoices(basket.choices, basket.preference, relays ? &*relays->snapshot : nullptr, "", &input);
      out["plan"] = nullptr;
    } else {
      out["plan"] = ValueOrThrow(orders_.PlanBasket(brand, settings, basket.purchase_site, basket.customer_id,
                                                    RequestLines(basket, orders_.merchant_modes()),
                                                    orders_.WithHomePlaced(basket.choices, basket.home_address),
                                                    basket.preference, ""))
                        .json;
    }
    return out;
  };
  // A change: planned first (wrong choices are refused before anything is stored), then stored. A slot the
  // choices book must be one the order could take now (slot_booking.h): its day, its hours, not full.
  const auto store_and_answer = [this, answer](const Brand& brand, const Basket& basket) {
    for (const auto& [slot_key, site_key, mode] :
         {std::tuple{"collect_slot", "collect_site", DeliveryMode::kClickCollect},
          std::tuple{"drive_slot", "drive_site", DeliveryMode::kDrive},
          std::tuple{"pedestrian_slot", "pedestrian_site", DeliveryMode::kPedestrian}}) {
      const json slot = basket.choices.value(slot_key, json());
      if (!slot.is_object()) continue;  // Absent; a wrong shape is the engine's to refuse (answer, below).
      const std::string field = std::string("choices.") + slot_key;
      const auto text = [](const json& object, const char* key, const std::string& otherwise) {
        const auto it = object.find(key);
        return it == object.end() ? otherwise : it->is_string() ? it->get<std::string>() : std::string();
      };
      const std::string site_id =
          text(basket.choices, site_key, std::string(site_key) == "collect_site" ? basket.purchase_site : "");
      const std::optional<Site> site = site_id.empty() ? std::nullopt : store_->GetSite(brand.id, site_id);
      if (!site) throw BadField(field, std::string(slot_key) + " is booked at " + site_key + ": choose that site");
      if (std::optional<OrderError> refused = ChosenSlotRefusal(*store_, brand.id, *site, mode, text(slot, "date", ""),
                                                                text(slot, "start", ""), UnixSecondsNow(), field)) {
        throw ApiErrorOf(*refused);
      }
    }
    json out = answer(brand, basket);
    StoreResult<Basket> stored = store_->PutBasket(brand.id, basket);
    if (!stored.ok()) {
      throw Conflict("basket_changed", "basket " + basket.id + " changed meanwhile: read it again, then retry");
    }
    out.update(BasketJson(*stored));
    return out;
  };
  const auto open_basket = [this](const Brand& brand, const std::string& id) {
    std::optional<Basket> basket = store_->GetBasket(brand.id, id);
    if (!basket) throw NotFound("basket " + id);
    if (basket->status != "open") {
      throw Conflict("basket_ordered", "basket " + id + " became order " + basket->order_id + ": start a new one");
    }
    return *basket;
  };

  Route("POST", "/v1/baskets", "/v1/baskets", kMerchantRole, [this, store_and_answer](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body,
                        {"customer_id", "purchase_site", "lines", "choices", "preference", "home_address", "contact"});
    Basket basket;
    basket.id = "bsk_" + RandomHex(12);
    basket.customer_id = RequiredId(body, "customer_id");
    if (body.contains("purchase_site")) {
      basket.purchase_site = RequiredId(body, "purchase_site");
      if (!store_->GetSite(c.brand->id, basket.purchase_site)) {
        throw ApiError(404, "not_found", "no site " + basket.purchase_site, "purchase_site");
      }
    }
    const json lines = body.value("lines", json::array());
    if (!lines.is_array() || lines.size() > kMaxBasketLines) {
      throw BadField("lines", "lines is an array of at most " + std::to_string(kMaxBasketLines) + " lines");
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string at = "lines[" + std::to_string(i) + "].";
      if (!lines[i].is_object()) throw BadField("lines[" + std::to_string(i) + "]", "a line is {sku, quantity, mode?}");
      RejectUnknownFields(lines[i], {"sku", "quantity", "mode"}, at);
      BasketLine line{RequiredId(lines[i], "sku", at), RequiredInt(lines[i], "quantity", 1, kMaxBasketQuantity, at),
                      lines[i].contains("mode") ? ReadImposedMode(lines[i], at, orders_.merchant_modes()) : ""};
      if (!store_->GetProduct(c.brand->id, line.sku)) {
        throw ApiError(404, "not_found", "no product with sku " + line.sku, at + "sku");
      }
      for (const BasketLine& l : basket.lines) {
        if (l.sku == line.sku) throw BadField(at + "sku", "one line per sku: " + line.sku + " comes twice");
      }
      basket.lines.push_back(line);
    }
    ReadBasketChoices(body, &basket);
    SendJson(c.res, 201, store_and_answer(*c.brand, basket));
  });

  Route("GET", R"(/v1/baskets/([^/]+))", "/v1/baskets/{id}", kMerchantRole, [this, answer](Call& c) {
    const std::optional<Basket> basket = store_->GetBasket(c.brand->id, c.req.matches[1]);
    if (!basket) throw NotFound("basket " + std::string(c.req.matches[1]));
    SendJson(c.res, 200, answer(*c.brand, *basket));
  });

  Route("PUT", R"(/v1/baskets/([^/]+)/lines/([^/]+))", "/v1/baskets/{id}/lines/{sku}", kMerchantRole,
        [this, store_and_answer, open_basket](Call& c) {
          Basket basket = open_basket(*c.brand, c.req.matches[1]);
          const std::string sku = c.req.matches[2];
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"quantity", "mode"});
          if (!store_->GetProduct(c.brand->id, sku)) throw NotFound("product " + sku);
          BasketLine line{sku, RequiredInt(body, "quantity", 1, kMaxBasketQuantity),
                          body.contains("mode") ? ReadImposedMode(body, "", orders_.merchant_modes()) : ""};
          auto same =
              std::find_if(basket.lines.begin(), basket.lines.end(), [&](const BasketLine& l) { return l.sku == sku; });
          if (same != basket.lines.end()) {
            *same = line;
          } else if (basket.lines.size() == kMaxBasketLines) {
            throw BadField("sku", "a basket holds " + std::to_string(kMaxBasketLines) + " lines at most");
          } else {
            basket.lines.push_back(line);
          }
          SendJson(c.res, 200, store_and_answer(*c.brand, basket));
        });

  Route("DELETE", R"(/v1/baskets/([^/]+)/lines/([^/]+))", "/v1/baskets/{id}/lines/{sku}", kMerchantRole,
        [store_and_answer, open_basket](Call& c) {
          Basket basket = open_basket(*c.brand, c.req.matches[1]);
          const std::string sku = c.req.matches[2];
          const auto same =
              std::find_if(basket.lines.begin(), basket.lines.end(), [&](const BasketLine& l) { return l.sku == sku; });
          if (same == basket.lines.end()) throw NotFound("line " + sku + " in basket " + basket.id);
          basket.lines.erase(same);
          SendJson(c.res, 200, store_and_answer(*c.brand, basket));
        });

  Route("PUT", R"(/v1/baskets/([^/]+)/choices)", "/v1/baskets/{id}/choices", kMerchantRole,
        [store_and_answer, open_basket](Call& c) {
          Basket basket = open_basket(*c.brand, c.req.matches[1]);
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"choices", "preference", "home_address", "contact"});
          ReadBasketChoices(body, &basket);
          SendJson(c.res, 200, store_and_answer(*c.brand, basket));
        });

  Route("POST", R"(/v1/baskets/([^/]+)/order)", "/v1/baskets/{id}/order", kMerchantRole, [this](Call& c) {
    std::optional<Basket> basket = store_->GetBasket(c.brand->id, c.req.matches[1]);
    if (!basket) throw NotFound("basket " + std::string(c.req.matches[1]));
    std::string key = c.req.get_header_value("Idempotency-Key");
    if (key.size() > 200) throw BadField("Idempotency-Key", "1-200 characters");
    if (key.empty()) key = "basket:" + basket->id;  // Ordering a basket twice gives its one order.
    int status = 201;
    if (basket->status == "ordered") {  // A retry after the basket was marked: the order it became.
      const std::optional<Order> order = store_->GetOrder(c.brand->id, basket->order_id);
      json again = OrderJson(*order);
      again["replayed"] = true;
      SendJson(c.res, 200, again);
      return;
    }
    if (basket->lines.empty()) throw BadField("lines", "the basket is empty");
    // Sixteen requests may order the basket at once: each plans with the stock it sees, and the first to
    // create the order makes the basket's order; the others, whatever they planned or were refused, answer it.
    const std::string identity = "basket:" + basket->id;
    json created;
    try {
      created = OrderBasket(c, *basket, key, identity, &status);
    } catch (const ApiError&) {
      std::optional<json> made =
          ReplayedOrder(*c.brand, key, Sha256Hex({reinterpret_cast<const uint8_t*>(identity.data()), identity.size()}));
      if (!made) throw;
      created = std::move(*made);
      status = 200;
    }
    basket->status = "ordered";
    basket->order_id = created["id"];
    if (!store_->PutBasket(c.brand->id, *basket).ok()) {
      // Any of the requests may mark the basket first. Only a basket changed otherwise is a conflict.
      const std::optional<Basket> now = store_->GetBasket(c.brand->id, basket->id);
      if (!now || now->status != "ordered" || now->order_id != basket->order_id) {
        throw Conflict("basket_changed", "basket " + basket->id + " changed meanwhile: read it again, then retry");
      }
    }
    SendJson(c.res, status, created);
  });
}

json HttpApi::OrderBasket(const Call& c, const Basket& basket, const std::string& key, const std::string& identity,
                          int* status) {
  const std::string identity_sha256 = Sha256Hex({reinterpret_cast<const uint8_t*>(identity.data()), identity.size()});
  // A retry gets the basket's order, whatever the stock says now.
  if (std::optional<json> replay = ReplayedOrder(*c.brand, key, identity_sha256)) {
    *status = 200;
    return std::move(*replay);
  }
  const BrandSettings settings = CurrentSettings(c.brand->id);
  OrderRequest request;
  request.customer_id = basket.customer_id;
  request.purchase_site = basket.purchase_site;
  request.contact = basket.contact;
  request.split =
      OrderRequest::Split{orders_.WithHomePlaced(basket.choices, basket.home_address), basket.preference, {}, {}};
  for (const BasketLine& l : basket.lines) {
    SplitMode kind = SplitMode::kHome;
    std::string merchant;
    if (l.mode.empty() || !ParseImposedModeName(l.mode, orders_.merchant_modes(), &kind, &merchant)) continue;
    request.split->line_modes[l.sku] = kind;
    if (!merchant.empty()) request.split->line_merchant_modes[l.sku] = merchant;
  }
  const BasketPlan planned = ValueOrThrow(orders_.PlanBasket(
      *c.brand, settings, basket.purchase_site, basket.customer_id, RequestLines(basket, orders_.merchant_modes()),
      request.split->choices, basket.preference, ""));
  if (!planned.plan.unserved.empty()) {
    throw Conflict("basket_unservable", "some lines cannot be served as the basket stands: see the plan", "lines")
        .WithDetails({{"plan", planned.json}});
  }
  request.lines = OrderLinesOf(planned.json, basket);
  // The order path checks it all again -- prices, stock, relay points -- against the plan just made, the
  // server's best with its stock of now: one plan per request, and no JSON between the two.
  return PlaceOrder(*c.brand, request, key, identity_sha256, status, &planned);
}

}  // namespace relais::edge
