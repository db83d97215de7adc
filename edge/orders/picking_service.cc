#include "edge/orders/picking_service.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "edge/orders/order_family.h"
#include "edge/orders/order_progress.h"
#include "edge/orders/order_questions.h"
#include "edge/orders/slot_booking.h"
#include "edge/secrets.h"
#include "wasm/engine/container_packing.h"
#include "wasm/engine/gtin.h"
#include "wasm/engine/order_batching.h"
#include "wasm/engine/pick_route.h"
#include "wasm/engine/service_slots.h"
#include "wasm/engine/store_layout.h"
#include "wasm/engine/walkway_route.h"

namespace relais::edge {

using nlohmann::json;

namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A stored layout read back by the engine, for its geometry and locations: it was checked against the
// catalogue when it was put; a product's class changed since (which the next upload checks) must not stop the
// site's picking, and the route takes each product's class as the catalogue says it now.
std::optional<LayoutProblem> ReadStored(const SiteLayout& stored, StoreLayout* layout) {
  const SkuTemperature any = [](std::string_view) -> std::optional<Temperature> { return Temperature::kAmbient; };
  return ReadStoreLayout(stored.layout, any, layout);
}

// Puts `line` at `product`'s primary location of `layout` (none: location "" and aisle 0, for the picker to
// look for it).
void Place(const StoreLayout& layout, const Product& product, PickLine* line) {
  line->sku = product.sku;
  line->name = product.name;
  line->gtin = product.gtin;
  line->temperature = product.temperature;
  const ShelfLocation* at = layout.PrimaryLocation(product.sku);
  line->location = at ? at->id : "";
  line->aisle = at ? at->aisle : 0;
  line->bay = at ? at->bay : 0;
  line->node = at && at->node >= 0 ? layout.walkways->ids[at->node] : "";
  line->level = at ? at->level : 0;
  line->side = at ? (at->left ? "left" : "right") : "";
  line->y_m = at ? at->spot.pos : 0;
}

// The line `index` of `list`, pending: else why not.
std::optional<OrderError> PendingLine(const PickList& list, int64_t index) {
  if (index < 0 || index >= static_cast<int64_t>(list.lines.size())) {
    return OrderError{"invalid_field", "no line " + std::to_string(index) + " in this list", "line"};
  }
  if (list.lines[index].state != "pending") {
    return OrderError{"line_settled", "line " + std::to_string(index) + " is " + list.lines[index].state, "line"};
  }
  return std::nullopt;
}

// A picker's workflow event on a shipment: by the site's staff when a staff token acts (a merchant otherwise).
ShipmentEvent StaffEvent(const char* event, int64_t shipment, const std::string& staff_site, const Actor& actor) {
  ShipmentEvent e;
  e.event = event;
  e.shipment = shipment;
  e.by_staff = !staff_site.empty();
  e.staff_site = staff_site;
  e.actor = actor;
  return e;
}

}  // namespace

std::optional<OrderError> PickingService::ReadLayout(const std::string& brand, const std::string& site,
                                                     SiteLayout* stored, StoreLayout* layout) {
  std::optional<SiteLayout> latest = store_->GetSiteLayout(brand, site, 0);
  if (!latest)
    return OrderError{"no_layout", "site " + site + " has no layout: PUT /v1/sites/" + site + "/layout", "site"};
  if (std::optional<LayoutProblem> p = ReadStored(*latest, layout)) {
    return OrderError{"no_layout", "site " + site + "'s layout cannot be read (" + p->field + ": " + p->message + ")",
                      "site"};
  }
  *stored = std::move(*latest);
  return std::nullopt;
}

OrderResult<PickingService::OrderPick> PickingService::ReadOrderPick(const std::string& brand, const std::string& site,
                                                                     const StoreLayout& layout, const Order& order,
                                                                     const std::function<bool(size_t)>& wanted,
                                                                     const std::string& field) {
  if (!order.children.empty()) {
    return OrderError{"not_pickable", "order " + order.id + " is served by several sites: pick its child orders",
                      field};
  }
  if (order.status != OrderStatus::kPlaced && order.status != OrderStatus::kPreparing) {
    return OrderError{"not_pickable", "order " + order.id + " is " + OrderStatusText(order.status), field};
  }
  const std::vector<ShipmentProgress> progress = ReadProgress(order, *workflows_);
  OrderPick pick;
  std::vector<PackUnit> units;
  std::vector<size_t> unit_line;  // The line each unit belongs to.
  for (size_t k = 0; k < order.delivery.size(); ++k) {
    const std::string step = k < progress.size() ? progress[k].state.step : "";
    if ((step != "placed" && step != "preparing") || !wanted(k)) continue;
    bool here = false;
    std::string due;  // The earliest of its lines' dates (and slot).
    for (size_t l : ShipmentLines(order, k)) {
      const OrderLine& line = order.lines[l];
      if (line.site != site) continue;
      here = true;
      const std::string when = line.date.empty() ? "" : line.slot.empty() ? line.date : line.date + " " + line.slot;
      if (!when.empty() && (due.empty() || when < due)) due = when;
      const std::optional<Product> product = store_->GetProduct(brand, line.sku);
      if (!product) return OrderError{"not_found", "product " + line.sku + " not found", field};
      PickLine picked;
      picked.order_id = order.id;
      picked.shipment = static_cast<int64_t>(k);
      picked.quantity = line.quantity;
      Place(layout, *product, &picked);  // Without a location: looked for on the shop floor, last.
      const int64_t volume =
          std::max<int64_t>(1, product->dims_cm[0] * product->dims_cm[1] * product->dims_cm[2]);  // cm3 = ml
      const Temperature t = ParseTemperature(product->temperature).value_or(Temperature::kAmbient);
      // A unit no container of its class holds: said with the product's name, for the merchant to see to.
      if (std::none_of(layout.containers.begin(), layout.containers.end(), [&](const ContainerType& c) {
            return c.temperature == t && volume <= c.volume_ml && product->weight_g <= c.max_weight_g;
          })) {
        return OrderError{"unpackable",
                          "order " + order.id + ": one unit of " + product->sku + " (" + product->name + ", " +
                              std::to_string(volume / 1000) + " l, " + std::to_string(product->weight_g) +
                              " g) fits no " + std::string(TemperatureName(t)) +
                              " container of the site's layout: add a larger one",
                          field};
      }
      for (int64_t u = 0; u < line.quantity; ++u) {
        units.push_back({t, volume, product->weight_g});
        unit_line.push_back(pick.lines.size());
      }
      pick.lines.push_back(std::move(picked));
    }
    if (here) pick.shipments.push_back({order.id, static_cast<int64_t>(k), due});
  }
  if (units.empty()) {
    return OrderError{"not_pickable", "order " + order.id + " has nothing to prepare at site " + site, field};
  }
  // The order's containers: its units only, of their own class.
  std::vector<PackedContainer> packed;
  if (std::string why = PackContainers(units, layout.containers, &packed); !why.empty()) {
    return OrderError{"unpackable", "order " + order.id + ": " + why, field};
  }
  std::vector<bool> placed(pick.lines.size(), false);
  for (size_t c = 0; c < packed.size(); ++c) {
    const ContainerType& type = layout.containers[packed[c].type];
    pick.containers.push_back({order.id, type.type, std::string(TemperatureName(type.temperature))});
    for (int u : packed[c].units) {
      const size_t l = unit_line[u];
      if (!placed[l]) pick.lines[l].container = static_cast<int64_t>(c), placed[l] = true;
    }
  }
  return pick;
}

StoreResult<PickList> PickingService::WriteList(const std::string& brand, const SiteLayout& stored,
                                                const StoreLayout& layout, std::span<const OrderPick> orders) {
  PickList list;
  std::vector<PickLine> lines;
  for (const OrderPick& o : orders) {
    const int64_t first_container = static_cast<int64_t>(list.containers.size());
    list.shipments.insert(list.shipments.end(), o.shipments.begin(), o.shipments.end());
    list.containers.insert(list.containers.end(), o.containers.begin(), o.containers.end());
    for (PickLine line : o.lines) {
      line.container += first_container;
      lines.push_back(std::move(line));
    }
  }
  std::vector<PickStop> stops;
  std::vector<WalkwayStop> at_nodes;  // A store of walkways.
  std::vector<int> located, unlocated;
  for (size_t i = 0; i < lines.size(); ++i) {
    const PickLine& l = lines[i];
    (l.location.empty() ? unlocated : located).push_back(static_cast<int>(i));
    if (l.location.empty()) continue;
    const Temperature t = ParseTemperature(l.temperature).value_or(Temperature::kAmbient);
    if (layout.walkways) {
      at_nodes.push_back({layout.walkways->NodeIndex(l.node), t});
    } else {
      stops.push_back({layout.BaySpot(static_cast<int>(l.aisle), static_cast<int>(l.bay)), t});
    }
  }
  PickRoute route;
  if (layout.walkways) {
    route = PlanWalkwayRoute(*layout.walkways, layout.entrance_node, layout.desk_node, at_nodes);
  } else {
    AisleRouter router(layout.aisles);
    route = PlanPickRoute(router, layout.entrance, layout.packing_desk, stops);
  }
  list.id = "PL-" + Upper(RandomHex(5));
  list.site = stored.site;
  list.layout_version = stored.version;
  for (int i : route.order) list.lines.push_back(lines[located[i]]);
  for (int i : unlocated) list.lines.push_back(lines[i]);
  list.route_m = std::round(route.length * 10) / 10;  // Decimetres: what a walk is measured in.
  list.route_optimal = route.optimal;
  return store_->PutPickList(brand, list);
}

OrderResult<std::vector<PickList>> PickingService::Make(const std::string& brand, const std::string& site,
                                                        const std::vector<std::string>& orders, bool wave) {
  if (orders.empty()) return OrderError{"invalid_field", "name the orders to pick", "orders"};
  if (wave && orders.size() > kMaxWaveOrders) {
    return OrderError{"invalid_field", "a wave holds at most " + std::to_string(kMaxWaveOrders) + " orders", "orders"};
  }
  for (size_t i = 1; i < orders.size(); ++i) {
    if (std::find(orders.begin(), orders.begin() + static_cast<std::ptrdiff_t>(i), orders[i]) !=
        orders.begin() + static_cast<std::ptrdiff_t>(i)) {
      return OrderError{"invalid_field", "order " + orders[i] + " is named twice", "orders[" + std::to_string(i) + "]"};
    }
  }
  SiteLayout stored;
  StoreLayout layout;
  if (std::optional<OrderError> refused = ReadLayout(brand, site, &stored, &layout)) return *refused;
  std::vector<OrderPick> picks;
  for (size_t i = 0; i < orders.size(); ++i) {
    const std::string field = "orders[" + std::to_string(i) + "]";
    const std::optional<Order> order = store_->GetOrder(brand, orders[i]);
    if (!order) return OrderError{"not_found", "order " + orders[i] + " not found", field};
    OrderResult<OrderPick> pick = ReadOrderPick(
        brand, site, layout, *order, [](size_t) { return true; }, field);
    if (!pick.ok()) return pick.error();
    picks.push_back(std::move(pick).value());
  }
  std::vector<PickList> made;
  for (size_t i = 0; i < (wave ? 1 : picks.size()); ++i) {
    const std::span<const OrderPick> group = wave ? std::span<const OrderPick>(picks) : std::span(&picks[i], 1);
    StoreResult<PickList> written = WriteList(brand, stored, layout, group);
    if (!written.ok()) {
      const StoreError& e = written.error();
      if (e.field.starts_with("shipments[")) return OrderError{"already_picked", e.message, e.field};
      return OrderErrorOf(e);
    }
    made.push_back(std::move(written).value());
  }
  return made;
}

OrderResult<PickingService::Made> PickingService::MakeDue(const std::string& brand, const std::string& site,
                                                          const Due& due) {
  if (due.wave_size < 1 || due.wave_size > static_cast<int64_t>(kMaxWaveOrders)) {
    return OrderError{"invalid_field", "wave_size is 1 to " + std::to_string(kMaxWaveOrders), "wave_size"};
  }
  if (!due.slot.empty()) {
    const std::optional<SlotTimes> times = ParseSlotTimes(due.slot);  // The engine's reading of a slot.
    if (!times || times->end_min < 0) {
      return OrderError{"invalid_field", "slot is HH:MM-HH:MM, as the site's slots are named", "slot"};
    }
    // A slot at a site that books none would always find nothing: said, rather than an empty answer.
    const std::optional<Site> here = store_->GetSite(brand, site);
    bool books = false;
    for (const char* service : {"click_collect", "drive", "pedestrian"}) {
      std::string error;
      books = books || (here && SlotServiceOf(*here, service, &error));
    }
    if (!books) {
      return OrderError{"invalid_field", "site " + site + " books no slots: ask for the day (date alone)", "slot"};
    }
  }
  SiteLayout stored;
  StoreLayout layout;
  if (std::optional<OrderError> refused = ReadLayout(brand, site, &stored, &layout)) return *refused;
  // The shipments of this site due by then (or in that slot) that no list holds yet.
  const auto due_line = [&](const OrderLine& l) {
    if (l.site != site) return false;
    if (!due.slot.empty()) return l.date == due.date && l.slot == due.slot;
    return l.date.empty() || l.date <= due.date;  // ISO dates compare as text; undated: due as soon as can be.
  };
  struct Candidate {
    std::string due;  // Its earliest line's date and slot, for the order the waves are seeded in.
    OrderPick pick;
  };
  std::vector<Candidate> candidates;
  Made made;
  const std::vector<Order> open = store_->OpenOrdersAt(brand, site, kMaxDueOrders + 1);
  made.more = open.size() > kMaxDueOrders;
  for (size_t i = 0; i < open.size() && i < kMaxDueOrders; ++i) {
    const Order& order = open[i];
    std::string first_due = "~";  // After every date; an undated line ("") is due before every date.
    const auto wanted = [&](size_t k) {
      bool any = false;
      for (size_t l : ShipmentLines(order, k)) {
        const OrderLine& line = order.lines[l];
        if (!due_line(line)) continue;
        any = true;
        first_due = std::min(first_due, line.date + " " + line.slot);
      }
      return any && !store_->PickListOf(brand, order.id, static_cast<int64_t>(k));
    };
    std::vector<size_t> shipments;
    for (size_t k = 0; k < order.delivery.size(); ++k) {
      if (wanted(k)) shipments.push_back(k);
    }
    if (shipments.empty()) continue;
    OrderResult<OrderPick> pick = ReadOrderPick(
        brand, site, layout, order,
        [&](size_t k) { return std::find(shipments.begin(), shipments.end(), k) != shipments.end(); }, "");
    if (!pick.ok()) {  // One order the site cannot pick does not hold up the others: it is reported.
      if (pick.error().code != "not_pickable") made.skipped.push_back({order.id, pick.error()});
      continue;
    }
    candidates.push_back({first_due, std::move(pick).value()});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.due < b.due; });
  // Orders whose shelves lie together go together (wasm/engine/order_batching.h); in a store of walkways, in
  // the order they are due.
  std::vector<std::vector<int>> waves;
  if (layout.walkways) {
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (i % static_cast<size_t>(due.wave_size) == 0) waves.emplace_back();
      waves.back().push_back(static_cast<int>(i));
    }
  } else {
    std::vector<OrderSpots> spots;
    for (const Candidate& c : candidates) {
      OrderSpots& s = spots.emplace_back();
      for (const PickLine& l : c.pick.lines) {
        if (!l.location.empty()) s.push_back(layout.BaySpot(static_cast<int>(l.aisle), static_cast<int>(l.bay)));
      }
    }
    AisleRouter router(layout.aisles);
    waves = BatchOrders(router, layout.entrance, layout.packing_desk, spots, static_cast<int>(due.wave_size));
  }
  for (const std::vector<int>& wave : waves) {
    std::vector<OrderPick> group;
    for (int i : wave) group.push_back(candidates[i].pick);
    StoreResult<PickList> written = WriteList(brand, stored, layout, group);
    if (written.ok()) {
      made.lists.push_back(std::move(written).value());
    } else if (!written.error().field.starts_with("shipments[")) {
      return OrderErrorOf(written.error());
    }  // Else another request listed one of them meanwhile: that wave is its.
  }
  return made;
}

bool PickingService::Refresh(const std::string& brand, PickList* list) {
  bool changed = false;
  std::optional<StoreLayout> layout, latest;           // The list's version, and the site's latest: read when needed.
  std::map<std::string, std::optional<Order>> orders;  // Each read once.
  std::vector<PickLine> added;                         // Substitutes for a shortage's missing units.
  for (PickLine& line : list->lines) {
    if (line.state != "missing" && line.state != "pending") continue;
    auto [it, fresh] = orders.try_emplace(line.order_id);
    if (fresh) it->second = store_->GetOrder(brand, line.order_id);
    const std::optional<Order>& order = it->second;
    // An order cancelled while it was being picked: nothing more of it goes into a bag.
    if (!order || order->status == OrderStatus::kCancelled) {
      line.state = "cancelled";
      line.reason = "the order was cancelled";
      changed = true;
      continue;
    }
    if (line.state != "missing") continue;
    const json* question = FindQuestion(*order, line.question);
    if (!question || question->value("status", "") != "answered") continue;
    const json answer = question->value("answer", json::object());
    const std::optional<Product> substitute =
        answer.value("accept", false) ? store_->GetProduct(brand, answer.value("sku", "")) : std::nullopt;
    changed = true;
    // A shortage (some units found) keeps what was found: the line is short, the rest let go or replaced.
    const bool shortage = line.picked > 0;
    if (!substitute) {
      line.state = shortage ? "short" : "cancelled";
      continue;
    }
    // The substitute is picked instead, from its own shelf on the list's layout -- or, placed since on the
    // same aisles, on the latest one.
    const auto read = [&](int64_t version, std::optional<StoreLayout>* into) {
      if (*into) return;
      const std::optional<SiteLayout> stored = store_->GetSiteLayout(brand, list->site, version);
      into->emplace();
      if (!stored || ReadStored(*stored, &**into)) *into = StoreLayout{};
    };
    read(list->layout_version, &layout);
    const StoreLayout* shelf = &*layout;
    if (!layout->PrimaryLocation(substitute->sku)) {
      read(0, &latest);
      if (latest->SameFloor(*layout)) shelf = &*latest;
    }
    PickLine instead = line;
    instead.substitute = line.sku;
    Place(*shelf, *substitute, &instead);
    instead.quantity = line.quantity - line.picked;
    instead.picked = 0;
    instead.state = "pending";
    instead.reason.clear();
    if (shortage) {
      line.state = "short";
      added.push_back(std::move(instead));  // The lines' indices stay what the picker's page knows.
    } else {
      line = std::move(instead);
    }
  }
  for (PickLine& l : added) list->lines.push_back(std::move(l));
  return changed;
}

std::optional<PickList> PickingService::Get(const std::string& brand, const std::string& id) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::optional<PickList> list = store_->GetPickList(brand, id);
    // A done list is history: an order cancelled after it was prepared does not rewrite it.
    if (!list || list->status == "done" || !Refresh(brand, &*list)) return list;
    StoreResult<PickList> written = store_->PutPickList(brand, *list);
    if (written.ok()) return std::move(written).value();
  }
  return store_->GetPickList(brand, id);
}

OrderResult<PickList> PickingService::Claim(const std::string& brand, const std::string& id,
                                            const std::string& staff_site, const Actor& actor) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::optional<PickList> list = store_->GetPickList(brand, id);
    if (!list || (!staff_site.empty() && list->site != staff_site)) {
      return OrderError{"not_found", "pick list " + id + " not found", ""};
    }
    if (list->status != "open") {
      if (list->picker == actor.who) return *list;  // Taken again by its own picker (a page reloaded).
      return OrderError{
          "already_claimed", "pick list " + id + " is taken by " + list->picker, "", {{"picker", list->picker}}};
    }
    list->status = "picking";
    list->picker = actor.who;
    StoreResult<PickList> written = store_->PutPickList(brand, *list);
    if (!written.ok()) continue;  // Another picker came first: read again (and refuse).
    // Their shipments are being prepared now: the shoppers' timelines say so.
    for (const PickShipment& s : written.value().shipments) {
      const ShipmentEvent start = StaffEvent("preparation_started", s.shipment, staff_site, actor);
      // Refused when already preparing (a manual start), or cancelled meanwhile: nothing to do then.
      (void)tracking_->Apply(brand, s.order_id, start);
    }
    return std::move(written).value();
  }
  return OrderError{"order_moved", "pick list " + id + " kept changing: try again", ""};
}

OrderResult<PickList> PickingService::Release(const std::string& brand, const std::string& id,
                                              const std::string& staff_site) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::optional<PickList> list = store_->GetPickList(brand, id);
    if (!list || (!staff_site.empty() && list->site != staff_site)) {
      return OrderError{"not_found", "pick list " + id + " not found", ""};
    }
    if (list->status == "done") return OrderError{"list_done", "pick list " + id + " is done", ""};
    if (list->status == "open") return *list;
    list->status = "open";
    list->picker.clear();
    StoreResult<PickList> written = store_->PutPickList(brand, *list);
    if (written.ok()) return std::move(written).value();
  }
  return OrderError{"order_moved", "pick list " + id + " kept changing: try again", ""};
}

OrderResult<PickList> PickingService::Change(const std::string& brand, const std::string& id, const Actor& actor,
                                             const std::string& scan_id,
                                             const std::function<std::optional<OrderError>(PickList*)>& change) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::optional<PickList> list = store_->GetPickList(brand, id);
    if (!list) return OrderError{"not_found", "pick list " + id + " not found", ""};
    if (list->status == "open") return OrderError{"not_picking", "take pick list " + id + " first", ""};
    if (list->picker != actor.who) {
      return OrderError{"forbidden", "pick list " + id + " is " + list->picker + "'s", "", {{"picker", list->picker}}};
    }
    if (!scan_id.empty() && std::find(list->scans.begin(), list->scans.end(), scan_id) != list->scans.end()) {
      return *list;  // Applied before (sent again after a loss of network): the list as it is.
    }
    Refresh(brand, &*list);
    if (std::optional<OrderError> refused = change(&*list)) return *refused;
    if (!scan_id.empty()) list->scans.push_back(scan_id);
    StoreResult<PickList> written = store_->PutPickList(brand, *list);
    if (written.ok()) return std::move(written).value();
  }
  return OrderError{"order_moved", "pick list " + id + " kept changing: try again", ""};
}

OrderResult<PickList> PickingService::Pick(const std::string& brand, const std::string& id, const Scan& scan,
                                           const Actor& actor) {
  return Change(brand, id, actor, scan.id, [&](PickList* list) -> std::optional<OrderError> {
    if (std::optional<OrderError> not_pending = PendingLine(*list, scan.line)) return not_pending;
    PickLine& line = list->lines[scan.line];
    if (scan.code.empty()) {
      if (scan.reason.empty()) return OrderError{"invalid_field", "without a barcode, say why (reason)", "reason"};
    } else {
      const std::optional<std::string> read = Gtin14(scan.code);
      if (!read) return OrderError{"invalid_field", scan.code + " is not a barcode number (its check digit)", "code"};
      if (line.gtin.empty()) {
        return OrderError{"no_barcode", line.name + " has no barcode in the catalogue: confirm it by hand", "code"};
      }
      if (*read != line.gtin) {
        return OrderError{"wrong_product",
                          scan.code + " is not " + line.name,
                          "code",
                          {{"expected", line.name}, {"location", line.location}}};
      }
    }
    if (scan.quantity < 1 || scan.quantity > line.quantity - line.picked) {
      return OrderError{"too_many", std::to_string(line.quantity - line.picked) + " left to pick on this line",
                        "quantity"};
    }
    line.picked += scan.quantity;
    if (line.picked == line.quantity) line.state = "picked";
    if (scan.code.empty()) line.reason = scan.reason;
    return std::nullopt;
  });
}

OrderResult<PickList> PickingService::Missing(const std::string& brand, const std::string& id, const Scan& scan,
                                              const Actor& actor) {
  return Change(brand, id, actor, scan.id, [&](PickList* list) -> std::optional<OrderError> {
    if (std::optional<OrderError> not_pending = PendingLine(*list, scan.line)) return not_pending;
    PickLine& line = list->lines[scan.line];
    const std::optional<Order> order = store_->GetOrder(brand, line.order_id);
    if (!order) return OrderError{"not_found", "order " + line.order_id + " not found", ""};
    // Asked once per line: a retry after a write that lost its race finds the open question and goes on.
    for (const json& q : order->questions) {
      if (q.value("kind", "") == "substitution" && q.value("sku", "") == line.sku &&
          q.value("shipment", int64_t{-1}) == line.shipment && q.value("status", "") == "open") {
        line.question = q.value("id", "");
        line.state = "missing";
        return std::nullopt;
      }
    }
    QuestionAsked asked;
    asked.kind = "substitution";
    asked.shipment = line.shipment;
    asked.sku = line.sku;
    asked.quantity = line.quantity - line.picked;  // Some found: a shortage, the rest asked about.
    OrderResult<QuestionService::Asked> done = questions_->Ask(brand, *order, asked, actor);
    if (!done.ok()) return done.error();
    line.question = done.value().question.value("id", "");
    if (done.value().line_cancelled) {  // The shopper wanted no substitutes, or none is in stock.
      line.state = line.picked > 0 ? "short" : "cancelled";
      line.reason = done.value().question["answer"].value("reason", "");
    } else {
      line.state = "missing";
    }
    return std::nullopt;
  });
}

OrderResult<PickList> PickingService::Complete(const std::string& brand, const std::string& id,
                                               const std::string& staff_site, const Actor& actor) {
  if (const std::optional<PickList> done = store_->GetPickList(brand, id); done && done->status == "done") {
    return *done;  // Completed before: the same answer.
  }
  bool waiting = false;
  OrderResult<PickList> settled = Change(brand, id, actor, "", [&](PickList* list) -> std::optional<OrderError> {
    json left = json::array();
    for (size_t i = 0; i < list->lines.size(); ++i) {
      if (list->lines[i].state == "pending") left.push_back(i);
    }
    if (!left.empty()) {
      return OrderError{"lines_left", std::to_string(left.size()) + " lines still to pick", "", {{"lines", left}}};
    }
    waiting =
        std::any_of(list->lines.begin(), list->lines.end(), [](const PickLine& l) { return l.state == "missing"; });
    list->status = waiting ? "waiting" : "done";
    return std::nullopt;
  });
  if (!settled.ok() || waiting) return settled;
  // Each shipment leaves preparation with its containers, counted per class for its label and hand-over.
  const PickList& list = settled.value();
  for (const PickShipment& s : list.shipments) {
    std::map<std::string, int64_t> counts;
    json types = json::array();
    // A class whose every line was cancelled left its containers empty: they are not counted.
    for (const PickContainer& c : list.containers) {
      const bool filled = std::any_of(list.lines.begin(), list.lines.end(), [&](const PickLine& l) {
        return l.order_id == s.order_id && l.temperature == c.temperature && l.picked > 0;
      });
      if (c.order_id != s.order_id || !filled) continue;
      ++counts[c.temperature];
      types.push_back(c.type);
    }
    ShipmentEvent done = StaffEvent("preparation_done", s.shipment, staff_site, actor);
    done.details = {{"pick_list", list.id}, {"containers", counts}, {"container_types", types}};
    // Refused only for a shipment cancelled meanwhile (no line waits for an answer any more): it stays so.
    (void)tracking_->Apply(brand, s.order_id, done);
  }
  return settled;
}

}  // namespace relais::edge
