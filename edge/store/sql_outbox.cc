// The SQL store: the outboxes (notifications and pickup requests, leased claims), the carriers' parcel
// events and their polling rounds.
#include <algorithm>
#include <exception>
#include <thread>

#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

bool SqlStore::QueueNotification(Connection& db, const Notification& n) {
  Statement s(
      db,
      "INSERT INTO notifications (brand_id, order_id, shipment, trigger_step, channel, recipient, subject, body, "
      "status, attempts, next_attempt_ms, last_error, created_at, sent_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, '') ON CONFLICT DO NOTHING");
  s.Bind(n.brand).Bind(n.order_id).Bind(n.shipment).Bind(n.trigger).Bind(n.channel).Bind(n.recipient);
  s.Bind(n.subject).Bind(n.body).Bind(n.next_attempt_ms).Bind(UtcNowIso()).Run();
  return db.Changes() > 0;
}

namespace {

constexpr const char* kNotificationColumns =
    "id, brand_id, order_id, shipment, trigger_step, channel, recipient, subject, body, status, attempts, "
    "next_attempt_ms, last_error, created_at, sent_at";

Notification NotificationOf(const Statement& s) {
  return {s.Int(0),  s.Text(1), s.Text(2), s.Int(3),  s.Text(4),  s.Text(5),  s.Text(6), s.Text(7),
          s.Text(8), s.Text(9), s.Int(10), s.Int(11), s.Text(12), s.Text(13), s.Text(14)};
}

}  // namespace

std::vector<Notification> SqlStore::ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  return Write([&](Connection& db) {
    static const std::string kSelect = std::string("SELECT ") + kNotificationColumns +
                                       " FROM notifications WHERE status = 'pending' AND next_attempt_ms <= ? "
                                       "ORDER BY next_attempt_ms, id LIMIT ?";
    Statement s(db, kSelect.c_str());
    s.Bind(now_ms).Bind(limit);
    std::vector<Notification> due;
    while (s.Step()) due.push_back(NotificationOf(s));
    for (const Notification& n : due) {
      Statement lease(db, "UPDATE notifications SET next_attempt_ms = ? WHERE id = ?");
      lease.Bind(now_ms + lease_ms).Bind(n.id).Run();
    }
    return due;
  });
}

void SqlStore::FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) {
  return Write([&](Connection& db) {
    Statement s(db,
                "UPDATE notifications SET attempts = attempts + 1, status = ?, last_error = ?, next_attempt_ms = ?, "
                "sent_at = ? WHERE id = ?");
    const std::string status = sent ? "sent" : retry_at_ms > 0 ? "pending" : "failed";
    s.Bind(status).Bind(sent ? "" : error).Bind(retry_at_ms).Bind(sent ? UtcNowIso() : "").Bind(id).Run();
  });
}

std::vector<Notification> SqlStore::OrderNotifications(const std::string& brand, const std::string& order_id) {
  const ReaderLease db(*this);
  static const std::string kSelect = std::string("SELECT ") + kNotificationColumns +
                                     " FROM notifications WHERE brand_id = ? AND (order_id = ? OR order_id LIKE ? "
                                     "ESCAPE '!') ORDER BY id";
  Statement s(db, kSelect.c_str());
  s.Bind(brand).Bind(order_id).Bind(ChildPattern(order_id));
  std::vector<Notification> found;
  while (s.Step()) found.push_back(NotificationOf(s));
  return found;
}

void SqlStore::QueuePickupRequest(Connection& db, const std::string& brand, const PickupRequest& r) {
  Statement s(db,
              "INSERT INTO pickup_requests (brand_id, manifest_id, carrier, account, channel, status, attempts, "
              "next_attempt_ms, last_error, reference, created_at, sent_at) "
              "VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, '', '', ?, '')");
  s.Bind(brand).Bind(r.manifest_id).Bind(r.carrier).Bind(r.account).Bind(r.channel).Bind(r.next_attempt_ms);
  s.Bind(UtcNowIso()).Run();
}

namespace {

#define RELAIS_PICKUP_COLUMNS                                                                                    \
  "SELECT id, brand_id, manifest_id, carrier, account, channel, status, attempts, next_attempt_ms, last_error, " \
  "reference, created_at, sent_at FROM pickup_requests "

PickupRequest PickupRequestOfRow(const Statement& s) {
  return {s.Int(0), s.Text(1), s.Text(2), s.Text(3),  s.Text(4),  s.Text(5), s.Text(6),
          s.Int(7), s.Int(8),  s.Text(9), s.Text(10), s.Text(11), s.Text(12)};
}

}  // namespace

std::vector<PickupRequest> SqlStore::ClaimPickupRequests(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  return Write([&](Connection& db) {
    Statement s(db, RELAIS_PICKUP_COLUMNS
                "WHERE status = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?");
    s.Bind(now_ms).Bind(limit);
    std::vector<PickupRequest> due;
    while (s.Step()) due.push_back(PickupRequestOfRow(s));
    for (const PickupRequest& r : due) {
      Statement lease(db, "UPDATE pickup_requests SET next_attempt_ms = ? WHERE id = ?");
      lease.Bind(now_ms + lease_ms).Bind(r.id).Run();
    }
    return due;
  });
}

void SqlStore::FinishPickupRequest(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms,
                                   const std::string& reference) {
  return Write([&](Connection& db) {
    Statement s(db,
                "UPDATE pickup_requests SET attempts = attempts + 1, status = ?, last_error = ?, next_attempt_ms = ?, "
                "reference = ?, sent_at = ? WHERE id = ?");
    const std::string status = sent ? "sent" : retry_at_ms > 0 ? "pending" : "failed";
    s.Bind(status).Bind(sent ? "" : error).Bind(retry_at_ms).Bind(sent ? reference : "").Bind(sent ? UtcNowIso() : "");
    s.Bind(id).Run();
  });
}

std::optional<PickupRequest> SqlStore::PickupRequestOf(const std::string& brand, const std::string& manifest_id) {
  const ReaderLease db(*this);
  Statement s(db, RELAIS_PICKUP_COLUMNS "WHERE brand_id = ? AND manifest_id = ?");
  s.Bind(brand).Bind(manifest_id);
  if (!s.Step()) return std::nullopt;
  return PickupRequestOfRow(s);
}

bool SqlStore::RequestPickupAgain(const std::string& brand, const std::string& manifest_id, int64_t now_ms) {
  return Write([&](Connection& db) {
    Statement s(db,
                "UPDATE pickup_requests SET status = 'pending', attempts = 0, next_attempt_ms = ?, last_error = '', "
                "reference = '', sent_at = '' WHERE brand_id = ? AND manifest_id = ? AND status <> 'pending'");
    s.Bind(now_ms).Bind(brand).Bind(manifest_id).Run();
    return db.Changes() > 0;
  });
}

bool SqlStore::AddParcelEvent(const std::string& brand, ParcelEvent* e) {
  return Write([&](Connection& db) {
    Statement insert(db,
                     "INSERT INTO parcel_events (brand_id, carrier, tracking_number, code, justification, event_text, "
                     "event_at, received_at, milestone, order_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT DO NOTHING");
    insert.Bind(brand).Bind(e->carrier).Bind(e->tracking_number).Bind(e->code).Bind(e->justification).Bind(e->text);
    insert.Bind(e->at).Bind(UtcNowIso()).Bind(e->milestone).Bind(e->order_id).Bind(e->outcome).Run();
    const bool fresh = db.Changes() > 0;
    Statement find(
        db,
        "SELECT id, received_at FROM parcel_events WHERE brand_id = ? AND carrier = ? AND tracking_number = ? "
        "AND code = ? AND justification = ? AND event_at = ?");
    find.Bind(brand).Bind(e->carrier).Bind(e->tracking_number).Bind(e->code).Bind(e->justification).Bind(e->at);
    if (!find.Step()) throw std::runtime_error("a parcel event just kept is missing");
    e->id = find.Int(0);
    e->received_at = find.Text(1);
    return fresh;
  });
}

void SqlStore::SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                                     const std::string& order_id, const std::string& outcome) {
  return Write([&](Connection& db) {
    Statement s(db, "UPDATE parcel_events SET milestone = ?, order_id = ?, outcome = ? WHERE brand_id = ? AND id = ?");
    s.Bind(milestone).Bind(order_id).Bind(outcome).Bind(brand).Bind(id).Run();
  });
}

bool SqlStore::ClaimPollRound(const std::string& brand, const std::string& carrier, int64_t now_ms, int64_t every_ms) {
  return Write([&](Connection& db) {
    // One statement: a pair never polled gets its row, a due one is moved on, one not due is left as it is (no row
    // changed). Two nodes asking at once are one after the other here (SQLite's single writer, or PostgreSQL's
    // serialization failure running the later one again, which then finds the round taken).
    Statement s(db,
                "INSERT INTO poll_rounds (brand_id, carrier, next_ms) VALUES (?, ?, ?) ON CONFLICT (brand_id, carrier) "
                "DO UPDATE SET next_ms = excluded.next_ms WHERE poll_rounds.next_ms <= ?");
    s.Bind(brand).Bind(carrier).Bind(now_ms + every_ms).Bind(now_ms).Run();
    return db.Changes() == 1;
  });
}

std::vector<ParcelEvent> SqlStore::ParcelEvents(const std::string& brand, const std::string& tracking_number,
                                                bool unknown_only, int64_t limit) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT id, carrier, tracking_number, code, justification, event_text, event_at, received_at, milestone, "
              "order_id, outcome FROM parcel_events WHERE brand_id = ? AND (? = '' OR tracking_number = ?) AND "
              "(? = 0 OR milestone = 'unknown') ORDER BY id DESC LIMIT ?");
  s.Bind(brand).Bind(tracking_number).Bind(tracking_number).Bind(int64_t{unknown_only ? 1 : 0}).Bind(limit);
  std::vector<ParcelEvent> events;
  while (s.Step()) {
    events.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7), s.Text(8),
                      s.Text(9), s.Text(10)});
  }
  return events;
}

}  // namespace relais::edge
