#include "tests/edge/memory_store.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <tuple>

#include "edge/model/order_json.h"
#include "edge/model/search_keys.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"

namespace relais::edge {

namespace {

// An outbox's rows due at `now_ms` (pending, next attempt passed), oldest first, at most `limit`, each leased
// until now_ms + lease_ms: nobody else takes it before the lease is over. The rows as they were due.
template <class Row>
std::vector<Row> ClaimDue(std::vector<Row>* rows, int64_t now_ms, int64_t lease_ms, int64_t limit) {
  std::vector<Row*> due;
  for (Row& r : *rows) {
    if (r.status == "pending" && r.next_attempt_ms <= now_ms) due.push_back(&r);
  }
  std::sort(due.begin(), due.end(), [](const Row* a, const Row* b) {
    return std::tie(a->next_attempt_ms, a->id) < std::tie(b->next_attempt_ms, b->id);
  });
  std::vector<Row> claimed;
  for (Row* r : due) {
    if (static_cast<int64_t>(claimed.size()) >= limit) break;
    claimed.push_back(*r);
    r->next_attempt_ms = now_ms + lease_ms;
  }
  return claimed;
}

using Lock = std::lock_guard<std::mutex>;

// `id` is `order_id` or one of its children ("<order_id>-<n>"), as SQL's `= ? OR LIKE '<id>-%'` reads it.
bool OfOrder(const std::string& id, const std::string& order_id) {
  return id == order_id || id.starts_with(order_id + "-");
}

StoreError Refusal(StoreError::Kind kind, std::string message, std::string field) {
  return {kind, std::move(message), std::move(field)};
}

}  // namespace

std::string MemoryStore::ServerSecret(const std::string& name) {
  const Lock lock(mutex_);
  auto [it, fresh] = secrets_.try_emplace(name);
  if (fresh) it->second = RandomHex(32);
  return it->second;
}

void MemoryStore::PutBrand(const Brand& brand) {
  const Lock lock(mutex_);
  auto [it, fresh] = brands_.try_emplace(brand.id);
  StoredBrand& stored = it->second;
  // What the API stored survives a restart with the same file; an edited file wins.
  const nlohmann::json settings =
      fresh || stored.config_settings != brand.settings ? brand.settings : stored.brand.settings;
  stored.brand = brand;
  stored.brand.settings = settings;
  stored.config_settings = brand.settings;
}

std::optional<Brand> MemoryStore::BrandByKeyHash(const std::string& api_key_sha256) {
  const Lock lock(mutex_);
  for (const auto& [id, stored] : brands_) {
    if (stored.brand.api_key_sha256 == api_key_sha256) return stored.brand;
  }
  return std::nullopt;
}

std::optional<Brand> MemoryStore::GetBrand(const std::string& id) {
  const Lock lock(mutex_);
  const auto it = brands_.find(id);
  if (it == brands_.end()) return std::nullopt;
  return it->second.brand;
}

bool MemoryStore::PutBrandSettings(const std::string& brand, const nlohmann::json& settings) {
  const Lock lock(mutex_);
  const auto it = brands_.find(brand);
  if (it == brands_.end()) return false;
  it->second.brand.settings = settings;
  return true;
}

void MemoryStore::PutStaffToken(const StaffToken& token) {
  const Lock lock(mutex_);
  // A token is inserted once (SQL's primary key): a second one with the same id is a bug above.
  if (!staff_tokens_.emplace(Key{token.brand, token.id}, token).second) {
    throw std::runtime_error("staff token " + token.id + " exists");
  }
}

std::optional<StaffToken> MemoryStore::StaffTokenByHash(const std::string& token_sha256) {
  const Lock lock(mutex_);
  for (const auto& [key, token] : staff_tokens_) {
    if (token.token_sha256 == token_sha256) return token;
  }
  return std::nullopt;
}

bool MemoryStore::RevokeStaffToken(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = staff_tokens_.find({brand, id});
  if (it == staff_tokens_.end()) return false;
  it->second.revoked = true;
  return true;
}

void MemoryStore::PutSite(const std::string& brand, const Site& site) {
  const Lock lock(mutex_);
  sites_[{brand, site.id}] = site;
}

std::optional<Site> MemoryStore::GetSite(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = sites_.find({brand, id});
  if (it == sites_.end()) return std::nullopt;
  return it->second;
}

std::vector<Site> MemoryStore::ListSites(const std::string& brand) {
  const Lock lock(mutex_);
  std::vector<Site> sites;
  for (const auto& [key, site] : sites_) {
    if (key.first == brand) sites.push_back(site);
  }
  return sites;
}

void MemoryStore::PutProduct(const std::string& brand, const Product& product) {
  const Lock lock(mutex_);
  products_[{brand, product.sku}] = product;
}

std::optional<Product> MemoryStore::GetProduct(const std::string& brand, const std::string& sku) {
  const Lock lock(mutex_);
  const auto it = products_.find({brand, sku});
  if (it == products_.end()) return std::nullopt;
  return it->second;
}

std::vector<Product> MemoryStore::ProductsIn(const std::string& brand, const std::string& category, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<Product> products;
  for (const auto& [key, product] : products_) {
    if (static_cast<int64_t>(products.size()) >= limit) break;
    if (key.first == brand && product.category == category) products.push_back(product);
  }
  return products;
}

std::vector<Product> MemoryStore::ProductsUnder(const std::string& brand, const std::string& path, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<Product> products;
  for (const auto& [key, product] : products_) {
    if (static_cast<int64_t>(products.size()) >= limit) break;
    const bool under = path.empty() || product.category == path || product.category.starts_with(path + "/");
    if (key.first == brand && under) products.push_back(product);
  }
  return products;
}

StoreResult<int64_t> MemoryStore::PutSalesDays(const std::string& brand, const std::vector<SalesDay>& days) {
  const Lock lock(mutex_);
  for (const SalesDay& day : days) sales_days_[{brand, day.sku, day.site, day.day}] = day;
  return static_cast<int64_t>(days.size());
}

std::vector<SalesDay> MemoryStore::SalesDaysOf(const std::string& brand, const std::string& sku,
                                               const std::string& site) {
  const Lock lock(mutex_);
  std::vector<SalesDay> days;
  for (auto it = sales_days_.lower_bound({brand, sku, site, ""});
       it != sales_days_.end() && std::get<0>(it->first) == brand && std::get<1>(it->first) == sku &&
       std::get<2>(it->first) == site;
       ++it) {
    days.push_back(it->second);
  }
  return days;
}

StoreResult<int64_t> MemoryStore::PutStoredForecasts(const std::string& brand, const std::string& site,
                                                     const std::string& made_on, const std::vector<ForecastDay>& days) {
  if (const int64_t i = RepeatedForecastDay(days); i >= 0) {
    return StoreError{StoreError::Kind::kInvalid, "a day forecast twice for one sku",
                      "forecasts[" + std::to_string(i) + "]"};
  }
  const Lock lock(mutex_);
  std::vector<ForecastDay>& held = stored_forecasts_[{brand, site}];
  held = days;
  for (ForecastDay& d : held) {
    d.site = site;
    d.made_on = made_on;
  }
  std::sort(held.begin(), held.end(),
            [](const ForecastDay& a, const ForecastDay& b) { return std::tie(a.sku, a.day) < std::tie(b.sku, b.day); });
  return static_cast<int64_t>(days.size());
}

std::vector<ForecastDay> MemoryStore::StoredForecastsOf(const std::string& brand, const std::string& site,
                                                        const std::string& sku) {
  const Lock lock(mutex_);
  std::vector<ForecastDay> days;
  const auto it = stored_forecasts_.find({brand, site});
  if (it == stored_forecasts_.end()) return days;
  for (const ForecastDay& d : it->second) {
    if (sku.empty() || d.sku == sku) days.push_back(d);
  }
  return days;
}

std::optional<std::string> MemoryStore::StoredForecastsMadeOn(const std::string& brand, const std::string& site) {
  const Lock lock(mutex_);
  const auto it = stored_forecasts_.find({brand, site});
  if (it == stored_forecasts_.end() || it->second.empty()) return std::nullopt;
  return it->second.front().made_on;
}

std::vector<Product> MemoryStore::FindProducts(const std::string& brand, const std::string& text, int64_t limit) {
  const Lock lock(mutex_);
  const auto lower = [](std::string s) {
    for (char& ch : s) ch = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    return s;
  };
  std::vector<Product> products;
  if (text.empty()) return products;
  for (const auto& [key, product] : products_) {
    if (static_cast<int64_t>(products.size()) >= limit) break;
    if (key.first != brand) continue;
    if (lower(product.sku).starts_with(lower(text)) || ProductNameMatches(product.name, text)) {
      products.push_back(product);
    }
  }
  return products;
}

StoreResult<std::vector<LedgerEntry>> MemoryStore::PlanMovements(const std::string& brand,
                                                                 const std::vector<Movement>& movements,
                                                                 const std::string& field_prefix) {
  const std::string now = UtcNowIso();
  // The figures as the movements planned so far leave them.
  std::map<std::pair<std::string, std::string>, StockLevel> touched;
  const auto level = [&](const std::string& sku, const std::string& site) -> StockLevel& {
    auto [it, fresh] = touched.try_emplace({sku, site});
    if (fresh) {
      const auto stored = levels_.find({brand, sku, site});
      if (stored != levels_.end()) it->second = stored->second;
    }
    return it->second;
  };
  std::vector<LedgerEntry> entries;
  const auto plan = [&](const std::string& sku, const std::string& site, MovementKind kind, int64_t quantity,
                        const StockDelta& d, const std::string& reference) {
    StockLevel& l = level(sku, site);
    l.on_hand += d.on_hand;
    l.reserved += d.reserved;
    l.in_transit += d.in_transit;
    entries.push_back({0, sku, site, kind, quantity, d, reference, now});
  };
  for (size_t i = 0; i < movements.size(); ++i) {
    const Movement& m = movements[i];
    const std::string at =
        movements.size() > 1 || field_prefix == "lines" ? field_prefix + "[" + std::to_string(i) + "]." : "";
    if (!products_.contains({brand, m.sku})) {
      return Refusal(StoreError::Kind::kNotFound, "no product with sku " + m.sku, at + "sku");
    }
    if (!sites_.contains({brand, m.site}))
      return Refusal(StoreError::Kind::kNotFound, "no site " + m.site, at + "site");
    if (m.kind == MovementKind::kTransferOut && (m.to_site == m.site || !sites_.contains({brand, m.to_site}))) {
      return Refusal(m.to_site == m.site ? StoreError::Kind::kInvalid : StoreError::Kind::kNotFound,
                     "transfer_out needs another existing site in to_site", at + "to_site");
    }
    std::string refusal;
    const std::optional<StockDelta> delta = MovementDelta(m.kind, m.quantity, level(m.sku, m.site), &refusal);
    if (!delta) {
      return Refusal(StoreError::Kind::kInsufficientStock, refusal + " (" + m.sku + " at " + m.site + ")",
                     at + "quantity");
    }
    plan(m.sku, m.site, m.kind, m.quantity, *delta, m.reference);
    if (m.kind == MovementKind::kTransferOut) {  // The goods are on their way to the destination.
      plan(m.sku, m.to_site, MovementKind::kInTransit, m.quantity, {0, 0, m.quantity},
           m.reference.empty() ? "from " + m.site : m.reference);
    }
  }
  return entries;
}

void MemoryStore::Record(const std::string& brand, std::vector<LedgerEntry>* entries) {
  for (LedgerEntry& e : *entries) {
    e.id = static_cast<int64_t>(ledger_.size()) + 1;
    ledger_.emplace_back(brand, e);
    StockLevel& l = levels_[{brand, e.sku, e.site}];
    l.on_hand += e.delta.on_hand;
    l.reserved += e.delta.reserved;
    l.in_transit += e.delta.in_transit;
  }
}

StoreResult<std::vector<LedgerEntry>> MemoryStore::PostMovements(const std::string& brand,
                                                                 const std::vector<Movement>& movements) {
  const Lock lock(mutex_);
  StoreResult<std::vector<LedgerEntry>> planned = PlanMovements(brand, movements, "movements");
  if (planned) Record(brand, &planned.value());
  return planned;
}

std::vector<SiteStock> MemoryStore::StockOf(const std::string& brand, const std::string& sku, const std::string& site) {
  const Lock lock(mutex_);
  std::vector<SiteStock> out;
  for (const auto& [key, level] : levels_) {  // Sorted by (brand, sku, site).
    const auto& [b, s, at] = key;
    if (b != brand || s != sku || (!site.empty() && at != site)) continue;
    const auto where = sites_.find({brand, at});
    out.push_back({at, where == sites_.end() ? "" : where->second.zone, level});
  }
  return out;
}

std::vector<LedgerEntry> MemoryStore::History(const std::string& brand, const std::string& sku, const std::string& site,
                                              int64_t limit, int64_t before_id) {
  const Lock lock(mutex_);
  std::vector<LedgerEntry> out;
  for (auto it = ledger_.rbegin(); it != ledger_.rend() && static_cast<int64_t>(out.size()) < limit; ++it) {
    const auto& [b, e] = *it;
    if (b == brand && e.sku == sku && e.site == site && (before_id == 0 || e.id < before_id)) out.push_back(e);
  }
  return out;
}

void MemoryStore::AppendEvent(const std::string& brand, const std::string& order_id, const std::string& kind,
                              const nlohmann::json& details, const Actor& actor) {
  const int64_t seq = static_cast<int64_t>(events_.size()) + 1;
  events_.push_back({brand, {seq, order_id, UtcNowIso(), actor.who, kind, actor.reason, details}});
}

void MemoryStore::AddSearchKey(const std::string& brand, const std::string& key, const std::string& order_id,
                               const std::string& created_at) {
  search_keys_.try_emplace({brand, key, order_id}, created_at);  // A key given again keeps its first date.
}

std::vector<std::string> MemoryStore::IdsByKey(const std::string& brand, const std::string& key, int64_t limit) {
  std::vector<std::pair<std::string, std::string>> found;  // (created_at, order id).
  for (const auto& [k, created_at] : search_keys_) {
    if (std::get<0>(k) == brand && std::get<1>(k) == key) found.emplace_back(created_at, std::get<2>(k));
  }
  std::sort(found.rbegin(), found.rend());  // Newest first, then the greater id, as ORDER BY ... DESC.
  std::vector<std::string> ids;
  for (const auto& [created_at, id] : found) {
    if (static_cast<int64_t>(ids.size()) >= limit) break;
    ids.push_back(id);
  }
  return ids;
}

StoreResult<Order> MemoryStore::CreateOrder(const std::string& brand, const NewOrder& n, bool* replayed) {
  const Lock lock(mutex_);
  if (const auto seen = idempotency_keys_.find({brand, n.idempotency_key}); seen != idempotency_keys_.end()) {
    if (seen->second.request_sha256 != n.request_sha256) {
      return Refusal(StoreError::Kind::kKeyReused, "this Idempotency-Key was used for another request", "");
    }
    *replayed = true;
    return orders_.at({brand, seen->second.order_id});
  }
  // Each line reserved for the order that will move it: the child of its site, or the order itself.
  std::vector<Movement> reservations;
  for (const OrderLine& line : n.order.lines) {
    std::string holder = n.order.id;
    for (const Order& child : n.children) holder = child.site == line.site ? child.id : holder;
    reservations.push_back({MovementKind::kReservation, line.sku, line.site, line.quantity, "", holder});
  }
  StoreResult<std::vector<LedgerEntry>> planned = PlanMovements(brand, reservations, "lines");
  if (!planned) return planned.error();
  if (orders_.contains({brand, n.order.id})) throw std::runtime_error("order " + n.order.id + " exists");
  for (const Order& child : n.children) {
    if (orders_.contains({brand, child.id})) throw std::runtime_error("order " + child.id + " exists");
  }
  StoreResult<std::set<Booking>> booked = PlanBookings(brand, {}, n.slot_bookings);
  if (!booked) return booked.error();
  Record(brand, &planned.value());
  bookings_ = std::move(booked).value();
  Order stored = n.order;
  stored.version = 1;  // The version the first write names.
  orders_[{brand, stored.id}] = stored;
  for (Order child : n.children) {
    child.version = 1;
    orders_[{brand, child.id}] = child;
  }
  for (const std::string& key : SearchKeysOf(n.order)) AddSearchKey(brand, key, n.order.id, n.order.created_at);
  nlohmann::json created = {{"channel", n.order.channel}, {"total_cents", n.order.total_cents}};
  if (!n.children.empty()) created["children"] = ChildrenJson(n.order.children);
  AppendEvent(brand, n.order.id, "created", created, {n.actor, ""});
  idempotency_keys_[{brand, n.idempotency_key}] = {n.request_sha256, n.order.id};
  if (!n.last_relay.is_null()) last_relays_[{brand, n.order.customer_id}] = n.last_relay;
  *replayed = false;
  return stored;
}

StoreResult<std::optional<Order>> MemoryStore::ReplayOrder(const std::string& brand, const std::string& idempotency_key,
                                                           const std::string& request_sha256) {
  const Lock lock(mutex_);
  const auto seen = idempotency_keys_.find({brand, idempotency_key});
  if (seen == idempotency_keys_.end()) return std::optional<Order>();
  if (seen->second.request_sha256 != request_sha256) {
    return Refusal(StoreError::Kind::kKeyReused, "this Idempotency-Key was used for another request", "");
  }
  return std::optional<Order>(orders_.at({brand, seen->second.order_id}));
}

std::optional<Order> MemoryStore::GetOrder(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = orders_.find({brand, id});
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

std::vector<Order> MemoryStore::ListOrders(const std::string& brand, int64_t limit, const std::string& cursor,
                                           std::string* next) {
  const Lock lock(mutex_);
  // The cursor is "<created_at> <id>" of the last order seen: stable while orders are added.
  const size_t space = cursor.find(' ');
  const std::pair<std::string, std::string> after = space == std::string::npos
                                                        ? std::pair<std::string, std::string>()
                                                        : std::pair(cursor.substr(0, space), cursor.substr(space + 1));
  std::vector<const Order*> all;
  for (const auto& [key, order] : orders_) {
    if (key.first == brand && std::pair(order.created_at, order.id) > after) all.push_back(&order);
  }
  std::sort(all.begin(), all.end(), [](const Order* a, const Order* b) {
    return std::tie(a->created_at, a->id) < std::tie(b->created_at, b->id);
  });
  std::vector<Order> page;
  next->clear();
  for (const Order* o : all) {
    if (static_cast<int64_t>(page.size()) == limit) {
      *next = page.back().created_at + " " + page.back().id;
      break;
    }
    page.push_back(*o);
  }
  return page;
}

bool MemoryStore::Queue(const Notification& n) {
  for (const Notification& q : notifications_) {
    if (q.brand == n.brand && q.order_id == n.order_id && q.shipment == n.shipment && q.trigger == n.trigger &&
        q.channel == n.channel) {
      return false;
    }
  }
  Notification queued = n;
  queued.id = static_cast<int64_t>(notifications_.size()) + 1;
  queued.status = "pending";
  queued.attempts = 0;
  queued.last_error.clear();
  queued.created_at = UtcNowIso();
  queued.sent_at.clear();
  notifications_.push_back(queued);
  return true;
}

StoreResult<std::vector<Order>> MemoryStore::CommitOrders(const std::string& brand, const OrderCommit& commit) {
  const Lock lock(mutex_);
  // Every check before any write: the version each order names (twice in one commit: the second names a
  // version the first moved on, as two UPDATE ... WHERE version = ? would), then the figures.
  std::map<std::string, std::optional<int64_t>> versions;
  for (const Order& o : commit.orders) {
    const auto stored = orders_.find({brand, o.id});
    // An order that is not there is not at the version named either (SQL: the UPDATE changes no row).
    const auto [it, fresh] =
        versions.try_emplace(o.id, stored == orders_.end() ? std::nullopt : std::optional(stored->second.version));
    if (it->second != o.version) {
      return Refusal(StoreError::Kind::kConflict, "order " + o.id + " changed meanwhile", "");
    }
    ++*it->second;
  }
  StoreResult<std::vector<LedgerEntry>> planned = PlanMovements(brand, commit.movements, commit.movements_field);
  if (!planned) return planned.error();
  StoreResult<std::set<Booking>> booked = PlanBookings(brand, commit.slot_releases, commit.slot_bookings);
  if (!booked) return booked.error();
  if (commit.manifest) {
    if (manifests_.count({brand, commit.manifest->id})) {
      return Refusal(StoreError::Kind::kConflict, "manifest " + commit.manifest->id + " exists already", "id");
    }
    std::set<std::tuple<std::string, int64_t, int64_t>> listed;
    for (const ManifestParcel& p : commit.manifest->parcels) {
      if (on_manifest_.count({brand, p.order_id, p.shipment, p.parcel}) ||
          !listed.insert({p.order_id, p.shipment, p.parcel}).second) {
        return Refusal(StoreError::Kind::kConflict, "parcel " + p.number + " is on another manifest", "parcels");
      }
    }
  }
  std::map<std::string, int64_t> return_versions;  // Each return's version as the commit's writes move it.
  for (const ReturnRequest& r : commit.returns) {
    const auto stored = returns_.find({brand, r.id});
    const auto [it, fresh] =
        return_versions.try_emplace(r.id, stored == returns_.end() ? int64_t{0} : stored->second.version);
    if (it->second != r.version) {
      return Refusal(StoreError::Kind::kConflict,
                     "return " + r.id + (r.version == 0 ? " exists already" : " changed meanwhile"),
                     r.version == 0 ? "id" : "");
    }
    ++it->second;
  }
  if (commit.refund_payment && std::any_of(refunds_.begin(), refunds_.end(), [&](const RefundPayment& p) {
        return p.brand == brand && p.return_id == commit.refund_payment->return_id;
      })) {
    return Refusal(StoreError::Kind::kConflict, "return " + commit.refund_payment->return_id + " has a refund already",
                   "refund_payment");
  }
  Record(brand, &planned.value());
  bookings_ = std::move(booked).value();
  for (const ReturnRequest& r : commit.returns) {
    if (r.version == 0) return_order_.push_back({brand, r.id});
    ReturnRequest& stored = returns_[{brand, r.id}];
    const std::string created = stored.created_at;
    stored = r;
    stored.version = r.version + 1;
    stored.updated_at = UtcNowIso();
    stored.created_at = !created.empty() ? created : !r.created_at.empty() ? r.created_at : stored.updated_at;
  }
  if (commit.refund_payment) {
    RefundPayment p = *commit.refund_payment;
    p.id = static_cast<int64_t>(refunds_.size()) + 1;
    p.brand = brand;
    p.status = "pending";
    p.attempts = 0;
    p.last_error = p.reference = p.finished_at = "";
    p.created_at = UtcNowIso();
    refunds_.push_back(p);
  }
  std::vector<Order> written;
  for (const Order& o : commit.orders) {
    Order& stored = orders_[{brand, o.id}];
    const int64_t version = stored.version + 1;
    stored = o;
    stored.version = version;
    written.push_back(stored);
  }
  for (const OrderEventDraft& e : commit.events) AppendEvent(brand, e.order_id, e.kind, e.details, e.actor);
  for (const Notification& n : commit.notifications) Queue(n);
  for (const auto& [order_id, number] : commit.parcel_numbers) {
    AddSearchKey(brand, ParcelKey(number), order_id, UtcNowIso());
  }
  for (Invoice invoice : commit.invoices) {
    const bool billed = invoice.kind == "invoice" &&
                        std::any_of(invoices_.begin(), invoices_.end(), [&](const std::pair<std::string, Invoice>& i) {
                          return i.first == brand && i.second.kind == "invoice" &&
                                 i.second.order_id == invoice.order_id && i.second.shipment == invoice.shipment;
                        });
    if (billed) continue;
    invoice.number = InvoiceNumber(invoice.series, ++invoice_series_[{brand, invoice.series}]);
    invoice.issued_at = UtcNowIso();
    invoices_.emplace_back(brand, std::move(invoice));
  }
  if (commit.pickup) {
    PickupRequest r = *commit.pickup;
    r.id = static_cast<int64_t>(pickups_.size()) + 1;
    r.brand = brand;
    r.status = "pending";
    r.attempts = 0;
    r.last_error = r.reference = r.sent_at = "";
    r.created_at = UtcNowIso();
    pickups_.push_back(r);
  }
  if (commit.manifest) {
    manifests_[{brand, commit.manifest->id}] = *commit.manifest;
    for (const ManifestParcel& p : commit.manifest->parcels) {
      on_manifest_.insert({brand, p.order_id, p.shipment, p.parcel});
    }
  }
  return written;
}

std::vector<Order> MemoryStore::OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<const Order*> open;
  for (const auto& [key, o] : orders_) {
    // A parent's shipments are its children's.
    if (key.first == brand && o.customer_id == customer_id &&
        (o.status == OrderStatus::kPlaced || o.status == OrderStatus::kPreparing) && o.children.empty()) {
      open.push_back(&o);
    }
  }
  std::sort(open.begin(), open.end(), [](const Order* a, const Order* b) {
    return std::tie(a->created_at, a->id) > std::tie(b->created_at, b->id);
  });
  std::vector<Order> out;
  for (size_t i = 0; i < open.size() && static_cast<int64_t>(i) < limit; ++i) out.push_back(*open[i]);
  return out;
}

std::vector<Order> MemoryStore::OpenOrdersAt(const std::string& brand, const std::string& site, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<const Order*> open;
  for (const auto& [key, o] : orders_) {
    if (key.first == brand && (o.status == OrderStatus::kPlaced || o.status == OrderStatus::kPreparing) &&
        o.children.empty() &&
        std::any_of(o.lines.begin(), o.lines.end(), [&](const OrderLine& l) { return l.site == site; })) {
      open.push_back(&o);
    }
  }
  std::sort(open.begin(), open.end(), [](const Order* a, const Order* b) {
    return std::tie(a->created_at, a->id) < std::tie(b->created_at, b->id);
  });
  std::vector<Order> out;
  for (size_t i = 0; i < open.size() && static_cast<int64_t>(i) < limit; ++i) out.push_back(*open[i]);
  return out;
}

std::vector<Order> MemoryStore::OrdersWithParcels(const std::string& brand, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<const Order*> found;
  for (const auto& [key, o] : orders_) {
    if (key.first != brand || (o.status != OrderStatus::kReady && o.status != OrderStatus::kShipped) ||
        !o.children.empty())
      continue;
    const bool has_parcel = std::any_of(search_keys_.begin(), search_keys_.end(), [&](const auto& k) {
      return std::get<0>(k.first) == brand && std::get<2>(k.first) == o.id &&
             std::get<1>(k.first).starts_with("parcel:");
    });
    if (has_parcel) found.push_back(&o);
  }
  std::sort(found.begin(), found.end(), [](const Order* a, const Order* b) {
    return std::tie(a->created_at, a->id) < std::tie(b->created_at, b->id);
  });
  std::vector<Order> out;
  for (size_t i = 0; i < found.size() && static_cast<int64_t>(i) < limit; ++i) out.push_back(*found[i]);
  return out;
}

bool MemoryStore::AddParcelEvent(const std::string& brand, ParcelEvent* e) {
  const Lock lock(mutex_);
  for (const StoredParcelEvent& kept : parcel_events_) {
    const ParcelEvent& k = kept.event;
    if (kept.brand == brand && k.carrier == e->carrier && k.tracking_number == e->tracking_number &&
        k.code == e->code && k.justification == e->justification && k.at == e->at) {
      e->id = k.id;
      e->received_at = k.received_at;
      return false;
    }
  }
  e->id = static_cast<int64_t>(parcel_events_.size()) + 1;
  e->received_at = UtcNowIso();
  parcel_events_.push_back({brand, *e});
  return true;
}

void MemoryStore::SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                                        const std::string& order_id, const std::string& outcome) {
  const Lock lock(mutex_);
  if (id < 1 || id > static_cast<int64_t>(parcel_events_.size())) return;
  StoredParcelEvent& kept = parcel_events_[id - 1];
  if (kept.brand != brand) return;
  kept.event.milestone = milestone;
  kept.event.order_id = order_id;
  kept.event.outcome = outcome;
}

std::vector<ParcelEvent> MemoryStore::ParcelEvents(const std::string& brand, const std::string& tracking_number,
                                                   bool unknown_only, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<ParcelEvent> out;
  for (auto it = parcel_events_.rbegin(); it != parcel_events_.rend() && static_cast<int64_t>(out.size()) < limit;
       ++it) {
    const ParcelEvent& e = it->event;
    if (it->brand == brand && (tracking_number.empty() || e.tracking_number == tracking_number) &&
        (!unknown_only || e.milestone == "unknown")) {
      out.push_back(e);
    }
  }
  return out;
}

bool MemoryStore::ClaimPollRound(const std::string& brand, const std::string& carrier, int64_t now_ms,
                                 int64_t every_ms) {
  const Lock lock(mutex_);
  const auto [round, fresh] = poll_rounds_.try_emplace({brand, carrier}, now_ms + every_ms);
  if (fresh) return true;
  if (round->second > now_ms) return false;
  round->second = now_ms + every_ms;
  return true;
}

std::vector<Notification> MemoryStore::ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  const Lock lock(mutex_);
  return ClaimDue(&notifications_, now_ms, lease_ms, limit);
}

std::optional<Invoice> MemoryStore::GetInvoice(const std::string& brand, const std::string& number) {
  const Lock lock(mutex_);
  for (const auto& [b, invoice] : invoices_) {
    if (b == brand && invoice.number == number) return invoice;
  }
  return std::nullopt;
}

std::vector<Invoice> MemoryStore::OrderInvoices(const std::string& brand, const std::string& order_id) {
  const Lock lock(mutex_);
  std::vector<Invoice> out;
  for (const auto& [b, invoice] : invoices_) {
    if (b == brand && (invoice.order_id == order_id || invoice.order_id.starts_with(order_id + "-"))) {
      out.push_back(invoice);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Invoice& a, const Invoice& b) { return a.series < b.series; });
  return out;
}

std::vector<PickupRequest> MemoryStore::ClaimPickupRequests(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  const Lock lock(mutex_);
  return ClaimDue(&pickups_, now_ms, lease_ms, limit);
}

void MemoryStore::FinishPickupRequest(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms,
                                      const std::string& reference) {
  const Lock lock(mutex_);
  if (id < 1 || id > static_cast<int64_t>(pickups_.size())) return;
  PickupRequest& r = pickups_[id - 1];
  ++r.attempts;
  r.status = sent ? "sent" : retry_at_ms > 0 ? "pending" : "failed";
  r.last_error = sent ? "" : error;
  r.next_attempt_ms = retry_at_ms;
  r.reference = sent ? reference : "";
  r.sent_at = sent ? UtcNowIso() : "";
}

std::optional<PickupRequest> MemoryStore::PickupRequestOf(const std::string& brand, const std::string& manifest_id) {
  const Lock lock(mutex_);
  for (const PickupRequest& r : pickups_) {
    if (r.brand == brand && r.manifest_id == manifest_id) return r;
  }
  return std::nullopt;
}

bool MemoryStore::RequestPickupAgain(const std::string& brand, const std::string& manifest_id, int64_t now_ms) {
  const Lock lock(mutex_);
  for (PickupRequest& r : pickups_) {
    if (r.brand != brand || r.manifest_id != manifest_id || r.status == "pending") continue;
    r.status = "pending";
    r.attempts = 0;
    r.next_attempt_ms = now_ms;
    r.last_error = r.reference = r.sent_at = "";
    return true;
  }
  return false;
}

void MemoryStore::FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) {
  const Lock lock(mutex_);
  if (id < 1 || id > static_cast<int64_t>(notifications_.size())) return;
  Notification& n = notifications_[id - 1];
  ++n.attempts;
  n.status = sent ? "sent" : retry_at_ms > 0 ? "pending" : "failed";
  n.last_error = sent ? "" : error;
  n.next_attempt_ms = retry_at_ms;
  n.sent_at = sent ? UtcNowIso() : "";
}

std::vector<Notification> MemoryStore::NotificationsOf(const std::string& brand, const std::string& order_id) {
  std::vector<Notification> found;
  for (const Notification& n : notifications_) {
    if (n.brand == brand && OfOrder(n.order_id, order_id)) found.push_back(n);
  }
  return found;
}

std::vector<Notification> MemoryStore::OrderNotifications(const std::string& brand, const std::string& order_id) {
  const Lock lock(mutex_);
  return NotificationsOf(brand, order_id);
}

std::vector<OrderEvent> MemoryStore::OrderEvents(const std::string& brand, const std::string& order_id) {
  const Lock lock(mutex_);
  std::vector<OrderEvent> found;
  for (const StoredEvent& e : events_) {
    if (e.brand == brand && OfOrder(e.event.order_id, order_id)) found.push_back(e.event);
  }
  return found;
}

void MemoryStore::RecordPickupCodeRefusal(const std::string& brand, const std::string& order_id,
                                          const nlohmann::json& details, const Actor& actor) {
  const Lock lock(mutex_);
  AppendEvent(brand, order_id, "pickup_code_refused", details, actor);
}

Store::PickupCodeRefusals MemoryStore::CountPickupCodeRefusals(const std::string& brand, const std::string& order_id,
                                                               const std::string& actor_who, const std::string& since) {
  const Lock lock(mutex_);
  PickupCodeRefusals counts;
  for (const StoredEvent& s : events_) {
    const OrderEvent& e = s.event;
    if (s.brand != brand || e.kind != "pickup_code_refused" || e.at < since) continue;
    counts.for_order += e.order_id == order_id ? 1 : 0;
    counts.by_actor += e.actor == actor_who ? 1 : 0;
  }
  return counts;
}

std::vector<Order> MemoryStore::OrdersByParcelNumber(const std::string& brand, const std::string& tracking_number,
                                                     int64_t limit) {
  const Lock lock(mutex_);
  std::vector<Order> found;
  for (const std::string& id : IdsByKey(brand, ParcelKey(tracking_number), limit)) {
    if (const auto it = orders_.find({brand, id}); it != orders_.end()) found.push_back(it->second);
  }
  return found;
}

std::vector<Order> MemoryStore::SearchOrders(const std::string& brand, const std::string& query, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<Order> found;
  if (query.empty()) return found;
  const auto add = [&](const std::string& id) {
    if (static_cast<int64_t>(found.size()) >= limit) return;
    for (const Order& o : found) {
      if (o.id == id) return;
    }
    if (const auto it = orders_.find({brand, id}); it != orders_.end()) found.push_back(it->second);
  };
  add(query);
  const std::vector<std::string> keys = SearchKeysOfQuery(query);
  for (const std::string& key : keys) {
    for (const std::string& id : IdsByKey(brand, key, limit)) add(id);
  }
  return found;
}

StoreResult<Basket> MemoryStore::PutBasket(const std::string& brand, const Basket& basket) {
  const Lock lock(mutex_);
  Basket stored = basket;
  stored.updated_at = UtcNowIso();
  if (stored.created_at.empty()) stored.created_at = stored.updated_at;
  ++stored.version;
  if (basket.version == 0) {
    if (!baskets_.emplace(Key{brand, basket.id}, stored).second) {
      throw std::runtime_error("basket " + basket.id + " exists");  // SQL's primary key: ids are unique above.
    }
    return stored;
  }
  const auto it = baskets_.find({brand, basket.id});
  if (it == baskets_.end() || it->second.version != basket.version) {
    return Refusal(StoreError::Kind::kConflict, "basket " + basket.id + " changed meanwhile: read it again, then retry",
                   "");
  }
  it->second = stored;
  return stored;
}

std::optional<Basket> MemoryStore::GetBasket(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = baskets_.find({brand, id});
  if (it == baskets_.end()) return std::nullopt;
  return it->second;
}

StoreResult<std::set<MemoryStore::Booking>> MemoryStore::PlanBookings(const std::string& brand,
                                                                      const std::vector<std::string>& releases,
                                                                      const std::vector<SlotBooking>& bookings) {
  std::set<Booking> after = bookings_;
  std::erase_if(after, [&](const Booking& b) {
    return std::get<0>(b) == brand && std::find(releases.begin(), releases.end(), std::get<5>(b)) != releases.end();
  });
  for (size_t i = 0; i < bookings.size(); ++i) {
    const SlotBooking& b = bookings[i];
    const int64_t held = std::count_if(after.begin(), after.end(), [&](const Booking& k) {
      return k == Booking{brand, b.site, b.service, b.date, b.slot, std::get<5>(k)} && std::get<5>(k) != b.order_id;
    });
    if (held >= b.capacity) {
      return Refusal(StoreError::Kind::kSlotFull,
                     "slot " + b.date + " " + b.slot + " of " + b.service + " at " + b.site + " is full",
                     "slot_bookings[" + std::to_string(i) + "]");
    }
    after.insert({brand, b.site, b.service, b.date, b.slot, b.order_id});
  }
  return after;
}

std::vector<SlotLoad> MemoryStore::SlotLoads(const std::string& brand, const std::string& site,
                                             const std::string& service, const std::string& first_date,
                                             const std::string& last_date) {
  const Lock lock(mutex_);
  std::map<std::pair<std::string, std::string>, int64_t> count;  // (date, slot): sorted as the contract says.
  for (const Booking& b : bookings_) {
    if (std::get<0>(b) == brand && std::get<1>(b) == site && std::get<2>(b) == service &&
        std::get<3>(b) >= first_date && std::get<3>(b) <= last_date) {
      ++count[{std::get<3>(b), std::get<4>(b)}];
    }
  }
  std::vector<SlotLoad> loads;
  for (const auto& [key, booked] : count) loads.push_back({key.first, key.second, booked});
  return loads;
}

nlohmann::json MemoryStore::CustomerPreferences(const std::string& brand, const std::string& customer_id) {
  const Lock lock(mutex_);
  const auto it = last_relays_.find({brand, customer_id});
  return {{"customer_id", customer_id}, {"last_relay", it == last_relays_.end() ? nlohmann::json() : it->second}};
}

StoreResult<CustomerAccount> MemoryStore::PutCustomer(const std::string& brand, const CustomerAccount& account) {
  const Lock lock(mutex_);
  CustomerAccount stored = account;
  stored.updated_at = UtcNowIso();
  ++stored.version;
  const auto it = customers_.find({brand, account.id});
  if (account.version == 0) {
    if (it != customers_.end())
      return StoreError{StoreError::Kind::kConflict, "customer " + account.id + " exists", "id"};
    stored.created_at = stored.updated_at;
  } else {
    if (it == customers_.end() || it->second.version != account.version) {
      return StoreError{StoreError::Kind::kConflict, "customer " + account.id + " changed meanwhile", "version"};
    }
    stored.created_at = it->second.created_at;
  }
  customers_[{brand, account.id}] = stored;
  return stored;
}

std::optional<CustomerAccount> MemoryStore::GetCustomer(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = customers_.find({brand, id});
  if (it == customers_.end()) return std::nullopt;
  return it->second;
}

std::vector<CustomerAccount> MemoryStore::FindCustomers(const std::string& brand,
                                                        const std::vector<CustomerKeyMatch>& all_of, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<CustomerAccount> found;
  if (all_of.empty()) return found;
  for (const auto& [key, account] : customers_) {
    if (key.first != brand || static_cast<int64_t>(found.size()) >= limit) continue;
    const std::vector<std::string> keys = SearchKeysOf(account);
    const bool all = std::all_of(all_of.begin(), all_of.end(), [&](const CustomerKeyMatch& m) {
      return std::any_of(keys.begin(), keys.end(),
                         [&](const std::string& k) { return m.prefix ? k.starts_with(m.key) : k == m.key; });
    });
    if (all) found.push_back(account);
  }
  return found;
}

std::vector<Order> MemoryStore::OrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<const Order*> of;
  for (const auto& [key, o] : orders_) {
    if (key.first == brand && o.customer_id == customer_id && o.parent_id.empty()) of.push_back(&o);
  }
  std::sort(of.begin(), of.end(), [](const Order* a, const Order* b) {
    return std::tie(a->created_at, a->id) > std::tie(b->created_at, b->id);
  });
  std::vector<Order> out;
  for (size_t i = 0; i < of.size() && static_cast<int64_t>(i) < limit; ++i) out.push_back(*of[i]);
  return out;
}

StoreResult<std::vector<ParcelLabel>> MemoryStore::LabelShipment(const std::string& brand, const LabelClaim& claim,
                                                                 bool* allocated) {
  *allocated = false;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!orders_.count({brand, claim.order_id})) {
    return StoreError{StoreError::Kind::kNotFound, "no order " + claim.order_id, "order_id"};
  }
  // Planned on copies first: nothing changes unless every parcel gets its number.
  std::map<Key, uint64_t> given = serials_given_;
  std::vector<ParcelLabel> labels, made;
  const std::string now = UtcNowIso();
  for (int64_t parcel = 0; parcel < claim.parcels; ++parcel) {
    if (auto it = labels_.find({brand, claim.order_id, claim.shipment, parcel}); it != labels_.end()) {
      labels.push_back(it->second);
      continue;
    }
    size_t block = 0;
    for (; block < claim.blocks.size(); ++block) {
      const SerialBlock& b = claim.blocks[block];
      if (b.last >= b.first && given[{brand, b.key}] <= b.last - b.first) break;
    }
    if (block == claim.blocks.size()) {
      return StoreError{StoreError::Kind::kRangeExhausted,
                        "every parcel number of " + claim.carrier + " account " + claim.account + " was given",
                        "carrier"};
    }
    const SerialBlock& b = claim.blocks[block];
    const uint64_t serial = b.first + given[{brand, b.key}]++;
    labels.push_back({claim.order_id, claim.site, claim.shipment, parcel, claim.carrier, claim.account, b.key, serial,
                      claim.number_of(block, serial), now});
    made.push_back(labels.back());
  }
  serials_given_ = std::move(given);
  std::vector<std::string> numbers;
  for (const ParcelLabel& l : made) {
    labels_[{brand, l.order_id, l.shipment, l.parcel}] = l;
    AddSearchKey(brand, ParcelKey(l.number), l.order_id, now);
    numbers.push_back(l.number);
  }
  if (!made.empty()) {
    AppendEvent(brand, claim.order_id, "labelled", {{"shipment", claim.shipment}, {"parcels", numbers}}, claim.actor);
  }
  *allocated = !made.empty();
  return labels;
}

std::vector<ParcelLabel> MemoryStore::OrderLabels(const std::string& brand, const std::string& order_id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ParcelLabel> labels;
  for (const auto& [key, label] : labels_) {
    if (std::get<0>(key) == brand && std::get<1>(key) == order_id) labels.push_back(label);
  }
  return labels;
}

std::vector<ParcelLabel> MemoryStore::LabelsToHandOver(const std::string& brand, const std::string& site,
                                                       const std::string& carrier, int64_t limit) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ParcelLabel> labels;
  for (const auto& [key, label] : labels_) {
    if (std::get<0>(key) == brand && label.site == site && label.carrier == carrier &&
        !on_manifest_.count({brand, label.order_id, label.shipment, label.parcel})) {
      labels.push_back(label);
    }
  }
  std::sort(labels.begin(), labels.end(), [](const ParcelLabel& a, const ParcelLabel& b) {
    return std::tie(a.created_at, a.serial) < std::tie(b.created_at, b.serial);  // As made, within a block.
  });
  if (static_cast<int64_t>(labels.size()) > limit) labels.resize(static_cast<size_t>(limit));
  return labels;
}

std::optional<Manifest> MemoryStore::GetManifest(const std::string& brand, const std::string& id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = manifests_.find({brand, id});
  return it == manifests_.end() ? std::nullopt : std::optional<Manifest>(it->second);
}

std::vector<Manifest> MemoryStore::ManifestsOf(const std::string& brand, const std::string& site,
                                               const std::string& day) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Manifest> out;
  for (const auto& [key, m] : manifests_) {
    if (key.first == brand && m.site == site && m.day == day) out.push_back(m);
  }
  return out;
}

uint64_t MemoryStore::SerialsGiven(const std::string& brand, const std::string& key) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = serials_given_.find({brand, key});
  return it == serials_given_.end() ? 0 : it->second;
}

}  // namespace relais::edge

namespace relais::edge {

std::optional<ReturnRequest> MemoryStore::GetReturn(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = returns_.find({brand, id});
  if (it == returns_.end()) return std::nullopt;
  return it->second;
}

std::vector<ReturnRequest> MemoryStore::OrderReturns(const std::string& brand, const std::string& order_id) {
  const Lock lock(mutex_);
  std::vector<ReturnRequest> out;
  for (const Key& key : return_order_) {
    const ReturnRequest& r = returns_.at(key);
    if (key.first == brand && r.order_id == order_id) out.push_back(r);
  }
  return out;
}

std::vector<RefundPayment> MemoryStore::ClaimRefundPayments(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  const Lock lock(mutex_);
  return ClaimDue(&refunds_, now_ms, lease_ms, limit);
}

void MemoryStore::FinishRefundPayment(int64_t id, const std::string& status, const std::string& error,
                                      int64_t retry_at_ms, const std::string& reference) {
  if (status != "succeeded" && status != "failed" && status != "pending") {
    throw std::invalid_argument("a refund attempt ends succeeded, failed or pending");
  }
  const Lock lock(mutex_);
  if (id < 1 || id > static_cast<int64_t>(refunds_.size())) return;
  RefundPayment& p = refunds_[id - 1];
  if (p.status != "pending") return;
  ++p.attempts;
  p.status = status;
  p.last_error = status == "succeeded" ? "" : error;
  p.next_attempt_ms = retry_at_ms;
  p.reference = reference;
  p.finished_at = status == "pending" ? "" : UtcNowIso();
}

bool MemoryStore::RetryRefundPayment(const std::string& brand, const std::string& return_id, int64_t now_ms) {
  const Lock lock(mutex_);
  for (RefundPayment& p : refunds_) {
    if (p.brand != brand || p.return_id != return_id || p.status != "failed") continue;
    p.status = "pending";
    p.attempts = 0;
    p.next_attempt_ms = now_ms;
    p.last_error = p.finished_at = "";
    return true;
  }
  return false;
}

std::optional<RefundPayment> MemoryStore::RefundPaymentOf(const std::string& brand, const std::string& return_id) {
  const Lock lock(mutex_);
  for (const RefundPayment& p : refunds_) {
    if (p.brand == brand && p.return_id == return_id) return p;
  }
  return std::nullopt;
}

StoreResult<SiteLayout> MemoryStore::AddSiteLayout(const std::string& brand, const std::string& site,
                                                   const nlohmann::json& layout) {
  const Lock lock(mutex_);
  if (!sites_.contains({brand, site})) return StoreError{StoreError::Kind::kNotFound, "no site " + site, "site"};
  std::vector<SiteLayout>& versions = layouts_[{brand, site}];
  versions.push_back({site, static_cast<int64_t>(versions.size()) + 1, UtcNowIso(), layout});
  return versions.back();
}

std::optional<SiteLayout> MemoryStore::GetSiteLayout(const std::string& brand, const std::string& site,
                                                     int64_t version) {
  const Lock lock(mutex_);
  const auto it = layouts_.find({brand, site});
  if (it == layouts_.end() || it->second.empty()) return std::nullopt;
  if (version == 0) return it->second.back();
  if (version < 0 || version > static_cast<int64_t>(it->second.size())) return std::nullopt;
  return it->second[version - 1];
}

StoreResult<PickList> MemoryStore::PutPickList(const std::string& brand, const PickList& list) {
  const Lock lock(mutex_);
  PickList stored = list;
  stored.updated_at = UtcNowIso();
  if (stored.created_at.empty()) stored.created_at = stored.updated_at;
  ++stored.version;
  if (list.version == 0) {
    if (pick_lists_.contains({brand, list.id}))
      return StoreError{StoreError::Kind::kConflict, "pick list " + list.id + " exists", "id"};
    for (size_t i = 0; i < list.shipments.size(); ++i) {
      const auto held = picked_shipments_.find({brand, list.shipments[i].order_id, list.shipments[i].shipment});
      if (held != picked_shipments_.end()) {
        return StoreError{StoreError::Kind::kConflict, "in pick list " + held->second,
                          "shipments[" + std::to_string(i) + "]"};
      }
    }
    for (const PickShipment& s : list.shipments) picked_shipments_[{brand, s.order_id, s.shipment}] = list.id;
    pick_list_order_.push_back({brand, list.id});
  } else {
    const auto it = pick_lists_.find({brand, list.id});
    if (it == pick_lists_.end() || it->second.version != list.version) {
      return StoreError{StoreError::Kind::kConflict, "pick list " + list.id + " changed meanwhile", "version"};
    }
  }
  pick_lists_[{brand, list.id}] = stored;
  return stored;
}

std::optional<PickList> MemoryStore::GetPickList(const std::string& brand, const std::string& id) {
  const Lock lock(mutex_);
  const auto it = pick_lists_.find({brand, id});
  if (it == pick_lists_.end()) return std::nullopt;
  return it->second;
}

std::vector<PickList> MemoryStore::ListPickLists(const std::string& brand, const std::string& site,
                                                 const std::string& status, int64_t limit) {
  const Lock lock(mutex_);
  std::vector<PickList> lists;
  for (const Key& key : pick_list_order_) {
    const PickList& l = pick_lists_.at(key);
    if (key.first != brand || l.site != site || (!status.empty() && l.status != status)) continue;
    if (static_cast<int64_t>(lists.size()) >= limit) break;
    lists.push_back(l);
  }
  return lists;
}

std::optional<PickList> MemoryStore::PickListOf(const std::string& brand, const std::string& order_id,
                                                int64_t shipment) {
  const Lock lock(mutex_);
  const auto held = picked_shipments_.find({brand, order_id, shipment});
  if (held == picked_shipments_.end()) return std::nullopt;
  return pick_lists_.at({brand, held->second});
}

}  // namespace relais::edge
