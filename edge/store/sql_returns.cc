// Returns and the refunds the payment provider is asked for (store.h), in SQL.
#include <stdexcept>

#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

void SqlStore::WriteReturn(Connection& db, const std::string& brand, const ReturnRequest& r) {
  ReturnRequest stored = r;
  stored.version = r.version + 1;
  stored.updated_at = UtcNowIso();
  if (stored.created_at.empty()) stored.created_at = stored.updated_at;
  const std::string body = ReturnJson(stored).dump();
  if (r.version == 0) {
    Statement s(db,
                "INSERT INTO returns (brand_id, id, order_id, version, status, body, created_at, updated_at) "
                "VALUES (?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    s.Bind(brand).Bind(r.id).Bind(r.order_id).Bind(r.status).Bind(body).Bind(stored.created_at);
    s.Bind(stored.updated_at).Run();
    if (db.Changes() != 1) {
      throw Refused{{StoreError::Kind::kConflict, "return " + r.id + " exists already", "id"}};
    }
    return;
  }
  Statement s(db,
              "UPDATE returns SET version = version + 1, status = ?, body = ?, updated_at = ? "
              "WHERE brand_id = ? AND id = ? AND version = ?");
  s.Bind(r.status).Bind(body).Bind(stored.updated_at).Bind(brand).Bind(r.id).Bind(r.version).Run();
  if (db.Changes() != 1) {
    throw Refused{{StoreError::Kind::kConflict, "return " + r.id + " changed meanwhile", ""}};
  }
}

void SqlStore::QueueRefundPayment(Connection& db, const std::string& brand, const RefundPayment& p) {
  Statement s(db,
              "INSERT INTO refund_payments (brand_id, return_id, order_id, amount_cents, currency, status, attempts, "
              "next_attempt_ms, last_error, reference, created_at, finished_at) "
              "VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, '', '', ?, '') ON CONFLICT DO NOTHING");
  s.Bind(brand).Bind(p.return_id).Bind(p.order_id).Bind(p.amount_cents).Bind(p.currency).Bind(p.next_attempt_ms);
  s.Bind(UtcNowIso()).Run();
  if (db.Changes() != 1) {
    throw Refused{{StoreError::Kind::kConflict, "return " + p.return_id + " has a refund already", "refund_payment"}};
  }
}

std::optional<ReturnRequest> SqlStore::GetReturn(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body, version FROM returns WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  ReturnRequest r = ReturnOfJson(nlohmann::json::parse(s.Text(0)));
  r.version = s.Int(1);
  return r;
}

std::vector<ReturnRequest> SqlStore::OrderReturns(const std::string& brand, const std::string& order_id) {
  const ReaderLease db(*this);
  // In the order they were made: SQLite's row ids, PostgreSQL's seq column.
  Statement s(db, "SELECT body, version FROM returns WHERE brand_id = ? AND order_id = ? ORDER BY rowid",
              "SELECT body, version FROM returns WHERE brand_id = ? AND order_id = ? ORDER BY seq");
  s.Bind(brand).Bind(order_id);
  std::vector<ReturnRequest> out;
  while (s.Step()) {
    out.push_back(ReturnOfJson(nlohmann::json::parse(s.Text(0))));
    out.back().version = s.Int(1);
  }
  return out;
}

namespace {

#define RELAIS_REFUND_COLUMNS                                                                             \
  "SELECT id, brand_id, return_id, order_id, amount_cents, currency, status, attempts, next_attempt_ms, " \
  "last_error, reference, created_at, finished_at FROM refund_payments "

RefundPayment RefundPaymentOfRow(const Statement& s) {
  return {s.Int(0), s.Text(1), s.Text(2), s.Text(3),  s.Int(4),   s.Text(5), s.Text(6),
          s.Int(7), s.Int(8),  s.Text(9), s.Text(10), s.Text(11), s.Text(12)};
}

}  // namespace

std::vector<RefundPayment> SqlStore::ClaimRefundPayments(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  return Write([&](Connection& db) {
    Statement s(db, RELAIS_REFUND_COLUMNS
                "WHERE status = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id "
                "LIMIT ?");
    s.Bind(now_ms).Bind(limit);
    std::vector<RefundPayment> due;
    while (s.Step()) due.push_back(RefundPaymentOfRow(s));
    for (const RefundPayment& p : due) {
      Statement lease(db, "UPDATE refund_payments SET next_attempt_ms = ? WHERE id = ?");
      lease.Bind(now_ms + lease_ms).Bind(p.id).Run();
    }
    return due;
  });
}

void SqlStore::FinishRefundPayment(int64_t id, const std::string& status, const std::string& error, int64_t retry_at_ms,
                                   const std::string& reference) {
  if (status != "succeeded" && status != "failed" && status != "pending") {
    throw std::invalid_argument("a refund attempt ends succeeded, failed or pending");
  }
  return Write([&](Connection& db) {
    Statement s(db,
                "UPDATE refund_payments SET attempts = attempts + 1, status = ?, last_error = ?, next_attempt_ms = ?, "
                "reference = ?, finished_at = ? WHERE id = ? AND status = 'pending'");
    s.Bind(status).Bind(status == "succeeded" ? "" : error).Bind(retry_at_ms).Bind(reference);
    s.Bind(status == "pending" ? "" : UtcNowIso()).Bind(id).Run();
  });
}

std::optional<RefundPayment> SqlStore::RefundPaymentOf(const std::string& brand, const std::string& return_id) {
  const ReaderLease db(*this);
  Statement s(db, RELAIS_REFUND_COLUMNS "WHERE brand_id = ? AND return_id = ?");
  s.Bind(brand).Bind(return_id);
  if (!s.Step()) return std::nullopt;
  return RefundPaymentOfRow(s);
}

bool SqlStore::RetryRefundPayment(const std::string& brand, const std::string& return_id, int64_t now_ms) {
  return Write([&](Connection& db) {
    Statement s(db,
                "UPDATE refund_payments SET status = 'pending', attempts = 0, next_attempt_ms = ?, last_error = '', "
                "finished_at = '' WHERE brand_id = ? AND return_id = ? AND status = 'failed'");
    s.Bind(now_ms).Bind(brand).Bind(return_id).Run();
    return db.Changes() == 1;
  });
}

}  // namespace relais::edge
