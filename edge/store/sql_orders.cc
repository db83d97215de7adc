// The SQL store: orders -- the group commit, idempotency keys, versioned commits, events, search.
#include <algorithm>
#include <exception>
#include <thread>

#include "edge/model/search_keys.h"
#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

struct SqlStore::PendingOrder {
  const std::string* brand = nullptr;
  const NewOrder* order = nullptr;
  Order result;
  bool replayed = false;
  std::optional<StoreError> refused;  // What the store refused, or
  std::exception_ptr error;           // what broke.
  bool done = false;
};

StoreResult<Order> SqlStore::CreateOrder(const std::string& brand, const NewOrder& n, bool* replayed) {
  PendingOrder mine;
  mine.brand = &brand;
  mine.order = &n;
  std::unique_lock<std::mutex> queue(queue_mutex_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (writing_batch_) {  // Another thread writes a group: this order joins the next one.
      batch_written_.wait(queue);
      continue;
    }
    writing_batch_ = true;
    std::vector<PendingOrder*> batch;
    batch.swap(queue_);
    queue.unlock();
    WriteOrderBatch(batch);
    queue.lock();
    writing_batch_ = false;
    for (PendingOrder* p : batch) p->done = true;
    batch_written_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
  if (mine.refused) return *mine.refused;
  *replayed = mine.replayed;
  return std::move(mine.result);
}

void SqlStore::WriteOrderBatch(const std::vector<PendingOrder*>& batch) {
  try {
    Write([&](Connection& db) {
      QueueForStock(db);
      for (PendingOrder* p : batch) {
        // Afresh at each attempt: a transaction run again forgets what the last one decided.
        p->refused.reset();
        p->error = nullptr;
        p->replayed = false;
        db.Exec("SAVEPOINT order_write");
        try {
          p->result = WriteOrder(db, *p->brand, *p->order, &p->replayed);
        } catch (const Refused& r) {
          p->refused = r.error;
          db.Exec("ROLLBACK TO order_write");
        } catch (const RetryTransaction&) {
          throw;  // The whole group runs again.
        } catch (...) {
          p->error = std::current_exception();
          db.Exec("ROLLBACK TO order_write");
        }
        db.Exec("RELEASE order_write");
      }
    });
  } catch (...) {  // The group is rolled back: no order of it was written.
    for (PendingOrder* p : batch) {
      if (!p->error && !p->refused) p->error = std::current_exception();
    }
  }
}

void SqlStore::AppendEvent(Connection& db, const std::string& brand, const std::string& order_id,
                           const std::string& kind, const nlohmann::json& details, const Actor& actor) {
  Statement s(db,
              "INSERT INTO order_events (brand_id, order_id, at, actor, kind, reason, details) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.Bind(brand).Bind(order_id).Bind(UtcNowIso()).Bind(actor.who).Bind(kind).Bind(actor.reason).Bind(details.dump());
  s.Run();
}

void SqlStore::BookSlots(Connection& db, const std::string& brand, const std::vector<SlotBooking>& bookings) {
  for (size_t i = 0; i < bookings.size(); ++i) {
    const SlotBooking& b = bookings[i];
    Statement count(db,
                    "SELECT COUNT(*) FROM slot_bookings WHERE brand_id = ? AND site_id = ? AND service = ? AND "
                    "date = ? AND slot = ? AND order_id <> ?");
    count.Bind(brand).Bind(b.site).Bind(b.service).Bind(b.date).Bind(b.slot).Bind(b.order_id).Step();
    if (count.Int(0) >= b.capacity) {
      throw Refused{{StoreError::Kind::kSlotFull,
                     "slot " + b.date + " " + b.slot + " of " + b.service + " at " + b.site + " is full",
                     "slot_bookings[" + std::to_string(i) + "]"}};
    }
    Statement book(db,
                   "INSERT INTO slot_bookings (brand_id, site_id, service, date, slot, order_id) VALUES (?, ?, ?, ?, "
                   "?, ?) ON CONFLICT DO NOTHING");
    book.Bind(brand).Bind(b.site).Bind(b.service).Bind(b.date).Bind(b.slot).Bind(b.order_id).Run();
  }
}

std::vector<SlotLoad> SqlStore::SlotLoads(const std::string& brand, const std::string& site, const std::string& service,
                                          const std::string& first_date, const std::string& last_date) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT date, slot, COUNT(*) FROM slot_bookings WHERE brand_id = ? AND site_id = ? AND service = ? AND "
              "date >= ? AND date <= ? GROUP BY date, slot ORDER BY date, slot");
  s.Bind(brand).Bind(site).Bind(service).Bind(first_date).Bind(last_date);
  std::vector<SlotLoad> loads;
  while (s.Step()) loads.push_back({s.Text(0), s.Text(1), s.Int(2)});
  return loads;
}

Order SqlStore::WriteOrder(Connection& db, const std::string& brand, const NewOrder& n, bool* replayed) {
  // Checked again inside the transaction: the same request may have raced this one to the writer.
  if (std::optional<Order> replay = FindReplay(db, brand, n.idempotency_key, n.request_sha256)) {
    *replayed = true;
    return *replay;
  }
  // Each line reserved for the order that will move it: the child of its site, or the order itself.
  std::vector<Movement> reservations;
  for (const OrderLine& line : n.order.lines) {
    std::string holder = n.order.id;
    for (const Order& child : n.children) holder = child.site == line.site ? child.id : holder;
    reservations.push_back({MovementKind::kReservation, line.sku, line.site, line.quantity, "", holder});
  }
  ApplyMovements(db, brand, reservations, "lines");
  InsertOrder(db, brand, n.order);
  for (const Order& child : n.children) InsertOrder(db, brand, child);
  BookSlots(db, brand, n.slot_bookings);
  for (const std::string& k : SearchKeysOf(n.order)) {
    Statement key(db, "INSERT INTO order_keys (brand_id, search_key, order_id, created_at) VALUES (?, ?, ?, ?)");
    key.Bind(brand).Bind(k).Bind(n.order.id).Bind(n.order.created_at).Run();
  }
  nlohmann::json created = {{"channel", n.order.channel}, {"total_cents", n.order.total_cents}};
  if (!n.children.empty()) created["children"] = ChildrenJson(n.order.children);
  AppendEvent(db, brand, n.order.id, "created", created, {n.actor, ""});
  Statement key(db,
                "INSERT INTO idempotency_keys (brand_id, idempotency_key, request_sha256, order_id, created_at) "
                "VALUES (?, ?, ?, ?, ?)");
  key.Bind(brand).Bind(n.idempotency_key).Bind(n.request_sha256).Bind(n.order.id).Bind(n.order.created_at).Run();
  if (!n.last_relay.is_null()) {
    Statement preference(db,
                         "INSERT INTO customer_preferences (brand_id, customer_id, last_relay, updated_at) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (brand_id, customer_id) DO UPDATE SET "
                         "last_relay = excluded.last_relay, updated_at = excluded.updated_at");
    preference.Bind(brand).Bind(n.order.customer_id).Bind(n.last_relay.dump()).Bind(n.order.created_at).Run();
  }
  *replayed = false;
  Order stored = n.order;
  stored.version = 1;
  return stored;
}

StoreResult<std::optional<Order>> SqlStore::ReplayOrder(const std::string& brand, const std::string& idempotency_key,
                                                        const std::string& request_sha256) {
  try {
    const ReaderLease db(*this);
    return FindReplay(db, brand, idempotency_key, request_sha256);
  } catch (const Refused& r) {
    return r.error;
  }
}

std::optional<Order> SqlStore::GetOrder(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body, version FROM orders WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return OrderOfRow(s.Text(0), s.Int(1));
}

std::vector<Order> SqlStore::ListOrders(const std::string& brand, int64_t limit, const std::string& cursor,
                                        std::string* next) {
  const ReaderLease db(*this);
  // The cursor is "<created_at> <id>" of the last order seen: stable while orders are added.
  const size_t space = cursor.find(' ');
  const std::string after_time = space == std::string::npos ? "" : cursor.substr(0, space);
  const std::string after_id = space == std::string::npos ? "" : cursor.substr(space + 1);
  Statement s(db,
              "SELECT body, created_at, id, version FROM orders WHERE brand_id = ? AND (created_at > ? OR "
              "(created_at = ? AND id > ?)) ORDER BY created_at, id LIMIT ?");
  s.Bind(brand).Bind(after_time).Bind(after_time).Bind(after_id).Bind(limit + 1);
  std::vector<Order> orders;
  next->clear();
  while (s.Step()) {
    if (static_cast<int64_t>(orders.size()) == limit) {
      *next = orders.back().created_at + " " + orders.back().id;
      break;
    }
    orders.push_back(OrderOfRow(s.Text(0), s.Int(3)));
  }
  return orders;
}

void SqlStore::InsertOrder(Connection& db, const std::string& brand, const Order& o) {
  Statement order(db,
                  "INSERT INTO orders (brand_id, id, customer_id, status, total_cents, body, created_at, updated_at, "
                  "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)");
  order.Bind(brand).Bind(o.id).Bind(o.customer_id).Bind(OrderStatusText(o.status)).Bind(o.total_cents);
  order.Bind(OrderJson(o).dump()).Bind(o.created_at).Bind(o.created_at).Run();
}

bool SqlStore::UpdateOrder(Connection& db, const std::string& brand, const Order& o) {
  Statement update(db,
                   "UPDATE orders SET status = ?, total_cents = ?, body = ?, updated_at = ?, version = version + 1 "
                   "WHERE brand_id = ? AND id = ? AND version = ?");
  update.Bind(OrderStatusText(o.status))
      .Bind(o.total_cents)
      .Bind(OrderJson(o).dump())
      .Bind(UtcNowIso())
      .Bind(brand)
      .Bind(o.id);
  update.Bind(o.version).Run();
  return db.Changes() > 0;
}

StoreResult<std::vector<Order>> SqlStore::CommitOrders(const std::string& brand, const OrderCommit& commit) {
  try {
    return Write([&](Connection& db) {
      std::vector<Order> stored;
      for (const Order& o : commit.orders) {
        if (!UpdateOrder(db, brand, o)) {
          throw Refused{{StoreError::Kind::kConflict, "order " + o.id + " changed meanwhile", ""}};
        }
        stored.push_back(o);
        ++stored.back().version;
      }
      if (!commit.movements.empty()) ApplyMovements(db, brand, commit.movements, commit.movements_field);
      for (const OrderEventDraft& e : commit.events) AppendEvent(db, brand, e.order_id, e.kind, e.details, e.actor);
      for (const Notification& n : commit.notifications) QueueNotification(db, n);
      for (const std::string& order_id : commit.slot_releases) {
        Statement release(db, "DELETE FROM slot_bookings WHERE brand_id = ? AND order_id = ?");
        release.Bind(brand).Bind(order_id).Run();
      }
      BookSlots(db, brand, commit.slot_bookings);
      if (commit.manifest) InsertManifest(db, brand, *commit.manifest);
      if (commit.pickup) QueuePickupRequest(db, brand, *commit.pickup);
      for (const Invoice& invoice : commit.invoices) IssueInvoice(db, brand, invoice);
      for (const ReturnRequest& r : commit.returns) WriteReturn(db, brand, r);
      if (commit.refund_payment) QueueRefundPayment(db, brand, *commit.refund_payment);
      for (const auto& [order_id, number] : commit.parcel_numbers) {
        Statement key(db,
                      "INSERT INTO order_keys (brand_id, search_key, order_id, created_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT DO NOTHING");
        key.Bind(brand).Bind(ParcelKey(number)).Bind(order_id).Bind(UtcNowIso()).Run();
      }
      return stored;
    });
  } catch (const Refused& r) {  // The transaction rolled back: nothing of the commit was written.
    return r.error;
  }
}

std::vector<Order> SqlStore::OrdersWithParcels(const std::string& brand, int64_t limit) {
  const ReaderLease db(*this);
  Statement s(
      db,
      "SELECT o.body, o.version FROM orders o WHERE o.brand_id = ? AND o.status IN ('ready', 'shipped') AND EXISTS "
      "(SELECT 1 FROM order_keys k WHERE k.brand_id = o.brand_id AND k.order_id = o.id AND "
      "k.search_key LIKE 'parcel:%') ORDER BY o.created_at, o.id LIMIT ?");
  s.Bind(brand).Bind(limit);
  std::vector<Order> orders;
  while (s.Step()) orders.push_back(OrderOfRow(s.Text(0), s.Int(1)));
  return orders;
}

std::vector<OrderEvent> SqlStore::OrderEvents(const std::string& brand, const std::string& order_id) {
  const ReaderLease db(*this);
  // The order's own and its children's ("<id>-<n>").
  Statement s(db,
              "SELECT id, order_id, at, actor, kind, reason, details FROM order_events WHERE brand_id = ? AND "
              "(order_id = ? OR order_id LIKE ? ESCAPE '!') ORDER BY id");
  s.Bind(brand).Bind(order_id).Bind(ChildPattern(order_id));
  std::vector<OrderEvent> events;
  while (s.Step()) {
    events.push_back(
        {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), nlohmann::json::parse(s.Text(6))});
  }
  return events;
}

void SqlStore::RecordPickupCodeRefusal(const std::string& brand, const std::string& order_id,
                                       const nlohmann::json& details, const Actor& actor) {
  return Write([&](Connection& db) { AppendEvent(db, brand, order_id, "pickup_code_refused", details, actor); });
}

Store::PickupCodeRefusals SqlStore::CountPickupCodeRefusals(const std::string& brand, const std::string& order_id,
                                                            const std::string& actor_who, const std::string& since) {
  const ReaderLease db(*this);
  PickupCodeRefusals counts;
  Statement for_order(db,
                      "SELECT count(*) FROM order_events WHERE brand_id = ? AND order_id = ? AND "
                      "kind = 'pickup_code_refused' AND at >= ?");
  for_order.Bind(brand).Bind(order_id).Bind(since);
  if (for_order.Step()) counts.for_order = for_order.Int(0);
  Statement by_actor(db,
                     "SELECT count(*) FROM order_events WHERE brand_id = ? AND kind = 'pickup_code_refused' AND "
                     "actor = ? AND at >= ?");
  by_actor.Bind(brand).Bind(actor_who).Bind(since);
  if (by_actor.Step()) counts.by_actor = by_actor.Int(0);
  return counts;
}

std::vector<Order> SqlStore::OrdersByParcelNumber(const std::string& brand, const std::string& tracking_number,
                                                  int64_t limit) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT order_id FROM order_keys WHERE brand_id = ? AND search_key = ? "
              "ORDER BY created_at DESC, order_id DESC LIMIT ?");
  s.Bind(brand).Bind(ParcelKey(tracking_number)).Bind(limit);
  std::vector<std::string> ids;
  while (s.Step()) ids.push_back(s.Text(0));
  std::vector<Order> found;
  for (const std::string& id : ids) {
    if (std::optional<Order> o = GetOrder(brand, id)) found.push_back(*o);
  }
  return found;
}

std::vector<Order> SqlStore::SearchOrders(const std::string& brand, const std::string& query, int64_t limit) {
  std::vector<Order> found;
  if (query.empty()) return found;
  if (std::optional<Order> by_id = GetOrder(brand, query)) found.push_back(*by_id);
  const std::vector<std::string> keys = SearchKeysOfQuery(query);
  const ReaderLease db(*this);
  for (const std::string& key : keys) {
    Statement s(db,
                "SELECT order_id FROM order_keys WHERE brand_id = ? AND search_key = ? "
                "ORDER BY created_at DESC, order_id DESC LIMIT ?");
    s.Bind(brand).Bind(key).Bind(limit);
    std::vector<std::string> ids;
    while (s.Step()) ids.push_back(s.Text(0));
    for (const std::string& id : ids) {
      if (static_cast<int64_t>(found.size()) >= limit) break;
      bool seen = false;
      for (const Order& o : found) seen = seen || o.id == id;
      if (!seen) {
        if (std::optional<Order> o = GetOrder(brand, id)) found.push_back(*o);
      }
    }
  }
  return found;
}

std::vector<Order> SqlStore::OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) {
  const ReaderLease db(*this);
  // A parent's shipments are its children's; a parent's document alone lists children (order_json.h).
#define RELAIS_OPEN_ORDERS_OF(no_children)                                                                         \
  "SELECT body, version FROM orders WHERE brand_id = ? AND customer_id = ? AND status IN ('placed', 'preparing') " \
  "AND " no_children " ORDER BY created_at DESC, id DESC LIMIT ?"
  Statement s(db, RELAIS_OPEN_ORDERS_OF("json_extract(body, '$.children') IS NULL"),
              RELAIS_OPEN_ORDERS_OF("COALESCE(jsonb_typeof(body::jsonb -> 'children'), 'null') = 'null'"));
#undef RELAIS_OPEN_ORDERS_OF
  s.Bind(brand).Bind(customer_id).Bind(limit);
  std::vector<Order> orders;
  while (s.Step()) orders.push_back(OrderOfRow(s.Text(0), s.Int(1)));
  return orders;
}

std::vector<Order> SqlStore::OpenOrdersAt(const std::string& brand, const std::string& site, int64_t limit) {
  const ReaderLease db(*this);
  // Through orders_by_status: only the orders not gone yet are read.
  Statement s(db,
              "SELECT o.body, o.version FROM orders o WHERE o.brand_id = ? AND o.status IN ('placed', 'preparing') "
              "AND json_extract(o.body, '$.children') IS NULL AND EXISTS (SELECT 1 FROM json_each(o.body, '$.lines') "
              "l WHERE json_extract(l.value, '$.site') = ?) ORDER BY o.created_at, o.id LIMIT ?",
              "SELECT o.body, o.version FROM orders o WHERE o.brand_id = ? AND o.status IN ('placed', 'preparing') "
              "AND COALESCE(jsonb_typeof(o.body::jsonb -> 'children'), 'null') = 'null' AND EXISTS (SELECT 1 FROM "
              "jsonb_array_elements(o.body::jsonb -> 'lines') l WHERE l ->> 'site' = ?) ORDER BY o.created_at, o.id "
              "LIMIT ?");
  s.Bind(brand).Bind(site).Bind(limit);
  std::vector<Order> orders;
  while (s.Step()) orders.push_back(OrderOfRow(s.Text(0), s.Int(1)));
  return orders;
}

}  // namespace relais::edge
